"""Monitoring dashboards: one pairing's plan (its members and staff), a whole programme (its
coordinators). Figures come from ``plans.dashboards``; the templates only draw them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from citybridge.core.views import require
from citybridge.pairings.models import Pairing
from citybridge.plans import dashboards
from citybridge.plans.models import ActionPlan
from citybridge.programmes.models import Programme


@login_required
def pairing(request, slug):
    pairing = get_object_or_404(
        Pairing.objects.select_related("programme").with_cities(), slug=slug
    )
    plan = ActionPlan.objects.filter(pairing=pairing).first()
    if plan is not None:
        plan.pairing = pairing  # reuse the loaded pairing and its cities
    # Ask about a stand-in plan when there is none, so that outsiders get the same 403 whether
    # or not the pairing has a plan (the 404 would otherwise tell them).
    require(request.user, "plans.view_plan_workspace", plan or ActionPlan(pairing=pairing))
    if plan is None:
        raise Http404
    return render(
        request,
        "plans/dashboard_pairing.html",
        {
            "pairing": pairing,
            "plan": plan,
            "figures": dashboards.pairing_figures(plan, today=timezone.localdate()),
            "can_see_programme": request.user.has_perm(
                "programmes.change_programme", pairing.programme
            ),
        },
    )


@login_required
def programme(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    require(request.user, "programmes.change_programme", programme)
    return render(
        request,
        "plans/dashboard_programme.html",
        {
            "programme": programme,
            "figures": dashboards.programme_figures(programme, today=timezone.localdate()),
        },
    )
