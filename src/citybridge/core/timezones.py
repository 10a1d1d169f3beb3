"""Time-zone helpers: everything is stored in UTC and converted only at the edges."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def zone_label(zone_name: str, at: datetime | None = None) -> str:
    """'JST, UTC+09:00' for Asia/Tokyo: the abbreviation and offset in force at ``at``."""
    moment = (at or timezone.now()).astimezone(ZoneInfo(zone_name))
    offset = moment.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}"
    abbreviation = moment.tzname() or ""
    if abbreviation.startswith(("+", "-")):  # zones without a letter abbreviation
        return offset
    return f"{abbreviation}, {offset}"
