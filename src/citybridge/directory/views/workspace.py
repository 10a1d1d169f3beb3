"""Workspace pages for a city's profile, departments, stakeholders and people."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.core.i18n import i18n
from citybridge.core.views import form_page, require
from citybridge.directory import gazetteer
from citybridge.directory.forms import CityForm, GazetteerSearchForm, OrganisationForm, PersonForm
from citybridge.directory.models import City, Organisation, Person

# --- Cities ---------------------------------------------------------------------------


@login_required
def city_edit(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.change_city", city)
    return form_page(
        request,
        CityForm(request.POST or None, instance=city),
        "directory/city_form.html",
        {"city": city},
        message=_("The city profile has been saved."),
        success_url=reverse("workspace:city", kwargs={"slug": city.slug}),
    )


@login_required
def city_new(request):
    require(request.user, "directory.add_city")
    initial = {}
    found = None
    if request.method == "GET" and request.GET.get("geonames_id", "").isdigit():
        found = gazetteer.get(int(request.GET["geonames_id"]))
        if found:
            initial = {
                "name": i18n(en=found.name, ja=found.name_ja),
                "country": found.country,
                "continent": found.continent,
                "population": found.population,
                "latitude": found.latitude,
                "longitude": found.longitude,
                "time_zone": found.time_zone,
                "geonames_id": found.geonames_id,
            }
    return form_page(
        request,
        CityForm(request.POST or None, initial=initial),
        "directory/city_form.html",
        {"city": None, "search_form": GazetteerSearchForm(), "found": found},
        message=_("The city has been added."),
        success_url=lambda city: reverse("workspace:city", kwargs={"slug": city.slug}),
    )


@login_required
def gazetteer_search(request):
    """htmx fragment: gazetteer matches for the "add a city" page."""
    require(request.user, "directory.add_city")
    form = GazetteerSearchForm(request.GET)
    results = []
    if form.is_valid():
        results = gazetteer.search(
            form.cleaned_data["q"], country=form.cleaned_data["country"] or None
        )
    known = set(
        City.objects.filter(geonames_id__in=[r.geonames_id for r in results]).values_list(
            "geonames_id", flat=True
        )
    )
    return render(
        request,
        "directory/_gazetteer_results.html",
        {"form": form, "results": results, "known": known},
    )


@login_required
def city(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.view_city_workspace", city)
    return render(
        request,
        "directory/city.html",
        {
            "city": city,
            "organisations": list(city.organisations.order_by("kind", "id")),
            "people": list(
                Person.objects.filter(organisation__city=city).select_related("organisation")
            ),
            "can_edit": request.user.has_perm("directory.change_city", city),
            "organisation_form": OrganisationForm(prefix="org"),
        },
    )


# --- Organisations ----------------------------------------------------------------------


@login_required
def organisation_new(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.add_organisation", city)
    form = OrganisationForm(request.POST or None, prefix="org")
    if request.method == "POST" and form.is_valid():
        organisation = form.save(commit=False)
        organisation.city = city
        organisation.save()
        messages.success(request, _("“%(name)s” has been added.") % {"name": organisation})
        if request.htmx:
            # Re-render the list in place, with a fresh empty form for the next one.
            return render(
                request,
                "directory/_organisations.html",
                {
                    "city": city,
                    "organisations": list(city.organisations.order_by("kind", "id")),
                    "can_edit": True,
                    "organisation_form": OrganisationForm(prefix="org"),
                },
            )
        return redirect("workspace:city", slug=city.slug)
    template = (
        "directory/_organisations.html" if request.htmx else "directory/organisation_form.html"
    )
    return render(
        request,
        template,
        {
            "city": city,
            "form": form,
            "organisation_form": form,
            "organisations": list(city.organisations.order_by("kind", "id")),
            "can_edit": True,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def organisation_edit(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("city"), pk=pk)
    require(request.user, "directory.change_organisation", organisation)
    return form_page(
        request,
        OrganisationForm(request.POST or None, instance=organisation),
        "directory/organisation_form.html",
        {"city": organisation.city, "organisation": organisation},
        message=_("The organisation has been saved."),
        success_url=reverse("workspace:city", kwargs={"slug": organisation.city.slug}),
    )


@login_required
@require_POST
def organisation_delete(request, pk):
    organisation = get_object_or_404(Organisation.objects.select_related("city"), pk=pk)
    require(request.user, "directory.delete_organisation", organisation)
    if organisation.pairing_memberships.exists() or organisation.people.exists():
        messages.error(
            request,
            _("“%(name)s” is involved in a pairing or has people; remove those links first.")
            % {"name": organisation},
        )
    else:
        try:
            organisation.delete()
            messages.success(request, _("The organisation has been removed."))
        except ProtectedError:
            messages.error(
                request, _("This organisation is still referred to and cannot be removed.")
            )
    return redirect("workspace:city", slug=organisation.city.slug)


# --- People -----------------------------------------------------------------------------


@login_required
def person_new(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.add_person", city)
    return form_page(
        request,
        PersonForm(request.POST or None, city=city),
        "directory/person_form.html",
        {"city": city},
        message=_("The person has been added."),
        success_url=reverse("workspace:city", kwargs={"slug": city.slug}),
    )


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.select_related("organisation__city"), pk=pk)
    require(request.user, "directory.change_person", person)
    city = person.organisation.city if person.organisation and person.organisation.city else None
    if city is None:
        raise Http404  # people of programme bodies belong to no city workspace: see the admin
    return form_page(
        request,
        PersonForm(request.POST or None, instance=person, city=city),
        "directory/person_form.html",
        {"city": city, "person": person},
        message=_("The person has been saved."),
        success_url=reverse("workspace:city", kwargs={"slug": city.slug}),
    )
