"""Times of activities in several time zones at once: "10:00 CET · 18:00 JST".

Everything is stored in UTC. A time is shown in the host city's zone first, then in the
partner cities' zones (for a programme-wide activity: every zone of the programme's cities),
then in the viewer's own zone where it differs; zones with the same offset at that instant
are shown once. Daylight saving is zoneinfo's job: the abbreviation and offset are those in
force at the instant shown (CEST in summer, CET in winter; JST all year).

New times are between 1900 and 2100 (``core.limits``); a time stored before those limits
that cannot be shown in a zone (9999-12-31 23:30 in Tokyo is past the last day Python knows)
is shown in UTC instead of breaking the page.
"""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from citybridge.core.timezones import to_zone


@dataclass(frozen=True)
class LocalTime:
    zone: str
    moment: datetime

    @property
    def abbreviation(self) -> str:
        name = self.moment.tzname() or ""
        if name.startswith(("+", "-")):
            offset = self.moment.strftime("%z")
            return f"UTC{offset[:3]}:{offset[3:]}"
        return name

    @property
    def clock(self) -> str:
        return self.moment.strftime("%H:%M")

    @property
    def day(self) -> date:
        return self.moment.date()

    def __str__(self) -> str:
        return f"{self.clock} {self.abbreviation}"


def ordered_zones(host_zone: str, other_zones, viewer_zone: str | None = None) -> list[str]:
    zones = [host_zone]
    for zone in [*other_zones, *([viewer_zone] if viewer_zone else [])]:
        if zone and zone not in zones:
            zones.append(zone)
    return zones


def in_zones(moment: datetime, zones: list[str]) -> list[LocalTime]:
    """``moment`` in each zone, dropping zones that show the same offset as an earlier one."""
    if timezone.is_naive(moment):
        raise ValueError("activity times are aware datetimes in UTC")
    shown, offsets = [], set()
    for zone in zones:
        local = to_zone(moment, zone)
        if local.utcoffset() in offsets:
            continue
        offsets.add(local.utcoffset())
        shown.append(LocalTime(zone, local))
    return shown


def format_in_zones(moment: datetime, zones: list[str]) -> str:
    """'10:00 CET · 18:00 JST'; a day change is shown too: '17:00 CET · 01:00 JST (+1 day)'."""
    times = in_zones(moment, zones)
    first_day = times[0].day
    parts = []
    for local in times:
        text = str(local)
        shift = (local.day - first_day).days
        if shift:
            text += f" ({shift:+d}d)"
        parts.append(text)
    return " · ".join(parts)


def local_to_utc(naive: datetime, zone: str) -> datetime:
    """A wall-clock time typed in ``zone`` as an aware UTC datetime.

    Ambiguous times (the repeated hour when clocks go back) take the first occurrence
    (fold=0); times in the skipped hour (clocks go forward) are moved forward by the gap,
    as zoneinfo does.
    """
    return naive.replace(tzinfo=ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))


def is_nonexistent(naive: datetime, zone: str) -> bool:
    """True for a wall-clock time that does not exist in ``zone`` (inside a DST gap)."""
    aware = naive.replace(tzinfo=ZoneInfo(zone))
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(ZoneInfo(zone))
    return back.replace(tzinfo=None) != naive


def format_range_in_zones(start: datetime, end: datetime | None, zones: list[str]) -> str:
    """'10:00–12:00 CEST · 17:00–19:00 JST' (the end's day shift is marked when it differs)."""
    if end is None:
        return format_in_zones(start, zones)
    starts = in_zones(start, zones)
    first_day = starts[0].day
    parts = []
    for local in starts:
        finish = LocalTime(local.zone, to_zone(end, local.zone))
        text = f"{local.clock}–{finish.clock} {local.abbreviation}"
        if finish.abbreviation != local.abbreviation:  # DST changed within the range
            text = f"{local} – {finish}"
        shift = (local.day - first_day).days
        if shift:
            text += f" ({shift:+d}d)"
        parts.append(text)
    return " · ".join(parts)
