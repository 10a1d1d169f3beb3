"""Workspace pages for programme coordinators: programme details, themes, new pairings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from citybridge.core.views import form_page, require
from citybridge.pairings.forms import NewPairingForm
from citybridge.pairings.models import Pairing
from citybridge.pairings.services import create_pairing
from citybridge.portal.selectors import themes_of
from citybridge.programmes.forms import ProgrammeForm, ThemeForm
from citybridge.programmes.models import Programme, Theme


def _programme(request, slug) -> Programme:
    programme = get_object_or_404(Programme, slug=slug)
    require(request.user, "programmes.change_programme", programme)
    return programme


@login_required
def programme(request, slug):
    programme = _programme(request, slug)
    pairings = (
        Pairing.objects.filter(programme=programme)
        .with_cities()
        .order_by("status", "selected_in", "slug")
    )
    return render(
        request,
        "workspace/programme.html",
        {
            "programme": programme,
            "pairings": list(pairings),
            "themes": themes_of(programme),
            "activities": list(programme.activities.filter(pairing=None).order_by("-starts_at")),
            "calls": list(programme.calls.order_by("-opens_at")),
        },
    )


@login_required
def programme_edit(request, slug):
    programme = _programme(request, slug)
    return form_page(
        request,
        ProgrammeForm(request.POST or None, instance=programme),
        "workspace/programme_form.html",
        {"programme": programme},
        message=_("The programme has been saved."),
        success_url=reverse("workspace:programme", kwargs={"slug": programme.slug}),
    )


@login_required
def theme_edit(request, slug, pk=None):
    programme = _programme(request, slug)
    theme = (
        get_object_or_404(Theme, pk=pk, programme=programme) if pk else Theme(programme=programme)
    )
    return form_page(
        request,
        ThemeForm(request.POST or None, instance=theme),
        "workspace/theme_form.html",
        {"programme": programme, "theme": theme if pk else None},
        message=_("The theme has been saved."),
        success_url=reverse("workspace:programme", kwargs={"slug": programme.slug}),
    )


@login_required
def pairing_new(request, slug):
    """Pair two or three cities by hand; the pairing starts as proposed (not public)."""
    programme = _programme(request, slug)
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
        "workspace/pairing_new.html",
        {"form": form, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )
