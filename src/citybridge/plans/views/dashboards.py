"""Monitoring dashboards: one pairing's plan (its members and staff), a whole programme (its
coordinators). Figures come from ``plans.dashboards``; the templates only draw them."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from citybridge.core.cache_stamp import read_stamp
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
    today = timezone.localdate()
    # The figures are the same for every coordinator who may see them: the template keeps
    # them, drawn, in the cache until the data changes (the data stamp) or the day does, and
    # they are computed only when the kept copy is out of date.
    stamp, _found = read_stamp()
    return render(
        request,
        "plans/dashboard_programme.html",
        {
            "programme": programme,
            "today": today,
            "figures": SimpleLazyObject(
                lambda: dashboards.programme_figures(programme, today=today)
            ),
            "data_stamp": stamp,
            "cache_seconds": settings.CITYBRIDGE_PAGE_CACHE_SECONDS,
        },
    )
