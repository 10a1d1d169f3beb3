"""Time-zone helpers: everything is stored in UTC and converted only at the edges."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def to_zone(moment: datetime, zone: str) -> datetime:
    """``moment`` in ``zone``; in UTC when it is too near year 1 or 9999 to be shown there.

    New dates are between 1900 and 2100 (``core.limits``), but one stored before the limits
    (9999-12-31 23:30 is past the last day Python knows in Tokyo) must not break a page.
    """
    try:
        return moment.astimezone(ZoneInfo(zone))
    except OverflowError:
        return moment.astimezone(UTC)


def zone_label(zone_name: str, at: datetime | None = None) -> str:
    """'JST, UTC+09:00' for Asia/Tokyo: the abbreviation and offset in force at ``at``."""
    moment = (at or timezone.now()).astimezone(ZoneInfo(zone_name))
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    abbreviation = moment.tzname() or ""
    if abbreviation.startswith(("+", "-")):  # zones without a letter abbreviation
        return offset
    return f"{abbreviation}, {offset}"
