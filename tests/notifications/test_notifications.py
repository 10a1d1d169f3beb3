"""E-mail notifications: `send-reminders` queues them, the database worker sends them.

These tests run the real chain: the command enqueues on commit into the database queue,
then `db_worker --batch` processes it and Django's locmem backend collects the e-mails.
They use committed transactions (``transaction=True``) because that is what ``on_commit``
and the worker need; the clock is set with time-machine.
"""

import signal
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from citybridge.access.enums import RoleKind
from citybridge.activities.enums import ActivityKind, ActivityStatus
from tests.factories import (
    ActivityFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db(transaction=True)

# ActivityFactory: 3 October 2018 07:00 UTC (09:00 CEST, 16:00 JST) to 6 October 16:00 UTC.
STARTS = datetime(2018, 10, 3, 7, 0, tzinfo=UTC)
ENDS = datetime(2018, 10, 6, 16, 0, tzinfo=UTC)
FIVE_DAYS_BEFORE = STARTS - timedelta(days=5)
FIFTEEN_DAYS_AFTER = ENDS + timedelta(days=15)


def send_reminders() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue().strip()


def run_worker() -> None:
    """Process the queue as `citybridge db_worker` does in production, then stop."""
    # The worker installs its own SIGINT/SIGTERM handlers; give pytest its own back.
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    failed = list(DBTaskResult.objects.failed().values_list("task_path", "traceback"))
    assert failed == []


def messages_to(mailoutbox) -> dict:
    return {message.to[0]: message for message in mailoutbox}


@pytest.fixture
def study_visit(pairing):
    return ActivityFactory(
        pairing=pairing,
        title='{"en": "Study visit", "it": "Visita di studio", "ja": "視察"}',
        venue='{"en": "Town hall"}',
    )


@pytest.fixture
def participant(study_visit):
    def make(email: str, languages: list[str], activity=None):
        person = PersonFactory(email=email, languages=languages)
        return ParticipationFactory(activity=activity or study_visit, person=person).person

    return make


# --- Reminder to participants ----------------------------------------------------------


def test_participants_get_the_reminder_in_their_own_language(
    study_visit, participant, mailoutbox, time_machine
):
    participant("kenji@example.jp", ["ja", "en"])
    participant("giulia@example.it", ["it"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    assert send_reminders() == "Queued 2 e-mails: 2 activity reminders, 0 minutes-overdue notices."
    assert mailoutbox == []  # queued, not sent by the command
    run_worker()

    mails = messages_to(mailoutbox)
    assert sorted(mails) == ["giulia@example.it", "kenji@example.jp"]
    japanese, italian = mails["kenji@example.jp"], mails["giulia@example.it"]
    assert "視察" in japanese.subject
    assert "2018年10月3日" in japanese.subject
    assert "\n視察\n" in japanese.body
    assert f"http://127.0.0.1:8000/ja/activities/{study_visit.pk}/" in japanese.body
    assert "Visita di studio" in italian.subject
    assert "\nVisita di studio\n" in italian.body
    assert f"http://127.0.0.1:8000/it/activities/{study_visit.pk}/" in italian.body


def test_the_reminder_gives_the_times_in_the_host_zone_and_the_partner_zone(
    study_visit, participant, mailoutbox, time_machine
):
    participant("giulia@example.it", ["it"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    send_reminders()
    run_worker()

    (message,) = mailoutbox
    assert "09:00 CEST · 16:00 JST" in message.body
    assert "18:00 CEST · 01:00 JST (+1d)" in message.body
    assert "Town hall" in message.body
    assert "Ancona" in message.body
    assert f"http://127.0.0.1:8000/calendar/activities/{study_visit.uid}.ics" in message.body


def test_the_links_use_the_configured_base_url(
    study_visit, participant, mailoutbox, time_machine, settings
):
    settings.CITYBRIDGE_BASE_URL = "https://citybridge.example.org"
    participant("anna@example.org", [])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    send_reminders()
    run_worker()

    (message,) = mailoutbox
    assert f"https://citybridge.example.org/en/activities/{study_visit.pk}/" in message.body


def test_the_reminder_is_sent_from_seven_days_before_the_start(
    study_visit, participant, mailoutbox, time_machine
):
    participant("anna@example.org", ["en"])

    time_machine.move_to(STARTS - timedelta(days=7, hours=1), tick=False)
    assert send_reminders().startswith("Queued 0 e-mails")

    time_machine.move_to(STARTS - timedelta(days=7), tick=False)
    assert send_reminders().startswith("Queued 1 e-mails")
    run_worker()
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]


def test_the_reminder_period_is_a_setting(
    study_visit, participant, mailoutbox, time_machine, settings
):
    settings.CITYBRIDGE_REMINDER_DAYS_BEFORE = 2
    participant("anna@example.org", ["en"])

    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)
    assert send_reminders().startswith("Queued 0 e-mails")
    time_machine.move_to(STARTS - timedelta(days=1), tick=False)
    assert send_reminders().startswith("Queued 1 e-mails")


def test_no_reminder_once_the_activity_has_started(
    study_visit, participant, mailoutbox, time_machine
):
    participant("anna@example.org", ["en"])
    time_machine.move_to(STARTS + timedelta(hours=1), tick=False)

    assert send_reminders().startswith("Queued 0 e-mails")


def test_no_reminder_for_a_cancelled_activity(study_visit, participant, mailoutbox, time_machine):
    participant("anna@example.org", ["en"])
    study_visit.status = ActivityStatus.CANCELLED
    study_visit.save()
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    assert send_reminders().startswith("Queued 0 e-mails")
    run_worker()
    assert mailoutbox == []


def test_an_activity_cancelled_after_queueing_sends_nothing(
    study_visit, participant, mailoutbox, time_machine
):
    participant("anna@example.org", ["en"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)
    send_reminders()

    study_visit.status = ActivityStatus.CANCELLED
    study_visit.save()
    run_worker()

    assert mailoutbox == []


def test_participants_without_an_email_address_are_skipped(
    study_visit, participant, mailoutbox, time_machine
):
    participant("", ["ja"])
    participant("anna@example.org", ["en"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    assert send_reminders().startswith("Queued 1 e-mails")
    run_worker()
    assert [m.to for m in mailoutbox] == [["anna@example.org"]]


def test_running_the_command_again_sends_no_second_reminder(
    study_visit, participant, mailoutbox, time_machine
):
    participant("anna@example.org", ["en"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)
    send_reminders()
    run_worker()

    time_machine.move_to(FIVE_DAYS_BEFORE + timedelta(hours=1), tick=False)
    assert send_reminders().startswith("Queued 0 e-mails")
    run_worker()

    assert len(mailoutbox) == 1


def test_queueing_twice_before_the_worker_runs_still_sends_one_reminder(
    study_visit, participant, mailoutbox, time_machine
):
    participant("anna@example.org", ["en"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)
    send_reminders()
    send_reminders()

    run_worker()

    assert len(mailoutbox) == 1


def test_a_moved_activity_is_not_reminded_again(study_visit, participant, mailoutbox, time_machine):
    participant("anna@example.org", ["en"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)
    send_reminders()
    run_worker()

    study_visit.starts_at += timedelta(days=1)
    study_visit.ends_at += timedelta(days=1)
    study_visit.sequence += 1
    study_visit.save()

    assert send_reminders().startswith("Queued 0 e-mails")


def test_one_reminder_per_address_when_two_participants_share_it(
    study_visit, participant, mailoutbox, time_machine
):
    participant("office@ancona.example.it", ["it"])
    participant("Office@Ancona.example.it", ["it"])
    time_machine.move_to(FIVE_DAYS_BEFORE, tick=False)

    send_reminders()
    run_worker()

    assert len(mailoutbox) == 1


# --- Minutes overdue -------------------------------------------------------------------


@pytest.fixture
def held_visit(study_visit):
    study_visit.status = ActivityStatus.HELD
    study_visit.save()
    return study_visit


def test_overdue_minutes_are_asked_of_the_pairing_cities_editors_only(
    held_visit, people, mailoutbox, time_machine
):
    PersonFactory(user=people["partner_editor"], languages=["ja"])
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)

    assert send_reminders() == "Queued 2 e-mails: 0 activity reminders, 2 minutes-overdue notices."
    run_worker()

    mails = messages_to(mailoutbox)
    # Not the viewer, not another city's editor, not the coordinators.
    assert sorted(mails) == ["editor@example.org", "partner-editor@example.org"]
    outcomes = f"/workspace/activities/{held_visit.pk}/outcomes/"
    assert mails["editor@example.org"].subject == "Minutes missing: Study visit"
    assert f"http://127.0.0.1:8000/en{outcomes}" in mails["editor@example.org"].body
    assert "視察" in mails["partner-editor@example.org"].subject
    assert f"http://127.0.0.1:8000/ja{outcomes}" in mails["partner-editor@example.org"].body


def test_minutes_are_not_overdue_before_the_delay(held_visit, people, mailoutbox, time_machine):
    time_machine.move_to(ENDS + timedelta(days=13), tick=False)

    assert send_reminders().startswith("Queued 0 e-mails")

    time_machine.move_to(ENDS + timedelta(days=14), tick=False)
    assert send_reminders().startswith("Queued 2 e-mails")


def test_no_minutes_notice_for_an_activity_that_was_not_held(
    study_visit, people, mailoutbox, time_machine
):
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)  # status: confirmed

    assert send_reminders().startswith("Queued 0 e-mails")


def test_no_minutes_notice_once_minutes_exist(held_visit, people, mailoutbox, time_machine):
    held_visit.minutes = '{"it": "Verbale della visita"}'
    held_visit.save()
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)

    assert send_reminders().startswith("Queued 0 e-mails")


def test_minutes_written_after_queueing_cancel_the_notice(
    held_visit, people, mailoutbox, time_machine
):
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)
    send_reminders()

    held_visit.minutes = '{"en": "We met the mayor."}'
    held_visit.save()
    run_worker()

    assert mailoutbox == []


def test_minutes_notice_is_sent_once(held_visit, people, mailoutbox, time_machine):
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)
    send_reminders()
    run_worker()
    time_machine.move_to(FIFTEEN_DAYS_AFTER + timedelta(days=1), tick=False)
    send_reminders()
    run_worker()

    assert sorted(m.to[0] for m in mailoutbox) == [
        "editor@example.org",
        "partner-editor@example.org",
    ]


def test_editors_without_an_email_address_are_skipped(held_visit, people, mailoutbox, time_machine):
    people["partner_editor"].email = ""
    people["partner_editor"].save()
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)

    send_reminders()
    run_worker()

    assert [m.to for m in mailoutbox] == [["editor@example.org"]]


def test_a_programme_wide_activity_asks_the_programme_coordinators(
    pairing, people, mailoutbox, time_machine
):
    meeting = ActivityFactory(
        pairing=None,
        programme=pairing.programme,
        kind=ActivityKind.EXCHANGE_MEETING,
        title='{"en": "Exchange meeting"}',
        status=ActivityStatus.HELD,
    )
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)

    send_reminders()
    run_worker()

    (message,) = mailoutbox
    assert message.to == ["coordinator@example.org"]  # not the other programme's
    assert message.subject == "Minutes missing: Exchange meeting"
    assert f"/en/workspace/activities/{meeting.pk}/outcomes/" in message.body


def test_a_city_editor_of_both_cities_is_asked_once(held_visit, people, mailoutbox, time_machine):
    europe, japan = [m.city for m in held_visit.pairing.ordered_memberships]
    both = UserFactory(username="both")
    grant(both, RoleKind.CITY_EDITOR, europe)
    grant(both, RoleKind.CITY_EDITOR, japan)
    time_machine.move_to(FIFTEEN_DAYS_AFTER, tick=False)

    send_reminders()
    run_worker()

    assert sorted(m.to[0] for m in mailoutbox) == [
        "both@example.org",
        "editor@example.org",
        "partner-editor@example.org",
    ]


def test_activities_that_ended_months_ago_are_not_chased_for_minutes(
    held_visit, people, mailoutbox, time_machine
):
    time_machine.move_to(ENDS + timedelta(days=91), tick=False)
    assert send_reminders().startswith("Queued 0 e-mails")
