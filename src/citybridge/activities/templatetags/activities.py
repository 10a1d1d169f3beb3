from django import template

from citybridge.activities.times import format_in_zones, format_range_in_zones, to_zone

register = template.Library()


@register.simple_tag
def zoned(moment, zones):
    """'10:00 CEST · 17:00 JST': ``moment`` in each of ``zones`` (host first)."""
    return format_in_zones(moment, zones) if moment else ""


@register.simple_tag
def zoned_range(start, end, zones):
    """'10:00–12:00 CEST · 17:00–19:00 JST'."""
    return format_range_in_zones(start, end, zones) if start else ""


@register.filter
def in_zone(moment, zone):
    """The wall-clock time in ``zone``, as a naive datetime: Django's ``date`` filter would
    otherwise convert an aware value back to the site's zone (UTC) and show the wrong day."""
    return to_zone(moment, zone).replace(tzinfo=None) if moment else None
