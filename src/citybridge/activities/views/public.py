"""Public activity pages: one activity (agenda in two time zones, delegation counts, outcomes,
gallery and materials) and the programme calendar (list and month views, with filters)."""

import calendar as calendar_module
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from citybridge.activities import selectors
from citybridge.activities.enums import ActivityKind
from citybridge.activities.models import Activity, Material
from citybridge.core.limits import within_date_limits
from citybridge.core.page_cache import cache_for_anonymous
from citybridge.core.storage import serve_private
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing
from citybridge.programmes.models import Programme


@cache_for_anonymous
def detail(request, pk):
    try:
        activity = selectors.activity_detail(pk)
    except Activity.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("activities.view_activity", activity):
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    materials = selectors.visible_materials(activity.materials.all(), request.user)
    for item in activity.agenda_items.all():
        item.visible_materials = selectors.visible_materials(item.materials.all(), request.user)
    return render(
        request,
        "activities/detail.html",
        {
            "activity": activity,
            "zones": selectors.activity_zones(activity, request.user),
            "host_zone": activity.host_city.time_zone,
            "days": selectors.agenda_by_day(activity),
            "delegations": selectors.delegation_counts(activity),
            "photos": [m for m in materials if m.is_image],
            "documents": [m for m in materials if not m.is_image],
            "can_edit": request.user.has_perm("activities.change_activity", activity),
        },
    )


def _month(value: str | None) -> date | None:
    """The month asked for in ``?month=YYYY-MM``, if it is a month people may enter dates in."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    return first if within_date_limits(first) else None


@cache_for_anonymous
def calendar(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    pairings = list(Pairing.objects.public().filter(programme=programme).with_cities())
    cities = City.objects.filter(memberships__pairing__in=pairings).distinct().order_by("slug")
    chosen_pairing = next((p for p in pairings if p.slug == request.GET.get("pairing")), None)
    chosen_city = next((c for c in cities if c.slug == request.GET.get("city")), None)
    kind = request.GET.get("kind") if request.GET.get("kind") in ActivityKind.values else ""
    activities = selectors.with_list_zones(
        list(
            selectors.calendar_activities(
                programme, pairing=chosen_pairing, city=chosen_city, kind=kind
            )
        ),
        programme_zone_list=selectors.programme_zones(programme),
        user=request.user,
    )
    now = timezone.now()
    view = "month" if request.GET.get("view") == "month" else "list"
    context = {
        "programme": programme,
        "pairings": pairings,
        "cities": list(cities),
        "kinds": ActivityKind.choices,
        "chosen": {"pairing": chosen_pairing, "city": chosen_city, "kind": kind},
        "upcoming": [a for a in activities if a.ends_at >= now],
        "past": [a for a in reversed(activities) if a.ends_at < now],
        "view": view,
    }
    if view == "month":
        shown = [a for a in activities if within_date_limits(a.starts_at, a.ends_at)]
        month = _month(request.GET.get("month")) or (
            shown[-1].starts_at.date().replace(day=1)
            if shown and shown[-1].ends_at < now
            else now.date().replace(day=1)
        )
        # An activity stored before the date limits (year 9999) cannot sit in a month grid.
        context.update(_month_grid(month, shown))
    return render(request, "activities/calendar.html", context)


def _month_grid(month: date, activities) -> dict:
    """Weeks of the month, each day with the activities that run on it (host-city dates)."""
    weeks = []
    for week in calendar_module.Calendar(firstweekday=0).monthdatescalendar(
        month.year, month.month
    ):
        days = []
        for day in week:
            on_day = [
                a
                for a in activities
                if a.starts_at.astimezone(a.host_zone).date()
                <= day
                <= a.ends_at.astimezone(a.host_zone).date()
            ]
            days.append({"date": day, "in_month": day.month == month.month, "activities": on_day})
        weeks.append(days)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return {"month": month, "weeks": weeks, "previous_month": previous, "next_month": following}


def _material(request, pk) -> Material:
    material = get_object_or_404(
        Material.objects.select_related(
            "activity__pairing", "agenda_item__activity__pairing", "agreement__pairing", "pairing"
        ),
        pk=pk,
    )
    if not request.user.has_perm("activities.view_material", material):
        raise Http404  # do not confirm that a members-only file exists
    return material


def material_file(request, pk):
    material = _material(request, pk)
    if not material.file:
        raise Http404
    return serve_private(
        material.file,
        name=material.original_name or material.file.name.rsplit("/", 1)[-1],
        mime_type=material.mime_type,
    )


def material_thumbnail(request, pk):
    material = _material(request, pk)
    if not material.thumbnail:
        raise Http404
    return serve_private(material.thumbnail, name="thumbnail.jpg", mime_type="image/jpeg")
