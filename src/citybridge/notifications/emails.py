"""The e-mails themselves: one message for one recipient, in that recipient's language.

Subject and body are rendered under ``translation.override(language)``, so gettext strings,
dates, the kind of activity and the links (``/ja/activities/…``) are all in that language;
translated content (titles, venues, city names) goes through ``core.i18n.localize``.
"""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation

from citybridge.activities.models import Activity
from citybridge.activities.selectors import activity_zones
from citybridge.activities.times import format_in_zones
from citybridge.core.i18n import localize
from citybridge.core.timezones import to_zone
from citybridge.notifications.notifications import person_language, user_language


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


def _message(template: str, context: dict, language: str, to: str) -> EmailMessage:
    with translation.override(language):
        subject = render_to_string(f"notifications/email/{template}_subject.txt", context)
        body = render_to_string(f"notifications/email/{template}.txt", context)
    # A subject is one line, whatever the template's line breaks.
    return EmailMessage(subject=" ".join(subject.split()), body=body.strip() + "\n", to=[to])


def activity_reminder(activity: Activity, person) -> EmailMessage:
    """The reminder to one participant: what, when (host zone first, then the partner
    cities'), where, and the links to the activity's page and its calendar file."""
    language = person_language(person)
    with translation.override(language):
        zones = activity_zones(activity)
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


def minutes_overdue(activity: Activity, user) -> EmailMessage:
    """The request to one editor (or programme coordinator) to record the minutes."""
    language = user_language(user)
    try:
        name = user.person.name
    except ObjectDoesNotExist:
        name = user.get_full_name() or user.get_username()
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
