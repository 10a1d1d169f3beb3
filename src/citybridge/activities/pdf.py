"""The agenda of an activity as a printable PDF (A4), in one language.

Rendered from ``activities/agenda_pdf.html`` by ``core.pdf.html_to_pdf`` (WeasyPrint, imported
lazily, offline: the stylesheet is inline, fonts come from the system, so Japanese has real
glyphs, and any URL other than ``data:`` is refused).
"""

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from django.template.loader import render_to_string
from django.utils import translation

from citybridge.activities import selectors
from citybridge.activities.enums import ParticipantRole
from citybridge.activities.models import Activity, Participation
from citybridge.activities.times import format_in_zones, to_zone
from citybridge.core.pdf import html_to_pdf

ROLE_ORDER = {role: index for index, role in enumerate(ParticipantRole.values)}


@dataclass
class AgendaDay:
    day: date
    items: list = field(default_factory=list)


@dataclass
class DelegationGroup:
    city: object  # a City, or None for people who belong to no city's delegation
    participations: list


def _language_name(code: str) -> str:
    if not code:
        return ""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _agenda_days(activity: Activity, zones: list[str]) -> list[AgendaDay]:
    """The agenda grouped by day in the host city's zone (the same grouping as the pages)."""
    return [
        AgendaDay(
            day,
            [
                {
                    "item": item,
                    "starts": format_in_zones(item.starts_at, zones),
                    "ends": format_in_zones(item.ends_at, zones) if item.ends_at else "",
                    "organisations": list(item.organisations.all()),
                    "language_name": _language_name(item.language),
                }
                for item in items
            ],
        )
        for day, items in selectors.agenda_by_day(activity).items()
    ]


def ordered_participations(activity: Activity) -> list[Participation]:
    """The activity's participants by delegation (the pairing's cities in their order, then
    other cities, then people of no delegation), by role (head first), then by name.

    The agenda PDF and the participant lists (``activities.views.files``) share this order.
    """
    city_order = {}
    if activity.pairing_id is not None:
        city_order = {m.city_id: m.order for m in activity.pairing.ordered_memberships}
    return sorted(
        activity.participations.all(),  # prefetched by selectors.activity_detail
        key=lambda p: (
            p.city_id is None,
            city_order.get(p.city_id, len(city_order)),
            p.city_id or 0,
            ROLE_ORDER.get(p.role, len(ROLE_ORDER)),
            p.person.name.casefold(),
            p.pk,
        ),
    )


def by_delegation(participations: list[Participation]) -> list[DelegationGroup]:
    """Consecutive participations of the same delegation city, as groups."""
    return [
        DelegationGroup(city=group[0].city, participations=group)
        for group in (list(g) for _city, g in groupby(participations, key=lambda p: p.city_id))
    ]


def agenda_context(activity: Activity, *, include_participants: bool = False) -> dict:
    """What ``agenda_pdf.html`` shows, in the active language."""
    zones = selectors.activity_zones(activity)
    return {
        "activity": activity,
        "language": translation.get_language(),
        "zones": zones,
        "starts_on": to_zone(activity.starts_at, zones[0]).date(),
        "ends_on": to_zone(activity.ends_at, zones[0]).date(),
        "starts": format_in_zones(activity.starts_at, zones),
        "ends": format_in_zones(activity.ends_at, zones),
        "pairing_cities": [m.city for m in activity.pairing.ordered_memberships]
        if activity.pairing_id
        else [],
        "days": _agenda_days(activity, zones),
        "delegation": by_delegation(ordered_participations(activity))
        if include_participants
        else None,
    }


def render_agenda_pdf(
    activity: Activity, *, language: str, include_participants: bool = False
) -> bytes:
    """The agenda of ``activity`` as PDF bytes, with UI strings and content in ``language``.

    ``include_participants`` adds the delegation (names, roles): personal data, so only for
    people who may manage the activity. ``activity`` is best read with
    :func:`citybridge.activities.selectors.activity_detail` (host city and pairing cities in one go).
    """
    with translation.override(language):
        html = render_to_string(
            "activities/agenda_pdf.html",
            agenda_context(activity, include_participants=include_participants),
        )
    return html_to_pdf(html)
