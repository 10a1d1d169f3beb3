"""The demo's Ancona–Ikoma action plan: real workflow, published facts, sample content marked."""

import uuid
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from citybridge.demo.loader import DEMO_NAMESPACE
from citybridge.plans.enums import PlanStatus, VersionKind
from citybridge.plans.models import (
    Action,
    ActionPlan,
    Indicator,
    Measurement,
    PlanVersion,
    ProgressUpdate,
)

pytestmark = pytest.mark.django_db

SAMPLE_MARKS = {"en": "(sample)", "it": "(esempio)", "ja": "（サンプル）"}


@pytest.fixture
def plan():
    call_command("load_demo", quiet_logins=True)
    return ActionPlan.objects.select_related("pairing", "approved_by", "approved_during").get(
        pairing__slug="ancona-ikoma"
    )


def test_demo_plan_was_approved_at_the_5th_exchange_meeting_in_brussels(plan):
    fifth_meeting = uuid.uuid5(DEMO_NAMESPACE, "exchange-meeting-5")
    assert plan.status == PlanStatus.IN_IMPLEMENTATION
    assert plan.approved_during.uid == fifth_meeting
    assert plan.approved_by.username == "coordinator"
    assert plan.approved_at.astimezone(ZoneInfo("Europe/Brussels")).date() == date(2019, 11, 20)


def test_demo_plan_has_a_submitted_v1_and_an_approved_v2_made_by_the_workflow(plan):
    versions = [
        (v.number, v.kind, v.created_by.username, v.created_at.year, v.activity_id)
        for v in plan.versions.select_related("created_by")
    ]
    assert versions == [
        (1, VersionKind.SUBMITTED, "ancona-editor", 2019, None),
        (2, VersionKind.APPROVED, "coordinator", 2019, plan.approved_during_id),
    ]
    assert plan.versions.get(number=1).created_at < plan.versions.get(number=2).created_at
    assert [h.status for h in plan.history.order_by("history_date", "history_id")] == [
        PlanStatus.DRAFT,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
        PlanStatus.IN_IMPLEMENTATION,
    ]


def test_demo_plan_title_is_in_english_italian_and_japanese(plan):
    assert plan.title.data == {
        "en": "Ancona–Ikoma Urban Cooperation Action Plan",
        "it": "Piano d'azione di cooperazione urbana Ancona–Ikoma",
        "ja": "アンコーナ・生駒 都市協力行動計画",
    }
    assert "20 November 2019" in plan.context.data["en"]


def test_every_demo_action_is_marked_as_sample_in_every_language(plan):
    actions = list(plan.actions.select_related("theme", "lead_city", "lead_organisation"))
    assert 5 <= len(actions) <= 7
    for action in actions:
        for language, mark in SAMPLE_MARKS.items():
            assert action.title.data[language].endswith(mark), (language, action.title.data)
    assert {a.theme.name.data["en"] for a in actions} == {
        "Clean energy and climate change",
        "Social inclusion",
        "Sustainable economy and tourism",
    }
    assert {a.lead_city.slug for a in actions} == {"ancona", "ikoma"}
    assert {a.lead_organisation.name.data["en"] for a in actions if a.lead_organisation} == {
        "EU Programmes Office",
        "Social Policies",
        "Planning and Environment",
    }
    assert all(a.progress_updates.exists() for a in actions)


def test_demo_indicators_are_samples_with_baseline_target_and_measurements(plan):
    indicators = list(plan.indicators.all())
    assert indicators and all(i.is_sample for i in indicators)
    assert all(i.baseline_value is not None and i.target_value is not None for i in indicators)
    assert all(i.measurements.exists() for i in indicators)


def test_demo_plan_is_on_the_public_plan_page_in_japanese(client, plan):
    page = client.get("/ja/plans/ancona-ikoma/").content.decode()
    assert "アンコーナ・生駒 都市協力行動計画" in page
    assert "（サンプル）" in page


def test_loading_the_demo_twice_leaves_the_plan_as_it_is():
    call_command("load_demo", quiet_logins=True)
    models = [ActionPlan, Action, Indicator, Measurement, ProgressUpdate, PlanVersion]
    before = {m.__name__: m.objects.count() for m in models}
    history = ActionPlan.history.count()
    call_command("load_demo", quiet_logins=True)
    assert {m.__name__: m.objects.count() for m in models} == before
    assert ActionPlan.history.count() == history
    assert before["ActionPlan"] == 1 and before["PlanVersion"] == 2
