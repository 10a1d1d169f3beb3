from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from citybridge.activities import selectors as activity_selectors
from citybridge.activities.models import Activity
from citybridge.core.page_cache import cache_for_anonymous
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing
from citybridge.plans import selectors as plan_selectors
from citybridge.portal import selectors
from citybridge.portal.maps import pairing_map
from citybridge.programmes.models import Programme


@cache_for_anonymous
def home(request):
    programmes = list(Programme.objects.order_by("-start_date", "id"))
    return render(request, "portal/home.html", {"programmes": programmes})


@cache_for_anonymous
def programme(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    pairings = selectors.programme_pairings(programme, request.user)
    return render(
        request,
        "portal/programme.html",
        {
            "programme": programme,
            "pairings": pairings,
            "figures": selectors.programme_figures(pairings),
            "map": pairing_map(pairings),
            "themes": selectors.themes_of(programme),
        },
    )


@cache_for_anonymous
def city(request, slug):
    try:
        city = selectors.city_detail(slug)
    except City.DoesNotExist:
        raise Http404 from None
    pairings = list(
        selectors.visible_pairings(request.user)
        .filter(memberships__city=city)
        .select_related("programme")
        .with_cities()
    )
    return render(request, "portal/city.html", {"city": city, "pairings": pairings})


@cache_for_anonymous
def pairing(request, slug):
    try:
        pairing = selectors.pairing_detail(slug)
    except Pairing.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("pairings.view_pairing", pairing):
        # A proposed pairing is internal: the public gets "not found", not a hint it exists.
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    activities = list(
        Activity.objects.filter(pairing=pairing).select_related("host_city").order_by("starts_at")
    )
    for activity in activities:
        activity.pairing = pairing  # already loaded with its cities
    activity_selectors.with_list_zones(activities, programme_zone_list=[], user=request.user)
    now = timezone.now()
    materials = selectors.pairing_materials(pairing, request.user)
    return render(
        request,
        "portal/pairing.html",
        {
            "pairing": pairing,
            "agreements": selectors.visible_agreements(pairing.agreements.all(), request.user),
            "published_plan": plan_selectors.published_plans().filter(pairing=pairing).first(),
            "photos": [m for m in materials if m.is_image],
            "documents": [m for m in materials if not m.is_image],
            "upcoming_activities": [a for a in activities if a.ends_at >= now],
            "past_activities": [a for a in reversed(activities) if a.ends_at < now],
            "memberships": pairing.ordered_memberships,
            "timeline": selectors.timeline(pairing),
            "can_edit": request.user.has_perm("pairings.change_pairing", pairing),
        },
    )
