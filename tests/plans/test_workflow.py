"""The plan's workflow: who may do each step, frozen versions, readable diffs, concurrency."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from citybridge.plans import services
from citybridge.plans.enums import PlanStatus
from citybridge.plans.models import ActionPlan, Comment, PlanVersion
from citybridge.plans.snapshots import diff_snapshots
from tests.factories import ActionFactory, ActionPlanFactory, ActivityFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(pairing):
    plan = ActionPlanFactory(pairing=pairing)
    ActionFactory(
        plan=plan, title='{"en": "Energy audit of schools", "ja": "学校のエネルギー監査"}'
    )
    return plan


def test_city_editor_submits_and_a_version_is_frozen(plan, people):
    version = services.submit_plan(plan, by=people["editor"])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert (version.number, version.kind) == (1, "submitted")
    assert version.snapshot["actions"][0]["title"] == {
        "en": "Energy audit of schools",
        "ja": "学校のエネルギー監査",
    }


@pytest.mark.parametrize(
    "who", ["coordinator", "viewer", "evaluator", "other_editor", "pairing_coordinator"]
)
def test_only_the_pairings_city_editors_submit(plan, people, who):
    with pytest.raises(PermissionDenied):
        services.submit_plan(plan, by=people[who])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_a_plan_without_actions_cannot_be_submitted(pairing, people):
    plan = ActionPlanFactory(pairing=pairing)
    with pytest.raises(ValidationError, match="at least one action"):
        services.submit_plan(plan, by=people["editor"])


def test_coordinator_approves_at_the_exchange_meeting(plan, people):
    meeting = ActivityFactory(
        pairing=None,
        programme=plan.pairing.programme,
        host_city=plan.pairing.ordered_memberships[0].city,
    )
    services.submit_plan(plan, by=people["partner_editor"])
    at = datetime(2019, 11, 20, 11, 0, tzinfo=UTC)
    version = services.approve_plan(plan, by=people["coordinator"], at=at, activity=meeting)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_at, plan.approved_by, plan.approved_during) == (
        PlanStatus.APPROVED,
        at,
        people["coordinator"],
        meeting,
    )
    assert (version.number, version.kind, version.activity) == (2, "approved", meeting)


@pytest.mark.parametrize(
    "who", ["editor", "partner_editor", "pairing_coordinator", "other_coordinator", "evaluator"]
)
def test_only_the_programmes_coordinators_approve(plan, people, who):
    services.submit_plan(plan, by=people["editor"])
    with pytest.raises(PermissionDenied):
        services.approve_plan(plan, by=people[who])
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_a_draft_cannot_be_approved_directly(plan, people):
    with pytest.raises(ValidationError, match="cannot become"):
        services.approve_plan(plan, by=people["coordinator"])


def test_requesting_changes_sends_the_plan_back_to_draft_with_the_reason(plan, people):
    services.submit_plan(plan, by=people["editor"])
    comment = services.request_changes(
        plan, by=people["coordinator"], reason="Add indicators to every action."
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert "Add indicators to every action." in comment.body


def test_implementation_and_closing_follow_approval(plan, people):
    services.submit_plan(plan, by=people["editor"])
    services.approve_plan(plan, by=people["coordinator"])
    services.start_implementation(plan, by=people["coordinator"])
    services.close_plan(plan, by=people["coordinator"])
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.CLOSED


def test_frozen_versions_cannot_be_changed_or_deleted(plan, people):
    version = services.submit_plan(plan, by=people["editor"])
    version.snapshot = {}
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    with pytest.raises(ValidationError):
        PlanVersion.objects.filter(pk=version.pk).update(snapshot={})
    with pytest.raises(ValidationError):
        PlanVersion.objects.filter(pk=version.pk).delete()
    assert PlanVersion.objects.get(pk=version.pk).snapshot["actions"]


def test_the_diff_names_actions_added_removed_and_changed_field_by_field(plan, people):
    kept = plan.actions.get()
    dropped = ActionFactory(plan=plan, title='{"en": "Bike lanes"}')
    first = services.submit_plan(plan, by=people["editor"]).snapshot
    services.request_changes(plan, by=people["coordinator"], reason="More detail")
    dropped.delete()
    ActionFactory(
        plan=plan, title='{"en": "Social housing study", "it": "Studio sull\'edilizia sociale"}'
    )
    kept.budget = 25000
    kept.theme = ThemeFactory(
        programme=plan.pairing.programme, name='{"en": "Clean energy", "it": "Energia pulita"}'
    )
    kept.save()
    second = services.submit_plan(plan, by=people["editor"]).snapshot

    diff = diff_snapshots(first, second, "it")
    assert diff.added == ["Studio sull'edilizia sociale"]
    assert diff.removed == ["Bike lanes"]
    [changed] = diff.changed
    assert changed.title == "Energy audit of schools"
    assert {(c.label, c.before, c.after) for c in changed.changes} == {
        ("Theme", "—", "Energia pulita"),
        ("Estimated budget", "— EUR", "25,000 EUR"),
    }


def test_the_diff_of_identical_versions_is_empty(plan, people):
    first = services.submit_plan(plan, by=people["editor"]).snapshot
    assert diff_snapshots(first, first, "en").is_empty


def test_a_comment_records_mentions_of_people_who_may_see_the_plan(plan, people):
    comment = services.add_comment(
        plan=plan, by=people["editor"], body="@partner-editor please translate; @other-editor FYI"
    )
    assert list(comment.mentions.all()) == [people["partner_editor"]]
    with pytest.raises(ValidationError):
        services.add_comment(plan=plan, by=people["editor"], body="   ")
    assert Comment.objects.count() == 1


def test_a_comment_mentions_an_invited_person_by_their_email_username(plan, people):
    invited = people["partner_editor"]
    invited.username = "hanako.yamada@ikoma.example.jp"
    invited.save()
    comment = services.add_comment(
        plan=plan, by=people["editor"], body="@hanako.yamada@ikoma.example.jp please translate."
    )
    assert list(comment.mentions.all()) == [invited]
