"""Workspace pages for a pairing: a new pairing, its shared details, agreements and timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.activities.models import Material
from citybridge.core.revisions import form_changed, save_form, save_formset
from citybridge.core.views import form_page, form_status, require, try_save
from citybridge.pairings.forms import (
    AgreementForm,
    AgreementVersionFormSet,
    InvolvementForm,
    MilestoneForm,
    NewPairingForm,
    PairingManageForm,
    PairingSharedForm,
    SignatoryFormSet,
)
from citybridge.pairings.models import Agreement, Milestone, Pairing
from citybridge.pairings.services import create_pairing
from citybridge.programmes.models import Programme

# --- Pairings ---------------------------------------------------------------------------


def _pairing(slug):
    return get_object_or_404(Pairing.objects.select_related("programme").with_cities(), slug=slug)


@login_required
def pairing_new(request, slug):
    """Pair two or three cities by hand; the pairing starts as proposed (not public)."""
    programme = get_object_or_404(Programme, slug=slug)
    require(request.user, "programmes.change_programme", programme)
    form = NewPairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        pairing = create_pairing(
            programme=programme,
            cities=form.cities,
            status=form.cleaned_data["status"],
            selected_in=form.cleaned_data["selected_in"],
        )
        messages.success(
            request, _("The pairing %(pairing)s has been created.") % {"pairing": pairing}
        )
        return redirect("workspace:pairing_edit", slug=pairing.slug)
    return render(
        request,
        "pairings/pairing_new.html",
        {"form": form, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def pairing_edit(request, slug):
    pairing = _pairing(slug)
    require(request.user, "pairings.change_pairing", pairing)
    can_manage = request.user.has_perm("pairings.manage_pairing", pairing)
    memberships = pairing.ordered_memberships
    data = request.POST if request.method == "POST" else None
    shared = PairingSharedForm(data, instance=pairing, prefix="shared")
    manage = PairingManageForm(data, instance=pairing, prefix="manage") if can_manage else None
    involvement = [
        (m, InvolvementForm(data, instance=m, prefix=f"city{m.pk}"))
        for m in memberships
        if request.user.has_perm("pairings.change_pairingcity", m)
    ]
    involvement_forms = [f for _m, f in involvement]
    if request.method == "POST":
        forms = [shared, *([manage] if manage else []), *involvement_forms]
        if all(f.is_valid() for f in forms) and try_save(
            shared, by=request.user, save=_save_pairing(request, manage, involvement_forms)
        ):
            messages.success(request, _("The pairing has been saved."))
            return redirect("portal:pairing", slug=pairing.slug)
    return render(
        request,
        "pairings/pairing_form.html",
        {
            "pairing": pairing,
            "shared": shared,
            "manage": manage,
            "involvement": involvement,
            "agreements": list(pairing.agreements.all()),
            "milestones": list(pairing.milestones.all()),
            "activities": list(pairing.activities.order_by("-starts_at")),
            "materials": list(
                Material.objects.filter(
                    Q(pairing=pairing) | Q(agreement__pairing=pairing)
                ).select_related("agreement")
            ),
        },
        status=form_status(request, shared, *involvement_forms),
    )


def _save_pairing(request, manage, involvement_forms):
    """One transaction: the pairing (its shared details and, for the staff, the programme
    settings, both validated onto the same object, so one version), then each city's
    involvement, each against the revision it was opened at."""

    def save(shared):
        with transaction.atomic():
            pairing = shared.instance
            if form_changed(shared) or (manage is not None and form_changed(manage)):
                pairing = save_form(shared, by=request.user)
            for form in involvement_forms:
                save_form(form, by=request.user, skip_unchanged=True)
        return pairing

    return save


@login_required
def agreement_edit(request, slug, pk=None):
    pairing = _pairing(slug)
    if pk is None:
        require(request.user, "pairings.add_agreement", pairing)
        agreement = Agreement(pairing=pairing)
    else:
        agreement = get_object_or_404(Agreement, pk=pk, pairing=pairing)
        require(request.user, "pairings.change_agreement", agreement)
    data = request.POST if request.method == "POST" else None
    form = AgreementForm(data, request.FILES or None, instance=agreement)
    signatories = SignatoryFormSet(
        data, instance=agreement, prefix="signatories", form_kwargs={"pairing": pairing}
    )
    versions = AgreementVersionFormSet(
        data, request.FILES or None, instance=agreement, prefix="versions"
    )
    valid = form.is_valid() and signatories.is_valid() and versions.is_valid()
    if request.method == "POST" and valid:
        if try_save(form, by=request.user, save=_save_agreement(request, signatories, versions)):
            messages.success(request, _("The agreement has been saved."))
            return redirect("workspace:pairing_edit", slug=pairing.slug)
    return render(
        request,
        "pairings/agreement_form.html",
        {"form": form, "signatories": signatories, "versions": versions, "pairing": pairing},
        status=form_status(request, form, *signatories.forms, *versions.forms),
    )


def _save_agreement(request, signatories, versions):
    def save(form):
        with transaction.atomic():
            agreement = save_form(form, by=request.user, skip_unchanged=True)
            save_formset(signatories, by=request.user)
            save_formset(versions, by=request.user)
        return agreement

    return save


@login_required
def milestone_edit(request, slug, pk=None):
    pairing = _pairing(slug)
    require(request.user, "pairings.change_pairing", pairing)
    milestone = (
        get_object_or_404(Milestone, pk=pk, pairing=pairing) if pk else Milestone(pairing=pairing)
    )
    return form_page(
        request,
        MilestoneForm(request.POST or None, instance=milestone),
        "pairings/milestone_form.html",
        {"pairing": pairing, "milestone": milestone if pk else None},
        message=_("The timeline has been saved."),
        success_url=reverse("workspace:pairing_edit", kwargs={"slug": pairing.slug}),
    )


@login_required
@require_POST
def milestone_delete(request, slug, pk):
    pairing = _pairing(slug)
    require(request.user, "pairings.change_pairing", pairing)
    get_object_or_404(Milestone, pk=pk, pairing=pairing).delete()
    messages.success(request, _("The milestone has been removed from the timeline."))
    return redirect("workspace:pairing_edit", slug=pairing.slug)
