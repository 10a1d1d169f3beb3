"""iCalendar (RFC 5545) for activities: the one builder behind every feed and the
single-activity file.

Keep it the only place that turns activities into VEVENTs: two builders drift apart (pretix's
public and private ones did, and one of them produced wrong UIDs).

Times are stored in UTC and written as wall-clock times in the host city's zone
(``DTSTART;TZID=Europe/Rome:20181027T100000``) with a VTIMEZONE for every zone used, so that
clients show the event at the right instant on both sides of a daylight-saving change and
still know where it happens.
"""

from collections.abc import Iterable
from datetime import UTC, date, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation

from citybridge.activities.enums import ActivityStatus
from citybridge.core.i18n import localize
from citybridge.core.limits import within_date_limits

PRODID = "-//CityBridge//CityBridge//EN"

STATUS = {
    ActivityStatus.PLANNED: "TENTATIVE",
    ActivityStatus.CONFIRMED: "CONFIRMED",
    ActivityStatus.HELD: "CONFIRMED",
    # Cancelled activities stay in feeds so that subscribed clients drop or mark them.
    ActivityStatus.CANCELLED: "CANCELLED",
}


def event_uid(activity) -> str:
    """The VEVENT UID: derived from ``activity.uid`` only, so it never changes."""
    return f"{activity.uid}@citybridge"


def build_calendar(activities: Iterable, *, name: str, language: str, base_url: str) -> bytes:
    """A VCALENDAR of ``activities`` with texts in ``language`` (falling back as pages do).

    Each activity needs ``host_city`` and its ``agenda_items`` loaded (``select_related`` /
    ``prefetch_related``), or this makes queries per activity. ``base_url`` is the site's
    scheme and host without a trailing slash, e.g. ``https://citybridge.example.org``.
    """
    import icalendar  # heavy, and needed by the calendar views only

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)

    first_day = last_day = None
    for activity in activities:
        if not within_date_limits(activity.starts_at, activity.ends_at):
            continue  # stored before the limits (year 9999): no calendar client can hold it
        calendar.add_component(_event(icalendar, activity, language=language, base_url=base_url))
        start, end = activity.starts_at.date(), activity.ends_at.date()
        first_day = start if first_day is None else min(first_day, start)
        last_day = end if last_day is None else max(last_day, end)

    if first_day is not None:
        # VTIMEZONEs that list the transitions of the years the events fall in, not of
        # 1970–2038 (icalendar's default): same correctness, a far smaller feed.
        calendar.add_missing_timezones(
            first_date=date(first_day.year - 1, 1, 1), last_date=date(last_day.year + 2, 1, 1)
        )
    return calendar.to_ical()


def _event(icalendar, activity, *, language: str, base_url: str):
    zone = ZoneInfo(activity.host_city.time_zone)
    event = icalendar.Event()
    event.add("uid", event_uid(activity))
    event.add("sequence", activity.sequence)
    updated = activity.updated_at.astimezone(UTC)
    event.add("dtstamp", updated)
    event.add("last-modified", updated)
    if activity.all_day:
        # Whole days in the host city; DTEND is exclusive (RFC 5545 3.6.1).
        event.add("dtstart", activity.starts_at.astimezone(zone).date())
        event.add("dtend", activity.ends_at.astimezone(zone).date() + timedelta(days=1))
    else:
        event.add("dtstart", activity.starts_at.astimezone(zone))
        event.add("dtend", activity.ends_at.astimezone(zone))
    event.add("summary", localize(activity.title, language).text)
    description = _description(activity, zone, language)
    if description:
        event.add("description", description)
    event.add("location", _location(activity, language))
    with translation.override("en"):  # one address for every subscriber
        event.add("url", base_url + activity.get_absolute_url())
    event.add("status", STATUS[activity.status])
    return event


def _description(activity, zone: ZoneInfo, language: str) -> str:
    parts = []
    text = localize(activity.description, language).text
    if text:
        parts.append(text)
    agenda = _agenda_lines(activity, zone, language)
    if agenda:
        parts.append("\n".join(agenda))
    return "\n\n".join(parts)


def _agenda_lines(activity, zone: ZoneInfo, language: str) -> list[str]:
    """'10:00–11:00 Title' per agenda item, in the host's zone; a date line before each day
    when the agenda spans several days."""
    items = list(activity.agenda_items.all())
    if not items:
        return []
    several_days = len({item.starts_at.astimezone(zone).date() for item in items}) > 1
    lines, day = [], None
    for item in items:
        start = item.starts_at.astimezone(zone)
        if several_days and start.date() != day:
            day = start.date()
            if lines:
                lines.append("")
            lines.append(day.isoformat())
        clock = start.strftime("%H:%M")
        if item.ends_at:
            clock += "–" + item.ends_at.astimezone(zone).strftime("%H:%M")
        lines.append(f"{clock} {localize(item.title, language).text}")
    return lines


def _location(activity, language: str) -> str:
    venue = localize(activity.venue, language).text
    city = localize(activity.host_city.name, language).text
    return ", ".join(part for part in (venue, city) if part)
