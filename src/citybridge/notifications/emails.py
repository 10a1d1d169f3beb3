"""The e-mails themselves: one message for one recipient, in that recipient's language.

Subject and body are rendered under ``translation.override(language)``, so gettext strings,
dates, the kind of activity and the links (``/ja/activities/…``) are all in that language;
translated content (titles, venues, city names) goes through ``core.i18n.localize``.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from citybridge.accounts.services import language_of, time_zone_of
from citybridge.activities.models import Activity
from citybridge.activities.selectors import activity_zones
from citybridge.activities.times import format_in_zones
from citybridge.core.i18n import localize
from citybridge.core.timezones import to_zone
from citybridge.notifications.notifications import person_language


def absolute_url(path: str) -> str:
    return settings.CITYBRIDGE_BASE_URL.rstrip("/") + path


def _day(moment: datetime, zone) -> str:
    return formats.date_format(to_zone(moment, zone.key).date(), "DATE_FORMAT")


def _activity_context(activity: Activity, language: str) -> dict:
    """What both messages say about an activity; call inside ``translation.override``."""
    zone = activity.host_zone
    first_day, last_day = _day(activity.starts_at, zone), _day(activity.ends_at, zone)
    return {
        "title": localize(activity.title, language).text,
        "kind": str(activity.get_kind_display()),
        "first_day": first_day,
        "last_day": last_day,
        "dates": first_day if first_day == last_day else f"{first_day} – {last_day}",
        "host_city": localize(activity.host_city.name, language).text,
        "venue": localize(activity.venue, language).text,
        "page_url": absolute_url(activity.get_absolute_url()),
    }


def _message(template: str, context: dict, language: str, to: str) -> EmailMultiAlternatives:
    """The plain-text message from ``<template>.txt``, with an HTML part: ``<template>.html``
    when there is one, else the same text laid out by ``layout.html`` (links made clickable)."""
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"notifications/email/{template}_subject.txt", context).split()
        )
        body = render_to_string(f"notifications/email/{template}.txt", context).strip() + "\n"
        html = render_to_string(
            [f"notifications/email/{template}.html", "notifications/email/layout.html"],
            {**context, "subject": subject, "text": body, "language": language},
        )
    # A subject is one line, whatever the template's line breaks.
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    message.attach_alternative(html, "text/html")
    return message


def user_name(user) -> str:
    try:
        return user.person.name
    except (ObjectDoesNotExist, AttributeError):
        return user.get_full_name() or user.get_username()


def recipient_zones(activity: Activity, *, person=None, user=None) -> list[str]:
    """The activity's zones, then the recipient's own (their setting, else their city's)."""
    zones = activity_zones(activity)
    user = user or (person.user if person is not None and person.user_id else None)
    own = time_zone_of(user) if user is not None else None
    if own is None and person is not None and person.organisation_id:
        own = person.organisation.city.time_zone if person.organisation.city_id else None
    return zones + [own] if own and own not in zones else zones


def activity_reminder(activity: Activity, person) -> EmailMultiAlternatives:
    """The reminder to one participant: what, when (host zone first, then the partner
    cities', then the recipient's own), where, and the links to the activity's page and its
    calendar file. In the language the person chose in their settings, else their first."""
    user = person.user if person.user_id else None
    language = language_of(user, person_language(person)) if user else person_language(person)
    with translation.override(language):
        zones = recipient_zones(activity, person=person)
        context = {
            **_activity_context(activity, language),
            "name": person.name,
            "all_day": activity.all_day,
            "starts": format_in_zones(activity.starts_at, zones),
            "ends": format_in_zones(activity.ends_at, zones),
            "online_url": activity.online_url,
            "ics_url": absolute_url(reverse("feeds:activity", kwargs={"uid": activity.uid})),
        }
    return _message("activity_reminder", context, language, person.email)


def minutes_overdue(activity: Activity, user) -> EmailMultiAlternatives:
    """The request to one editor (or programme coordinator) to record the minutes."""
    language = language_of(user)
    name = user_name(user)
    with translation.override(language):
        context = {
            **_activity_context(activity, language),
            "name": name,
            "pairing": str(activity.pairing) if activity.pairing_id else "",
            "days": settings.CITYBRIDGE_MINUTES_OVERDUE_DAYS,
            "outcomes_url": absolute_url(
                reverse("workspace:activity_outcomes", kwargs={"pk": activity.pk})
            ),
        }
    return _message("minutes_overdue", context, language, user.email)


def notification(item) -> EmailMultiAlternatives:
    """One notification (a mention, an assignment, a plan step…) e-mailed at once."""
    user = item.recipient
    language = language_of(user)
    with translation.override(language):
        context = {
            "name": user_name(user),
            "text": item.text,
            "topic": item.get_topic_display(),
            "url": absolute_url(item.url_in(language)) if item.link else "",
            "settings_url": absolute_url(reverse("workspace:settings")),
        }
    return _message("notification", context, language, user.email)


def digest(user, items, day) -> EmailMultiAlternatives:
    """The daily digest: every notification not yet e-mailed, oldest first, each with its link."""
    language = language_of(user)
    zone = time_zone_of(user) or settings.TIME_ZONE
    with translation.override(language):
        context = {
            "name": user_name(user),
            "day": formats.date_format(day, "DATE_FORMAT"),
            "count": len(items),
            "items": [
                {
                    "text": item.text,
                    "when": formats.time_format(to_zone(item.created_at, zone), "TIME_FORMAT"),
                    "url": absolute_url(item.url_in(language)) if item.link else "",
                }
                for item in items
            ],
            "settings_url": absolute_url(reverse("workspace:settings")),
        }
    return _message("digest", context, language, user.email)
