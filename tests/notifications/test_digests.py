"""E-mail follows each person's choice per kind: at once, one daily digest, or none.

The chain is the real one: `send-reminders` queues the digests, the database worker sends
them (committed transactions, as ``on_commit`` and the worker need; the clock: time-machine).
"""

from datetime import UTC, datetime

import pytest
from django.db import transaction

from citybridge.accounts.enums import Delivery, Topic
from citybridge.accounts.services import set_preferences
from citybridge.notifications.models import DigestSent, Notification
from citybridge.notifications.services import notify
from tests.factories import UserFactory
from tests.notifications.test_notifications import run_worker, send_reminders

pytestmark = pytest.mark.django_db(transaction=True)

MORNING_IN_ROME = datetime(2025, 3, 10, 8, 30, tzinfo=UTC)  # 09:30 CET


def tell(user, text="Anna mentioned you."):
    with transaction.atomic():
        return notify(
            recipient=user,
            topic=Topic.MENTION,
            message=text,
            link="/en/workspace/plans/1/#comment-3",
        )


@pytest.fixture
def reader():
    user = UserFactory(username="reader")
    set_preferences(user=user, time_zone="Europe/Rome")
    return user


def test_at_once_sends_one_email_with_a_link_to_the_exact_place(reader, mailoutbox):
    tell(reader)
    run_worker()
    [message] = mailoutbox
    assert message.to == ["reader@example.org"]
    assert "http://127.0.0.1:8000/en/workspace/plans/1/#comment-3" in message.body
    [(html, kind)] = message.alternatives
    assert kind == "text/html" and 'href="http://127.0.0.1:8000/en/workspace/plans/1/' in html


def test_off_sends_nothing_but_lists_the_notification(reader, mailoutbox):
    set_preferences(user=reader, notifications={Topic.MENTION: Delivery.OFF})
    tell(reader)
    run_worker()
    send_reminders()
    run_worker()
    assert mailoutbox == []
    assert Notification.objects.filter(recipient=reader).count() == 1


def test_the_email_is_in_the_recipients_language(reader, mailoutbox):
    set_preferences(user=reader, language="it")
    tell(reader)
    run_worker()
    assert "Ciao" in mailoutbox[0].body or "Vedi" in mailoutbox[0].body


def test_a_digest_gathers_the_day_and_is_sent_once(reader, mailoutbox, time_machine):
    set_preferences(user=reader, notifications={Topic.MENTION: Delivery.DIGEST})
    time_machine.move_to(MORNING_IN_ROME.replace(hour=5), tick=False)  # 06:30 in Rome
    tell(reader, "First.")
    tell(reader, "Second.")
    send_reminders()
    run_worker()
    assert mailoutbox == []  # before the digest hour, and nothing sent at once
    time_machine.move_to(MORNING_IN_ROME, tick=False)
    assert "1 daily digests" in send_reminders()
    run_worker()
    [digest] = mailoutbox
    assert "First." in digest.body and "Second." in digest.body
    # Later that day: a new item, the command run again and the task queued twice.
    tell(reader, "Third.")
    time_machine.move_to(MORNING_IN_ROME.replace(hour=15), tick=False)
    send_reminders()
    from citybridge.notifications.tasks import send_digest

    with transaction.atomic():
        transaction.on_commit(lambda: send_digest.enqueue(reader.pk, "2025-03-10"))
    run_worker()
    assert len(mailoutbox) == 1
    assert DigestSent.objects.filter(recipient=reader).count() == 1


def test_the_next_days_digest_holds_only_what_is_new(reader, mailoutbox, time_machine):
    set_preferences(user=reader, notifications={Topic.MENTION: Delivery.DIGEST})
    time_machine.move_to(MORNING_IN_ROME, tick=False)
    tell(reader, "Monday news.")
    send_reminders()
    run_worker()
    time_machine.move_to(MORNING_IN_ROME.replace(day=11), tick=False)
    tell(reader, "Tuesday news.")
    send_reminders()
    run_worker()
    assert len(mailoutbox) == 2
    assert "Tuesday news." in mailoutbox[1].body
    assert "Monday news." not in mailoutbox[1].body


def test_no_digest_is_sent_when_there_is_nothing_to_say(reader, mailoutbox, time_machine):
    set_preferences(user=reader, notifications={Topic.MENTION: Delivery.DIGEST})
    time_machine.move_to(MORNING_IN_ROME, tick=False)
    send_reminders()
    run_worker()
    assert mailoutbox == []
