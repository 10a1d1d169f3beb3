"""Notifications people can read: who is told about what, the page and the header count."""

import pytest
from django.urls import reverse

from citybridge.notifications.models import Notification
from citybridge.plans.enums import PlanStatus
from citybridge.plans.services import add_comment, submit_plan
from tests.factories import ActionFactory, ActionPlanFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(pairing):
    plan = ActionPlanFactory(pairing=pairing)
    ActionFactory(plan=plan)
    return plan


def test_a_mention_in_a_plan_comment_notifies_the_person_mentioned(plan, people):
    comment = add_comment(plan=plan, by=people["editor"], body="@partner-editor please check")
    [notice] = Notification.objects.filter(recipient=people["partner_editor"])
    assert notice.topic == "mention"
    assert notice.link == f"/workspace/plans/{plan.pk}/#comment-{comment.pk}"
    assert "mentioned you" in notice.text


def test_the_author_of_a_comment_is_not_told_about_their_own_mention(plan, people):
    add_comment(plan=plan, by=people["editor"], body="@editor note to self")
    assert not Notification.objects.filter(recipient=people["editor"]).exists()


def test_submitting_a_plan_notifies_the_programme_coordinators(plan, people):
    submit_plan(plan, by=people["editor"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert Notification.objects.filter(recipient=people["coordinator"], topic="plan_step").exists()
    assert not Notification.objects.filter(recipient=people["other_coordinator"]).exists()


def test_the_header_shows_how_many_notifications_are_unread(client, plan, people):
    add_comment(plan=plan, by=people["editor"], body="@partner-editor one")
    add_comment(plan=plan, by=people["editor"], body="@partner-editor two")
    client.force_login(people["partner_editor"])
    page = client.get(reverse("workspace:home")).content.decode()
    assert 'class="badge" aria-label="2 unread">2</span>' in page


def test_marking_all_read_clears_the_count(client, plan, people):
    add_comment(plan=plan, by=people["editor"], body="@partner-editor one")
    client.force_login(people["partner_editor"])
    client.post(reverse("workspace:notifications_read_all"))
    page = client.get(reverse("workspace:notifications")).content.decode()
    assert "unread" not in page.split("<main", 1)[0]
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(client, plan, people):
    comment = add_comment(plan=plan, by=people["editor"], body="@partner-editor look")
    notice = Notification.objects.get(recipient=people["partner_editor"])
    client.force_login(people["partner_editor"])
    response = client.post(
        reverse("workspace:notification_read", kwargs={"pk": notice.pk}), {"go": "1"}
    )
    assert response.url == f"/en/workspace/plans/{plan.pk}/#comment-{comment.pk}"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_nobody_reads_or_marks_another_persons_notifications(client, plan, people):
    add_comment(plan=plan, by=people["editor"], body="@partner-editor private")
    notice = Notification.objects.get(recipient=people["partner_editor"])
    client.force_login(people["viewer"])
    assert "private" not in client.get(reverse("workspace:notifications")).content.decode()
    url = reverse("workspace:notification_read", kwargs={"pk": notice.pk})
    assert client.post(url).status_code == 404


def test_the_page_shows_a_notification_in_the_readers_language(client, plan, people):
    from citybridge.accounts.services import set_preferences

    PersonFactory(user=people["partner_editor"], name="Aiko Tanaka")
    set_preferences(user=people["partner_editor"], language="ja")
    add_comment(plan=plan, by=people["editor"], body="@partner-editor look")
    client.force_login(people["partner_editor"])
    page = client.get("/ja/workspace/notifications/").content.decode()
    assert "Ancona" in page  # the pairing, named in the reader's language
