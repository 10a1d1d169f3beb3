"""Telling people about things: the notifications page, at-once e-mails and daily digests.

``notify`` is the one entry point for every domain (mentions, assignments, plan steps,
invitations); the reminders of ``notifications.notifications`` (upcoming activities, overdue
minutes) record theirs through ``record`` in ``tasks.send_once``. Whether an e-mail goes out,
and when, is the recipient's choice for the topic (``accounts``: at once, daily digest, off);
the page lists every notification whatever the choice.
"""

import re
from datetime import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from citybridge.accounts.enums import Delivery, Topic
from citybridge.accounts.services import preferences_of, time_zone_of
from citybridge.core.cache_stamp import kept
from citybridge.notifications.models import DigestSent, Notification

_LANGUAGE_PREFIX = re.compile(r"^/([a-z]{2}(?:-[a-z]+)?)(/.*)$")


def strip_language(path: str) -> str:
    """``/ja/workspace/plans/3/`` → ``/workspace/plans/3/`` (only a prefix the site offers)."""
    found = _LANGUAGE_PREFIX.match(path or "")
    if found and found.group(1) in dict(settings.LANGUAGES):
        return found.group(2)
    return path or ""


def record(*, recipient, topic: Topic, message: str, params=None, link: str = "") -> Notification:
    """Store a notification for ``recipient`` without sending anything.

    Side effects: one ``Notification`` row (unread, not e-mailed).
    """
    return Notification.objects.create(
        recipient=recipient,
        topic=topic,
        message=message,
        params={k: str(v) for k, v in (params or {}).items()},
        link=strip_language(link),
    )


def notify(*, recipient, topic: Topic, message: str, params=None, link: str = ""):
    """Tell ``recipient`` (a user) about something; returns the ``Notification`` or ``None``.

    ``message`` is an English message id marked with ``gettext_noop`` and ``params`` its
    ``%(name)s`` values (shown as given); ``link`` the exact place (any language prefix is
    dropped and the reader's own is added). Inactive accounts are skipped; ``notify_all``
    also skips the person who did it.
    Side effects: a ``Notification`` row; when the recipient chose "at once" for the topic and
    has an address, an e-mail task queued when the transaction commits.
    """
    if recipient is None or not recipient.is_active:
        return None
    notification = record(
        recipient=recipient, topic=topic, message=message, params=params, link=link
    )
    if recipient.email and preferences_of(recipient).delivery_for(topic) == Delivery.AT_ONCE:
        from citybridge.notifications.tasks import send_notification

        transaction.on_commit(partial(send_notification.enqueue, notification.pk))
    return notification


def notify_all(recipients, *, by=None, **what) -> list[Notification]:
    """``notify`` each of ``recipients`` once, except ``by`` (who did it)."""
    done, seen = [], set()
    for user in recipients:
        if user is None or user.pk in seen or (by is not None and user.pk == by.pk):
            continue
        seen.add(user.pk)
        found = notify(recipient=user, **what)
        if found is not None:
            done.append(found)
    return done


# --- Reading -------------------------------------------------------------------------------


def unread_count(user) -> int:
    """How many of ``user``'s notifications are unread; one query, cached on the user object
    for the request (the header shows it on every page), and between requests in the shared
    cache until any data changes (``core.cache_stamp``: a new or read notification is a
    write)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    cached = getattr(user, "_unread_notifications", None)
    if cached is None:
        cached = kept(
            f"unread-notifications:{user.pk}",
            lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        )
        user._unread_notifications = cached
    return cached


def mark_read(*, user, notification_id: int) -> bool:
    """Mark one of ``user``'s own notifications read; returns whether one was changed."""
    changed = Notification.objects.filter(
        recipient=user, pk=notification_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    user.__dict__.pop("_unread_notifications", None)
    return bool(changed)


def mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; returns how many."""
    changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    user.__dict__.pop("_unread_notifications", None)
    return changed


# --- Daily digests -------------------------------------------------------------------------


def local_day(user, now: datetime):
    zone = time_zone_of(user) or settings.TIME_ZONE
    return now.astimezone(ZoneInfo(zone))


def digest_items(user, *, until: datetime) -> list[Notification]:
    """The notifications a digest to ``user`` would hold now: not yet e-mailed, of a topic
    they want in the digest, created before ``until``."""
    prefs = preferences_of(user)
    topics = [t for t in Topic.values if prefs.delivery_for(t) == Delivery.DIGEST]
    if not topics:
        return []
    return list(
        Notification.objects.filter(
            recipient=user, topic__in=topics, emailed_at__isnull=True, created_at__lte=until
        ).order_by("created_at", "id")
    )


def due_digests(now: datetime) -> list[tuple[int, object]]:
    """(user id, local day) for every digest due at ``now``: the user has digest items, it is
    past ``CITYBRIDGE_DIGEST_HOUR`` in their zone, and no digest went out for that day."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            pk__in=Notification.objects.filter(emailed_at__isnull=True).values("recipient"),
        )
        .exclude(email="")
    )
    due = []
    for user in users:
        local = local_day(user, now)
        if local.hour < settings.CITYBRIDGE_DIGEST_HOUR:
            continue
        if DigestSent.objects.filter(recipient=user, day=local.date()).exists():
            continue
        if digest_items(user, until=now):
            due.append((user.pk, local.date()))
    return due
