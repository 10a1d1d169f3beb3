"""``citybridge generate``: synthetic programmes now carry action plans with monitoring data."""

from collections import Counter

import pytest

from citybridge.demo.synthetic import generate
from citybridge.pairings.enums import PairingStatus
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


def test_one_unit_of_scale_makes_a_plan_per_pairing_with_its_monitoring_data():
    made = generate(1)
    assert (made.plans, made.actions, made.indicators, made.measurements) == (
        10,
        1_000,
        100,
        10_000,
    )
    assert ActionPlan.objects.count() == 10
    assert Action.objects.count() == 1_000
    assert Indicator.objects.count() == 100
    assert Measurement.objects.count() == 10_000
    assert ProgressUpdate.objects.count() == made.progress_updates == 3_000
    # Bulk inserts write no history: synthetic data has none to tell.
    assert ActionPlan.history.count() == Measurement.history.count() == 0


def test_generated_plans_mix_the_workflow_statuses_and_proposed_pairings_stay_drafts():
    generate(2, actions_per_plan=2, measurements_per_indicator=1, updates_per_action=1)
    statuses = Counter(ActionPlan.objects.values_list("status", flat=True))
    assert set(statuses) == {
        PlanStatus.DRAFT,
        PlanStatus.SUBMITTED,
        PlanStatus.APPROVED,
        PlanStatus.IN_IMPLEMENTATION,
    }
    assert not ActionPlan.objects.filter(pairing__status=PairingStatus.PROPOSED).exclude(
        status=PlanStatus.DRAFT
    )


def test_generated_plans_have_the_versions_their_status_needs():
    generate(1, actions_per_plan=3, measurements_per_indicator=1, updates_per_action=1)
    for plan in ActionPlan.objects.prefetch_related("versions"):
        kinds = [v.kind for v in plan.versions.all()]
        expected = {
            PlanStatus.DRAFT: [],
            PlanStatus.SUBMITTED: [VersionKind.SUBMITTED],
            PlanStatus.APPROVED: [VersionKind.SUBMITTED, VersionKind.APPROVED],
            PlanStatus.IN_IMPLEMENTATION: [VersionKind.SUBMITTED, VersionKind.APPROVED],
        }[plan.status]
        assert kinds == expected, plan.status
        assert (plan.approved_at is not None) == (VersionKind.APPROVED in kinds)
    version = PlanVersion.objects.filter(kind=VersionKind.APPROVED).first()
    assert len(version.snapshot["actions"]) == 3


def test_an_approved_synthetic_plan_is_on_the_public_plan_page_and_in_the_api(client):
    generate(1, actions_per_plan=3, measurements_per_indicator=2, updates_per_action=1)
    plan = (
        ActionPlan.objects.filter(
            status=PlanStatus.IN_IMPLEMENTATION,
            pairing__status__in=[PairingStatus.ACTIVE, PairingStatus.COMPLETED],
        )
        .select_related("pairing")
        .first()
    )
    assert client.get(f"/ja/plans/{plan.pairing.slug}/").status_code == 200
    body = client.get(f"/api/v1/plans/{plan.pairing.slug}").json()
    assert len(body["actions"]) == 3
    assert all(a["progress"] is not None for a in body["actions"])
