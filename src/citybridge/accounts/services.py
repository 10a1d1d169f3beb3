"""Reading and changing a person's own settings (language, time zone, notification choices)."""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction

from citybridge.accounts.enums import Delivery, Topic
from citybridge.accounts.models import AccountSettings
from citybridge.directory.validators import validate_time_zone


def preferences_of(user) -> AccountSettings:
    """The settings of ``user``; an unsaved default row when they never chose anything.

    Never writes: reading a page must not create rows. The result is cached on the user object
    for the request (``user._account_settings``), so asking twice costs one query.
    """
    cached = getattr(user, "_account_settings", None)
    if cached is not None:
        return cached
    found = None
    if user is not None and getattr(user, "pk", None):
        found = AccountSettings.objects.filter(user=user).first()
    found = found or AccountSettings(user=user if getattr(user, "pk", None) else None)
    if user is not None:
        user._account_settings = found
    return found


@transaction.atomic
def set_preferences(*, user, language=None, time_zone=None, notifications=None) -> AccountSettings:
    """Save the choices given (``None`` leaves a choice as it is; ``""`` clears it).

    ``language``: one of ``settings.LANGUAGES``; ``time_zone``: an IANA zone;
    ``notifications``: ``{topic: delivery}`` merged into the choices already made.
    Side effects: creates or updates the ``AccountSettings`` row (revision + 1, one history
    entry) and refreshes the per-request cache on ``user``. Raises ``ValidationError`` on an
    unknown language, zone, topic or delivery.
    """
    row, _ = AccountSettings.objects.select_for_update().get_or_create(user=user)
    if language is not None:
        if language and language not in dict(settings.LANGUAGES):
            raise ValidationError({"language": f"unknown language {language!r}"})
        row.language = language
    if time_zone is not None:
        if time_zone:
            validate_time_zone(time_zone)
        row.time_zone = time_zone
    if notifications is not None:
        merged = dict(row.notifications or {})
        for topic, delivery in notifications.items():
            if str(topic) not in Topic.values or str(delivery) not in Delivery.values:
                raise ValidationError({"notifications": f"unknown choice {topic}={delivery}"})
            merged[str(topic)] = str(delivery)
        row.notifications = merged
    row.revision += 1
    row.save()
    user._account_settings = row
    return row


def language_of(user, default: str | None = None) -> str:
    """The language to speak to ``user`` in: their choice, else the first of their person's
    languages the site offers, else ``default`` (else the site's default language)."""
    chosen = preferences_of(user).language
    if chosen:
        return chosen
    offered = dict(settings.LANGUAGES)
    person = _person(user)
    for code in (person.languages if person else None) or []:
        if code in offered:
            return code
    return default or settings.LANGUAGE_CODE


def time_zone_of(user) -> str | None:
    """The zone to show times in for ``user``: their choice, else their person's city's zone,
    else ``None`` (the page shows the activity's zones only)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    chosen = preferences_of(user).time_zone
    if chosen:
        return chosen
    person = _person(user)
    city = person.organisation.city if person and person.organisation_id else None
    return city.time_zone if city else None


def _person(user):
    try:
        return user.person
    except (ObjectDoesNotExist, AttributeError):
        return None


@transaction.atomic
def rename(*, user, name: str, public_consent: bool | None = None) -> None:
    """Change the name ``user`` is known by (their linked person's, else the account's) and,
    when given, their agreement to be named on public pages.

    Side effects: the person record's revision goes up with one history entry by ``user``;
    without a linked person, the account's first and last name.
    """
    person = _person(user)
    if person is None:
        first, _sep, last = name.strip().partition(" ")
        user.first_name, user.last_name = first[:150], last[:150]
        user.save(update_fields=["first_name", "last_name"])
        return
    changed = person.name != name or (
        public_consent is not None and person.public_consent != public_consent
    )
    if not changed:
        return
    person.name = name
    if public_consent is not None:
        person.public_consent = public_consent
    person.revision += 1
    person._history_user = user
    person.save()


def reset_calendar_address(*, user):
    """Give ``user``'s person a new secret calendar address; the old one stops working.
    Returns the new token, or ``None`` when no person is linked."""
    import uuid

    person = _person(user)
    if person is None:
        return None
    person.calendar_token = uuid.uuid4()
    person.save(update_fields=["calendar_token"])
    return person.calendar_token


def display_name(user) -> str:
    """How ``user`` is named: their person's name, else the account's full name or username."""
    person = _person(user)
    if person is not None:
        return person.name
    return user.get_full_name() or user.get_username()
