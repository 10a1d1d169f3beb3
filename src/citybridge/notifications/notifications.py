"""Who gets which notification, and when: the rules, without sending anything.

- **Reminder to participants**: ``CITYBRIDGE_REMINDER_DAYS_BEFORE`` days before an activity
  starts, every participant with an e-mail address gets one message (not for cancelled
  activities, nor for those whose days are not known).
- **Minutes overdue**: a held activity still without minutes ``CITYBRIDGE_MINUTES_OVERDUE_DAYS``
  days after it ended → the city editors of its pairing's cities, or, for a programme-wide
  activity, the programme's coordinators.

Each message goes out once per activity, kind and address (``models.SentNotification``).
Every function takes ``now`` from its caller, so the command and the tests decide the time.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch, Q

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.activities.enums import ActivityStatus, DatePrecision
from citybridge.activities.models import Activity, Participation
from citybridge.core.i18n import as_dict
from citybridge.directory.languages import (  # noqa: F401 - callers read them here too
    deployment_language,
    person_language,
    user_language,
)
from citybridge.notifications.enums import NotificationKind
from citybridge.notifications.models import SentNotification
from citybridge.pairings.models import PairingCity


def normalized_email(address: str) -> str:
    """The form an address is recorded in: one recipient, however it is capitalised."""
    return address.strip().lower()


def minutes_missing(activity: Activity) -> bool:
    return not as_dict(activity.minutes)


# --- Reminder to participants ----------------------------------------------------------


def _reminder_window(now: datetime) -> tuple[datetime, datetime]:
    return now, now + timedelta(days=settings.CITYBRIDGE_REMINDER_DAYS_BEFORE)


def reminder_is_due(activity: Activity, now: datetime) -> bool:
    """The activity starts within the reminder period and will take place as announced."""
    after, until = _reminder_window(now)
    return (
        not activity.is_cancelled
        and not activity.only_month_known
        and after < activity.starts_at <= until
    )


def reminder_recipients(activity: Activity) -> list:
    """The participants with an e-mail address, one per address (the first on the list)."""
    people, seen = [], set()
    participations = sorted(activity.participations.all(), key=lambda p: p.pk)
    for participation in participations:
        person = participation.person
        address = normalized_email(person.email)
        if address and address not in seen:
            seen.add(address)
            people.append(person)
    return people


def _already_sent(activities, kind: NotificationKind) -> set[tuple[int, str]]:
    return set(
        SentNotification.objects.filter(activity__in=activities, kind=kind).values_list(
            "activity_id", "email"
        )
    )


def due_reminders(now: datetime) -> list[tuple[Activity, object]]:
    """(activity, person) for every reminder due at ``now`` and not yet sent."""
    after, until = _reminder_window(now)
    activities = list(
        Activity.objects.filter(starts_at__gt=after, starts_at__lte=until)
        .exclude(status=ActivityStatus.CANCELLED)
        .exclude(date_precision=DatePrecision.MONTH)
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person"))
        )
        .order_by("starts_at", "id")
    )
    sent = _already_sent(activities, NotificationKind.ACTIVITY_REMINDER)
    return [
        (activity, person)
        for activity in activities
        for person in reminder_recipients(activity)
        if (activity.pk, normalized_email(person.email)) not in sent
    ]


# --- Minutes overdue -------------------------------------------------------------------


def _minutes_deadline_passed_before(now: datetime) -> datetime:
    """Activities that ended before this instant are past the delay for their minutes."""
    return now - timedelta(days=settings.CITYBRIDGE_MINUTES_OVERDUE_DAYS)


def _too_old_to_chase(now: datetime) -> datetime:
    """Activities that ended before this instant are history: nobody is asked for minutes any
    more (an imported archive must not e-mail every editor about 2017's meetings)."""
    return now - timedelta(days=settings.CITYBRIDGE_MINUTES_OVERDUE_MAX_AGE_DAYS)


def minutes_are_overdue(activity: Activity, now: datetime) -> bool:
    return (
        activity.is_held
        and minutes_missing(activity)
        and _too_old_to_chase(now) <= activity.ends_at <= _minutes_deadline_passed_before(now)
    )


def _recipients_by_activity(activities) -> dict[int, list]:
    """The users to tell about each activity's missing minutes, in one query per role kind."""
    city_ids = defaultdict(set)
    for activity in activities:
        if activity.pairing_id:
            city_ids[activity.pk] = {m.city_id for m in activity.pairing.memberships.all()}
    editors = defaultdict(list)
    for role in (
        Role.objects.filter(
            kind=RoleKind.CITY_EDITOR, city__in={c for ids in city_ids.values() for c in ids}
        )
        .select_related("user")
        .order_by("user_id")
    ):
        editors[role.city_id].append(role.user)
    coordinators = defaultdict(list)
    for role in (
        Role.objects.filter(
            kind=RoleKind.PROGRAMME_COORDINATOR,
            programme__in={a.programme_id for a in activities if not a.pairing_id},
        )
        .select_related("user")
        .order_by("user_id")
    ):
        coordinators[role.programme_id].append(role.user)

    result = {}
    for activity in activities:
        if activity.pairing_id:
            users = [u for city in sorted(city_ids[activity.pk]) for u in editors[city]]
        else:
            users = coordinators[activity.programme_id]
        result[activity.pk] = _one_per_address(users)
    return result


def _one_per_address(users) -> list:
    chosen, seen = [], set()
    for user in sorted(users, key=lambda u: u.pk):
        address = normalized_email(user.email)
        if user.is_active and address and address not in seen:
            seen.add(address)
            chosen.append(user)
    return chosen


def minutes_recipients(activity: Activity) -> list:
    """Active users with an e-mail address who edit the cities of the activity's pairing
    (programme coordinators for a programme-wide activity); viewers are not told."""
    return _recipients_by_activity([activity])[activity.pk]


def due_minutes_reminders(now: datetime) -> list[tuple[Activity, object]]:
    """(activity, user) for every minutes-overdue message due at ``now`` and not yet sent."""
    activities = list(
        Activity.objects.filter(
            status=ActivityStatus.HELD,
            ends_at__lte=_minutes_deadline_passed_before(now),
            ends_at__gte=_too_old_to_chase(now),
        )
        # i18nfield stores "no text in any language" as NULL, "" or "{}".
        .filter(Q(minutes__isnull=True) | Q(minutes="") | Q(minutes="{}"))
        .prefetch_related(
            Prefetch("pairing__memberships", queryset=PairingCity.objects.order_by("order"))
        )
        .order_by("ends_at", "id")
    )
    activities = [a for a in activities if minutes_missing(a)]
    recipients = _recipients_by_activity(activities)
    sent = _already_sent(activities, NotificationKind.MINUTES_OVERDUE)
    return [
        (activity, user)
        for activity in activities
        for user in recipients[activity.pk]
        if (activity.pk, normalized_email(user.email)) not in sent
    ]
