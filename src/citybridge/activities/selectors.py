"""Reads for activity pages, with their joins, and the time zones each page shows."""

from collections import Counter, OrderedDict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch

from citybridge.accounts.services import time_zone_of
from citybridge.activities.models import Activity, AgendaItem, Material, Participation
from citybridge.activities.times import ordered_zones, to_zone
from citybridge.directory.models import Organisation
from citybridge.pairings.models import PairingCity


def viewer_zone(user) -> str | None:
    """The viewer's own time zone: the one they chose in their settings, else their linked
    person's city's (``accounts.services.time_zone_of``)."""
    return time_zone_of(user)


def activity_zones(activity: Activity, user=None) -> list[str]:
    """Host zone first, then the partner cities' zones, then the viewer's own."""
    if activity.pairing_id:
        others = [m.city.time_zone for m in activity.pairing.ordered_memberships]
    else:
        others = sorted(
            set(
                PairingCity.objects.filter(pairing__programme_id=activity.programme_id).values_list(
                    "city__time_zone", flat=True
                )
            )
        )
    return ordered_zones(activity.host_city.time_zone, others, viewer_zone(user) if user else None)


def activity_detail(pk: int) -> Activity:
    items = AgendaItem.objects.prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.select_related("city")), "materials"
    ).order_by("starts_at", "order", "id")
    return (
        Activity.objects.select_related("programme", "host_city", "pairing__programme")
        .prefetch_related(
            Prefetch("agenda_items", queryset=items),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related(
                    "person__organisation", "city"
                ).order_by("city_id", "role", "person__name"),
            ),
            Prefetch("materials", queryset=Material.objects.order_by("-created_at")),
            Prefetch(
                "pairing__memberships",
                queryset=PairingCity.objects.select_related("city").order_by("order"),
            ),
        )
        .get(pk=pk)
    )


def agenda_by_day(activity: Activity) -> "OrderedDict[date, list[AgendaItem]]":
    zone = activity.host_city.time_zone
    days: OrderedDict[date, list[AgendaItem]] = OrderedDict()
    for item in activity.agenda_items.all():
        days.setdefault(to_zone(item.starts_at, zone).date(), []).append(item)
    return days


def delegation_counts(activity: Activity) -> list[tuple]:
    """(city, number of participants) for each delegation, largest first; None = no city."""
    counts = Counter(p.city for p in activity.participations.all())
    return sorted(counts.items(), key=lambda pair: (-pair[1], str(pair[0] or "")))


def publicly_visible(activity: Activity | None) -> Activity | None:
    """``activity`` if anyone may see it (the ``activities.view_activity`` rule for a visitor
    who is not signed in), else None: for documents everyone reads, such as a plan's PDF."""
    if activity is not None and AnonymousUser().has_perm("activities.view_activity", activity):
        return activity
    return None


def visible_materials(materials, user) -> list[Material]:
    """The materials ``user`` may see, decided by the ``activities.view_material`` rule alone
    (a "public" material is no more visible than what it is attached to). Load each
    material's owner with it, as the pages do, or this queries per material."""
    return [m for m in materials if user.has_perm("activities.view_material", m)]


def month_bounds(month: date) -> tuple[datetime, datetime]:
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return (
        datetime.combine(first, time(0), tzinfo=ZoneInfo("UTC")) - timedelta(days=1),
        datetime.combine(following, time(0), tzinfo=ZoneInfo("UTC")) + timedelta(days=1),
    )


def calendar_activities(programme, *, pairing=None, city=None, kind=None):
    """Public activities of a programme, optionally filtered, with what the list shows."""
    qs = (
        Activity.objects.public()
        .filter(programme=programme)
        .select_related("host_city", "pairing")
        .prefetch_related(
            Prefetch(
                "pairing__memberships",
                queryset=PairingCity.objects.select_related("city").order_by("order"),
            )
        )
    )
    if pairing is not None:
        qs = qs.filter(pairing=pairing)
    if city is not None:
        qs = qs.filter(pairing__memberships__city=city) | qs.filter(host_city=city)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.distinct().order_by("starts_at", "id")


def programme_zones(programme) -> list[str]:
    return sorted(
        set(
            PairingCity.objects.filter(pairing__programme=programme).values_list(
                "city__time_zone", flat=True
            )
        )
    )


def with_list_zones(activities, *, programme_zone_list: list[str], user=None):
    """Set ``list_zones`` on each activity: host, partner cities (from the prefetched pairing,
    or the programme's zones for programme-wide activities), then the viewer's own."""
    own = viewer_zone(user) if user is not None else None
    for activity in activities:
        if activity.pairing_id:
            others = [m.city.time_zone for m in activity.pairing.ordered_memberships]
        else:
            others = programme_zone_list
        activity.list_zones = ordered_zones(activity.host_city.time_zone, others, own)
    return activities
