"""Calls, for everyone: the list of calls and a call's page (with "apply" for a city's editors)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from citybridge.access.rules import roles_of
from citybridge.calls import selectors
from citybridge.calls.models import Application, Call
from citybridge.core.page_cache import cache_for_anonymous
from citybridge.directory.models import City


@cache_for_anonymous
def call_list(request):
    calls = selectors.visible_calls(
        coordinated_programmes=roles_of(request.user).coordinated_programmes,
        everything=request.user.is_superuser,
    )
    calls = list(calls.select_related("programme"))
    now = timezone.now()
    return render(
        request,
        "calls/list.html",
        {
            "open_calls": [c for c in calls if c.is_open(now)],
            "other_calls": [c for c in calls if not c.is_open(now)],
        },
    )


@cache_for_anonymous
def detail(request, slug):
    call = get_object_or_404(
        Call.objects.select_related("programme").prefetch_related("themes", "criteria"), slug=slug
    )
    if not request.user.has_perm("calls.view_call", call):
        raise Http404  # an unpublished call is not there for those who may not see it
    my_cities = []
    if request.user.is_authenticated:
        my_cities = [
            c
            for c in City.objects.filter(pk__in=roles_of(request.user).edited_cities).order_by(
                "slug"
            )
            if call.side_of(c.country.code)
        ]
    existing = {a.city_id: a for a in Application.objects.filter(call=call, city__in=my_cities)}
    office_cities = []
    if (
        call.is_published
        and call.is_open()
        and request.user.has_perm("calls.apply_on_behalf", call)
    ):
        # Cities of the call's countries without an application yet, for the programme office.
        office_cities = list(
            City.objects.filter(country__in=[*call.side_a_countries, *call.side_b_countries])
            .exclude(applications__call=call)
            .order_by("country", "slug")
        )
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "is_open": call.is_open(),
            "my_cities": [(c, existing.get(c.pk)) for c in my_cities],
            "can_manage": request.user.has_perm("calls.manage_call", call),
            "office_cities": office_cities,
        },
    )
