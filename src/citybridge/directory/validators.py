import zoneinfo
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in _zones():
        raise ValidationError(
            _("%(value)s is not an IANA time zone (for example Europe/Rome or Asia/Tokyo)."),
            params={"value": value},
            code="invalid_time_zone",
        )


def validate_language_codes(value) -> None:
    known = set(settings.KNOWN_LANGUAGES)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Languages must be a list of language codes."), code="invalid")
    unknown = [v for v in value if v not in known]
    if unknown:
        raise ValidationError(
            _("Unknown language codes: %(codes)s."),
            params={"codes": ", ".join(unknown)},
            code="invalid",
        )
