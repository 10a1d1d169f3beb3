"""Background tasks that send one e-mail each, and the function that queues what is due.

``citybridge send-reminders`` (hourly, from cron or a systemd timer) calls
:func:`queue_due_notifications`; ``citybridge db_worker`` (a service) runs the tasks. A task
receives ids only and checks again, when it runs, that its message is still wanted: the
activity may have been cancelled, moved or given minutes since it was queued.
"""

from collections.abc import Callable
from datetime import datetime
from functools import partial

from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from citybridge.activities.models import Activity, Participation
from citybridge.notifications import emails
from citybridge.notifications.enums import NotificationKind
from citybridge.notifications.models import SentNotification
from citybridge.notifications.notifications import (
    due_minutes_reminders,
    due_reminders,
    minutes_are_overdue,
    minutes_recipients,
    normalized_email,
    reminder_is_due,
    reminder_recipients,
)

try:  # Django 6 has the tasks API built in; on 5.2 the django-tasks backport provides it.
    from django.tasks import task
except ImportError:
    from django_tasks import task


def send_once(
    activity: Activity, kind: NotificationKind, address: str, build: Callable[[], EmailMessage]
) -> bool:
    """Send the message ``build()`` makes unless this kind was already sent to ``address``
    about ``activity``. Returns whether it was sent.

    Side effects: a ``SentNotification`` row, written in the same transaction as the
    sending. If sending fails the row is rolled back, so the next run queues it again; a
    second worker holding the same task waits on the unique constraint and then skips.
    """
    with transaction.atomic():
        _record, created = SentNotification.objects.get_or_create(
            activity=activity,
            kind=kind,
            email=normalized_email(address),
            defaults={"sent_at": timezone.now()},
        )
        if not created:
            return False
        build().send()
    return True


def _activity(activity_id: int) -> Activity | None:
    return (
        Activity.objects.select_related("host_city", "programme", "pairing")
        .prefetch_related(
            Prefetch("participations", queryset=Participation.objects.select_related("person"))
        )
        .filter(pk=activity_id)
        .first()
    )


@task()
def send_activity_reminder(activity_id: int, person_id: int) -> bool:
    """Remind one participant of an activity that starts soon."""
    activity = _activity(activity_id)
    if activity is None or not reminder_is_due(activity, timezone.now()):
        return False
    person = next((p for p in reminder_recipients(activity) if p.pk == person_id), None)
    if person is None:  # no longer a participant, or no longer has an address
        return False
    return send_once(
        activity,
        NotificationKind.ACTIVITY_REMINDER,
        person.email,
        partial(emails.activity_reminder, activity, person),
    )


@task()
def send_minutes_overdue(activity_id: int, user_id: int) -> bool:
    """Ask one city editor (or programme coordinator) for an activity's missing minutes."""
    activity = _activity(activity_id)
    if activity is None or not minutes_are_overdue(activity, timezone.now()):
        return False
    user = next((u for u in minutes_recipients(activity) if u.pk == user_id), None)
    if user is None:  # no longer an editor, or no longer has an address
        return False
    return send_once(
        activity,
        NotificationKind.MINUTES_OVERDUE,
        user.email,
        partial(emails.minutes_overdue, activity, user),
    )


def queue_due_notifications(*, now: datetime) -> dict[NotificationKind, int]:
    """Queue one task per message due at ``now`` and not yet sent; returns how many of each.

    The tasks are enqueued when the caller's transaction commits (immediately outside one),
    so a worker never picks up a task about data it cannot see yet. A message queued twice
    (the command ran again before the worker) is still sent once: see :func:`send_once`.
    """
    reminders = due_reminders(now)
    overdue = due_minutes_reminders(now)
    for activity, person in reminders:
        transaction.on_commit(partial(send_activity_reminder.enqueue, activity.pk, person.pk))
    for activity, user in overdue:
        transaction.on_commit(partial(send_minutes_overdue.enqueue, activity.pk, user.pk))
    return {
        NotificationKind.ACTIVITY_REMINDER: len(reminders),
        NotificationKind.MINUTES_OVERDUE: len(overdue),
    }
