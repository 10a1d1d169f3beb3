"""Workspace pages for programme coordinators: programme details and themes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from citybridge.core.views import form_page, require
from citybridge.pairings.models import Pairing
from citybridge.programmes.forms import ProgrammeForm, ThemeForm
from citybridge.programmes.models import Programme, Theme
from citybridge.programmes.selectors import themes_of


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
        "programmes/programme.html",
        {
            "programme": programme,
            "pairings": list(pairings),
            "themes": themes_of(programme),
            "activities": list(programme.activities.filter(pairing=None).order_by("-starts_at")),
            "calls": list(programme.calls.order_by("-opens_at")),
        },
    )


@login_required
def programme_new(request):
    """A new programme, by a superuser or someone who coordinates one already; they become
    its first coordinator (``access.services.start_programme``)."""
    from citybridge.access.services import start_programme

    require(request.user, "programmes.add_programme")
    form = ProgrammeForm(request.POST or None, instance=Programme())
    if request.method == "POST" and form.is_valid():
        # A new record: no one else can have saved it since the form was opened.
        programme = start_programme(form, by=request.user)
        messages.success(request, _("The programme has been created. Add its themes next."))
        return redirect("workspace:programme", slug=programme.slug)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form, "programme": None},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def programme_edit(request, slug):
    programme = _programme(request, slug)
    return form_page(
        request,
        ProgrammeForm(request.POST or None, instance=programme),
        "programmes/programme_form.html",
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
        "programmes/theme_form.html",
        {"programme": programme, "theme": theme if pk else None},
        message=_("The theme has been saved."),
        success_url=reverse("workspace:programme", kwargs={"slug": programme.slug}),
    )
