"""Background tasks that send one e-mail each, and the function that queues what is due.

``citybridge send-reminders`` (hourly, from cron or a systemd timer) calls
:func:`queue_due_notifications`; ``citybridge db_worker`` (a service) runs the tasks. A task
receives ids only and checks again, when it runs, that its message is still wanted: the
activity may have been cancelled, moved or given minutes since it was queued.
"""

from collections.abc import Callable
from datetime import date, datetime
from functools import partial

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from citybridge.accounts.enums import Delivery, Topic
from citybridge.accounts.services import language_of, preferences_of
from citybridge.activities.models import Activity, Participation
from citybridge.core.i18n import localize
from citybridge.core.timezones import to_zone
from citybridge.notifications import emails, services
from citybridge.notifications.enums import NotificationKind
from citybridge.notifications.models import DigestSent, Notification, SentNotification
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


# What the notifications page says about each reminder (translated when shown).
_NOTICES = {
    NotificationKind.ACTIVITY_REMINDER: (
        Topic.UPCOMING,
        gettext_noop("“%(title)s” starts on %(day)s."),
    ),
    NotificationKind.MINUTES_OVERDUE: (
        Topic.OVERDUE,
        gettext_noop("The minutes of “%(title)s” are overdue."),
    ),
}


def _notice(activity: Activity, kind: NotificationKind, user) -> Notification:
    topic, message = _NOTICES[kind]
    link = (
        reverse("workspace:activity_outcomes", kwargs={"pk": activity.pk})
        if kind == NotificationKind.MINUTES_OVERDUE
        else activity.get_absolute_url()
    )
    return services.record(
        recipient=user,
        topic=topic,
        message=message,
        params={
            # Titles are translated data: the reader's language, written once.
            "title": localize(activity.title, language_of(user)).text,
            "day": to_zone(activity.starts_at, activity.host_city.time_zone).date().isoformat(),
        },
        link=link,
    )


def send_once(
    activity: Activity,
    kind: NotificationKind,
    address: str,
    build: Callable[[], EmailMessage],
    *,
    user=None,
) -> bool:
    """Send the message ``build()`` makes unless this kind was already sent to ``address``
    about ``activity``. Returns whether an e-mail was sent.

    When the recipient has an account (``user``), the reminder is also listed on their
    notifications page, and the e-mail follows their choice for the topic: sent now, left for
    the daily digest, or not sent.
    Side effects: a ``SentNotification`` row, written in the same transaction as the
    sending (and the ``Notification``). If sending fails the rows are rolled back, so the next
    run queues it again; a second worker holding the same task waits on the unique constraint
    and then skips.
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
        if user is not None and user.is_active:
            notice = _notice(activity, kind, user)
            if preferences_of(user).delivery_for(notice.topic) != Delivery.AT_ONCE:
                return False
            Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        build().send()
    return True


@task()
def send_notification(notification_id: int) -> bool:
    """E-mail one notification to its recipient at once, unless it was e-mailed already or
    they changed their choice for its topic since."""
    with transaction.atomic():
        item = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if item is None or not item.recipient.is_active or not item.recipient.email:
            return False
        if preferences_of(item.recipient).delivery_for(item.topic) != Delivery.AT_ONCE:
            return False
        item.emailed_at = timezone.now()
        item.save(update_fields=["emailed_at"])
        emails.notification(item).send()
    return True


@task()
def send_digest(user_id: int, day: str) -> bool:
    """Send ``user``'s daily digest for ``day`` (ISO date in their zone), once and only once.

    Side effects: a ``DigestSent`` row (unique per person and day) and ``emailed_at`` on each
    notification it holds, in the same transaction as the sending.
    """
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return False
    now = timezone.now()
    with transaction.atomic():
        _sent, created = DigestSent.objects.get_or_create(
            recipient=user, day=date.fromisoformat(day), defaults={"sent_at": now}
        )
        if not created:
            return False
        items = services.digest_items(user, until=now)
        if not items:
            transaction.set_rollback(True)  # nothing to say: the day stays open
            return False
        Notification.objects.filter(pk__in=[i.pk for i in items]).update(emailed_at=now)
        DigestSent.objects.filter(pk=_sent.pk).update(items=len(items))
        emails.digest(user, items, date.fromisoformat(day)).send()
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
        user=person.user if person.user_id else None,
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
        user=user,
    )


def queue_due_notifications(*, now: datetime) -> dict[str, int]:
    """Queue one task per message due at ``now`` and not yet sent, and one per daily digest
    due; returns how many of each (``"digest"`` for the digests).

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
    digests = services.due_digests(now)
    for user_id, day in digests:
        transaction.on_commit(partial(send_digest.enqueue, user_id, day.isoformat()))
    return {
        NotificationKind.ACTIVITY_REMINDER: len(reminders),
        NotificationKind.MINUTES_OVERDUE: len(overdue),
        "digest": len(digests),
    }
