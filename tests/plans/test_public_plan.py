"""What of a plan the public reads: the approved version, never a draft; its monitoring only
while it is published; the meeting it was approved at only if the public may see it."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from citybridge.pairings.enums import PairingStatus
from citybridge.plans import services
from citybridge.plans.forms import ApprovalForm
from citybridge.plans.models import ActionPlan, Measurement, PlanVersion
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    IndicatorFactory,
    PairingFactory,
    UserFactory,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def plan(pairing, admin):
    """An approved plan of the public pairing, with one action and its indicator."""
    plan = ActionPlanFactory(pairing=pairing, title=text(en="Approved plan"))
    action = ActionFactory(plan=plan, title=text(en="Approved action"))
    IndicatorFactory(plan=plan, action=action, name=text(en="Approved indicator"))
    services.submit_plan(plan, by=admin)
    services.approve_plan(plan, by=admin)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def internal_meeting(pairing):
    """A meeting of another pairing of the programme, still proposed (not public)."""
    proposed = PairingFactory(programme=pairing.programme, status=PairingStatus.PROPOSED)
    return ActivityFactory(pairing=proposed, title=text(en="Internal meeting"))


def _reopen_with_draft_changes(plan, admin):
    services.request_changes(plan, by=admin, reason="More detail")
    plan.refresh_from_db()
    plan.title = text(en="Draft title")
    plan.save()
    draft_action = ActionFactory(plan=plan, title=text(en="Draft action"))
    indicator = IndicatorFactory(plan=plan, action=draft_action, name=text(en="Draft indicator"))
    Measurement.objects.create(indicator=indicator, date=date(2020, 1, 1), value=1)
    return indicator


def test_a_plan_back_in_draft_shows_the_public_its_approved_version_only(
    client, plan, admin, pairing
):
    _reopen_with_draft_changes(plan, admin)
    page = client.get(f"/en/plans/{pairing.slug}/").content.decode()
    assert "Approved plan" in page and "Approved action" in page
    assert "Draft title" not in page and "Draft action" not in page
    assert "Approved plan" in client.get(pairing.get_absolute_url()).content.decode()


def test_a_plan_back_in_draft_shows_no_indicator_in_the_api(client, plan, admin, pairing):
    indicator = _reopen_with_draft_changes(plan, admin)
    assert client.get(f"/api/v1/plans/{pairing.slug}").json()["title"]["text"] == "Approved plan"
    assert client.get(f"/api/v1/plans/{pairing.slug}/indicators").json() == []
    measurements = f"/api/v1/plans/{pairing.slug}/indicators/{indicator.pk}/measurements"
    assert client.get(measurements).status_code == 404


def test_a_plan_back_in_draft_offers_no_pdf_to_the_public(client, plan, admin, pairing):
    _reopen_with_draft_changes(plan, admin)
    page = client.get(f"/en/plans/{pairing.slug}/").content.decode()
    assert f"/en/plan-files/{plan.pk}/" not in page
    assert client.get(f"/en/plan-files/{plan.pk}/glance.pdf").status_code == 404


def test_a_plan_is_not_approved_at_another_pairings_internal_meeting(
    pairing, admin, internal_meeting
):
    plan = ActionPlanFactory(pairing=pairing)
    ActionFactory(plan=plan)
    services.submit_plan(plan, by=admin)
    with pytest.raises(ValidationError, match="public meeting of the programme"):
        services.approve_plan(plan, by=admin, activity=internal_meeting)
    plan.refresh_from_db()
    assert (plan.status, plan.approved_during) == ("submitted", None)


def test_the_approval_form_offers_the_programmes_public_meetings_and_the_pairings_own(
    pairing, internal_meeting
):
    exchange_meeting = ActivityFactory(pairing=None, programme=pairing.programme)
    own = ActivityFactory(pairing=pairing)
    ActivityFactory(pairing=PairingFactory())  # another programme's
    plan = ActionPlanFactory(pairing=pairing)
    offered = set(ApprovalForm(plan=plan).fields["activity"].queryset)
    assert offered == {exchange_meeting, own}


def test_a_meeting_the_public_may_not_see_is_not_named_where_the_plan_is_published(
    client, plan, admin, pairing, internal_meeting
):
    # Recorded before approvals were limited to public meetings.
    services.start_implementation(plan, by=admin)
    ActionPlan.objects.filter(pk=plan.pk).update(approved_during=internal_meeting)
    approved = services.latest_approved_version(plan)
    PlanVersion.objects.create(
        plan=plan,
        number=approved.number + 1,
        kind=approved.kind,
        snapshot=approved.snapshot,
        created_at=approved.created_at,
        activity=internal_meeting,
    )
    page = client.get(f"/en/plans/{pairing.slug}/").content.decode()
    pdf = client.get(f"/en/plan-files/{plan.pk}/glance.pdf")
    text_of_pdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Internal meeting" not in page and "Approved plan" in page
    assert "Internal meeting" not in text_of_pdf and "Approved plan" in text_of_pdf
