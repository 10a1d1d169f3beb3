"""The logged-in workspace: city profiles, departments, stakeholders, people, pairings.

Every view checks its permission through ``core.permissions`` before reading a form; a
refused write answers 403 and changes nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.core.i18n import i18n
from citybridge.core.permissions import roles_of
from citybridge.core.views import require
from citybridge.directory import gazetteer
from citybridge.directory.forms import CityForm, GazetteerSearchForm, OrganisationForm, PersonForm
from citybridge.directory.models import City, Organisation, Person
from citybridge.pairings.forms import (
    AgreementForm,
    InvolvementForm,
    MilestoneForm,
    PairingManageForm,
    PairingSharedForm,
    SignatoryFormSet,
)
from citybridge.pairings.models import Agreement, Pairing, PairingCity


def my_pairings(user):
    """The pairings a user works on: their programmes', their own and their cities'."""
    if user.is_superuser:
        return Pairing.objects.all()
    roles = roles_of(user)
    return Pairing.objects.filter(
        Q(programme_id__in=roles.coordinated_programmes)
        | Q(pk__in=roles.coordinated_pairings)
        | Q(pk__in=PairingCity.objects.filter(city_id__in=roles.member_cities).values("pairing_id"))
    )


@login_required
def home(request):
    roles = roles_of(request.user)
    if request.user.is_superuser:
        cities = City.objects.all()
    else:
        # Own cities, the cities of coordinated programmes, and new cities in no pairing yet.
        mine = Q(pk__in=roles.member_cities)
        if roles.coordinated_programmes:
            mine |= Q(
                pk__in=PairingCity.objects.filter(
                    pairing__programme_id__in=roles.coordinated_programmes
                ).values("city_id")
            ) | ~Q(pk__in=PairingCity.objects.values("city_id"))
        cities = City.objects.filter(mine)
    cities = cities.order_by("slug")
    pairings = my_pairings(request.user).select_related("programme").with_cities()
    return render(
        request,
        "workspace/home.html",
        {
            "cities": list(cities),
            "pairings": list(pairings.order_by("selected_in", "slug")),
            "roles": list(request.user.roles.select_related("programme", "pairing", "city")),
            "can_add_city": request.user.has_perm("directory.add_city"),
        },
    )


# --- Cities ---------------------------------------------------------------------------


@login_required
def city_edit(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.change_city", city)
    form = CityForm(request.POST or None, instance=city)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The city profile has been saved."))
        return redirect("workspace:city", slug=city.slug)
    return render(request, "workspace/city_form.html", {"form": form, "city": city})


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
    form = CityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        city = form.save()
        messages.success(request, _("The city has been added."))
        return redirect("workspace:city", slug=city.slug)
    return render(
        request,
        "workspace/city_form.html",
        {"form": form, "city": None, "search_form": GazetteerSearchForm(), "found": found},
    )


@login_required
def gazetteer_search(request):
    """htmx fragment: gazetteer matches for the "add a city" page."""
    require(request.user, "directory.add_city")
    form = GazetteerSearchForm(request.GET)
    results = []
    if form.is_valid():
        results = gazetteer.search(form.cleaned_data["q"], country=form.cleaned_data["country"] or None)
    known = set(
        City.objects.filter(geonames_id__in=[r.geonames_id for r in results]).values_list("geonames_id", flat=True)
    )
    return render(
        request,
        "workspace/_gazetteer_results.html",
        {"form": form, "results": results, "known": known},
    )


@login_required
def city(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.view_city_workspace", city)
    return render(
        request,
        "workspace/city.html",
        {
            "city": city,
            "organisations": list(city.organisations.order_by("kind", "id")),
            "people": list(Person.objects.filter(organisation__city=city).select_related("organisation")),
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
                "workspace/_organisations.html",
                {
                    "city": city,
                    "organisations": list(city.organisations.order_by("kind", "id")),
                    "can_edit": True,
                    "organisation_form": OrganisationForm(prefix="org"),
                },
            )
        return redirect("workspace:city", slug=city.slug)
    template = "workspace/_organisations.html" if request.htmx else "workspace/organisation_form.html"
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
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("“%(name)s” has been saved.") % {"name": organisation})
        return redirect("workspace:city", slug=organisation.city.slug)
    return render(
        request,
        "workspace/organisation_form.html",
        {"form": form, "city": organisation.city, "organisation": organisation},
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
            messages.error(request, _("This organisation is still referred to and cannot be removed."))
    return redirect("workspace:city", slug=organisation.city.slug)


# --- People -----------------------------------------------------------------------------


@login_required
def person_new(request, slug):
    city = get_object_or_404(City, slug=slug)
    require(request.user, "directory.add_person", city)
    form = PersonForm(request.POST or None, city=city)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The person has been added."))
        return redirect("workspace:city", slug=city.slug)
    return render(request, "workspace/person_form.html", {"form": form, "city": city})


@login_required
def person_edit(request, pk):
    person = get_object_or_404(Person.objects.select_related("organisation__city"), pk=pk)
    require(request.user, "directory.change_person", person)
    city = person.organisation.city if person.organisation and person.organisation.city else None
    if city is None:
        raise Http404  # people of programme bodies belong to no city workspace: see the admin
    form = PersonForm(request.POST or None, instance=person, city=city)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The person has been saved."))
        return redirect("workspace:city", slug=city.slug)
    return render(request, "workspace/person_form.html", {"form": form, "city": city, "person": person})


# --- Pairings ---------------------------------------------------------------------------


def _pairing(slug):
    return get_object_or_404(Pairing.objects.select_related("programme").with_cities(), slug=slug)


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
    if request.method == "POST":
        forms = [shared, *([manage] if manage else []), *(f for _m, f in involvement)]
        if all(f.is_valid() for f in forms):
            with transaction.atomic():
                for f in forms:
                    f.save()
            messages.success(request, _("The pairing has been saved."))
            return redirect("portal:pairing", slug=pairing.slug)
    return render(
        request,
        "workspace/pairing_form.html",
        {
            "pairing": pairing,
            "shared": shared,
            "manage": manage,
            "involvement": involvement,
            "agreements": list(pairing.agreements.all()),
            "milestones": list(pairing.milestones.all()),
            "has_errors": request.method == "POST",
        },
        status=400 if request.method == "POST" else 200,
    )


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
    if request.method == "POST":
        if form.is_valid() and signatories.is_valid():
            with transaction.atomic():
                form.save()
                signatories.save()
            messages.success(request, _("The agreement has been saved."))
            return redirect("workspace:pairing_edit", slug=pairing.slug)
    return render(
        request,
        "workspace/agreement_form.html",
        {"form": form, "signatories": signatories, "pairing": pairing},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def milestone_new(request, slug):
    pairing = _pairing(slug)
    require(request.user, "pairings.change_pairing", pairing)
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        milestone = form.save(commit=False)
        milestone.pairing = pairing
        milestone.save()
        messages.success(request, _("The milestone has been added to the timeline."))
        return redirect("workspace:pairing_edit", slug=pairing.slug)
    return render(request, "workspace/milestone_form.html", {"form": form, "pairing": pairing})
