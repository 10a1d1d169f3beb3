"""The public plans API: approved plans only, their approved content, monitoring, 4xx errors."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.pairings.enums import PairingStatus
from citybridge.plans.enums import ProgressStatus
from citybridge.plans.models import Measurement, ProgressUpdate
from citybridge.plans.services import approve_plan, request_changes, submit_plan
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    PairingFactory,
    ProgrammeFactory,
    UserFactory,
    text,
)

pytestmark = pytest.mark.django_db

APPROVED_AT = datetime(2019, 11, 20, 11, 0, tzinfo=UTC)


@pytest.fixture
def admin():
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


def make_plan(pairing, by, *, status="approved", actions=1, title=None):
    """A plan of ``pairing`` taken through the workflow up to ``status``."""
    plan = ActionPlanFactory(
        pairing=pairing, title=title or text(en="Action plan", it="Piano d'azione", ja="行動計画")
    )
    for _ in range(actions):
        ActionFactory(plan=plan)
    if status in ("submitted", "approved"):
        submit_plan(plan, by=by)
    if status == "approved":
        approve_plan(plan, by=by, at=APPROVED_AT)
    plan.refresh_from_db()
    return plan


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_openapi_schema_lists_the_plan_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert set(paths) >= {
        "/api/v1/plans",
        "/api/v1/plans/{pairing_slug}",
        "/api/v1/plans/{pairing_slug}/indicators",
        "/api/v1/plans/{pairing_slug}/indicators/{indicator_id}/measurements",
    }


def test_only_approved_plans_are_listed(client, admin, pairing):
    programme = pairing.programme
    approved = make_plan(pairing, admin)
    make_plan(PairingFactory(programme=programme), admin, status="draft")
    make_plan(PairingFactory(programme=programme), admin, status="submitted")
    body = client.get("/api/v1/plans").json()
    assert body["count"] == 1
    assert [p["pairing"] for p in body["items"]] == [approved.pairing.slug]


def test_drafts_and_plans_submitted_but_never_approved_answer_404(client, admin):
    draft = make_plan(PairingFactory(), admin, status="draft")
    submitted = make_plan(PairingFactory(), admin, status="submitted")
    for plan in (draft, submitted):
        slug = plan.pairing.slug
        for url in (
            f"/api/v1/plans/{slug}",
            f"/api/v1/plans/{slug}/indicators",
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert response["Content-Type"].startswith("application/json")
    indicator = IndicatorFactory(plan=submitted)
    url = f"/api/v1/plans/{submitted.pairing.slug}/indicators/{indicator.pk}/measurements"
    assert client.get(url).status_code == 404


def test_plans_of_proposed_pairings_are_not_published(client, admin, pairing):
    make_plan(pairing, admin)
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    assert client.get("/api/v1/plans").json()["count"] == 0
    assert client.get(f"/api/v1/plans/{pairing.slug}").status_code == 404


def test_plan_list_gives_status_version_approval_date_and_title_in_the_language_asked(
    client, admin, pairing
):
    make_plan(pairing, admin)
    item = client.get("/api/v1/plans", {"lang": "ja"}).json()["items"][0]
    assert item == {
        "pairing": pairing.slug,
        "programme": pairing.programme.slug,
        "status": "approved",
        "title": {"text": "行動計画", "language": "ja"},
        "version": 2,
        "approved_at": "2019-11-20T11:00:00Z",
        "approved_during": None,
    }


def test_plan_list_filters_by_programme_and_by_pairing(client, admin, pairing):
    make_plan(pairing, admin)
    other = make_plan(PairingFactory(programme=ProgrammeFactory(slug="iurc")), admin)
    by_programme = client.get("/api/v1/plans", {"programme": "iurc"}).json()["items"]
    assert [p["pairing"] for p in by_programme] == [other.pairing.slug]
    by_pairing = client.get("/api/v1/plans", {"pairing": pairing.slug}).json()["items"]
    assert [p["pairing"] for p in by_pairing] == [pairing.slug]
    assert client.get("/api/v1/plans", {"programme": "no-such"}).json()["count"] == 0


def test_plan_list_is_paginated(client, admin, pairing):
    make_plan(pairing, admin)
    make_plan(PairingFactory(programme=pairing.programme), admin)
    body = client.get("/api/v1/plans", {"limit": 1, "offset": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1


def test_plan_detail_shows_the_approved_version_in_the_language_asked(client, admin, pairing):
    plan = make_plan(pairing, admin, actions=1)
    approved = plan.actions.get()
    ActionFactory(plan=plan)  # added since the approval: not part of the approved version
    body = client.get(f"/api/v1/plans/{pairing.slug}", {"lang": "it"}).json()
    assert body["title"] == {"text": "Piano d'azione", "language": "it"}
    assert (body["version"], body["status"], body["approved_at"]) == (
        2,
        "approved",
        "2019-11-20T11:00:00Z",
    )
    assert [a["id"] for a in body["actions"]] == [approved.pk]


def test_a_reopened_plan_keeps_showing_its_approved_version(client, admin, pairing):
    plan = make_plan(pairing, admin)
    request_changes(plan, by=admin, reason="More detail on budgets.")
    plan.refresh_from_db()
    plan.title = text(en="Edited after approval")
    plan.save()
    body = client.get(f"/api/v1/plans/{pairing.slug}").json()
    assert body["title"] == {"text": "Action plan", "language": "en"}
    assert body["status"] == "draft"
    listed = client.get("/api/v1/plans").json()["items"][0]
    assert listed["title"] == {"text": "Action plan", "language": "en"}


def test_plan_detail_gives_the_latest_progress_of_each_action(client, admin, pairing):
    plan = make_plan(pairing, admin, actions=2)
    first, second = plan.actions.order_by("order")
    ProgressUpdate.objects.create(
        action=first, date=date(2020, 3, 31), status=ProgressStatus.ON_TRACK, percent=20
    )
    ProgressUpdate.objects.create(
        action=first,
        date=date(2020, 6, 30),
        status=ProgressStatus.DELAYED,
        percent=30,
        narrative=text(en="Visit postponed", ja="訪問延期"),
    )
    actions = client.get(f"/api/v1/plans/{pairing.slug}", {"lang": "ja"}).json()["actions"]
    assert [a["id"] for a in actions] == [first.pk, second.pk]
    assert actions[0]["progress"] == {
        "date": "2020-06-30",
        "status": "delayed",
        "percent": 30,
        "narrative": {"text": "訪問延期", "language": "ja"},
    }
    assert actions[1]["progress"] is None


def test_indicators_come_with_baseline_target_and_latest_measurement(client, admin, pairing):
    plan = make_plan(pairing, admin)
    indicator = IndicatorFactory(plan=plan, name=text(en="Emissions", ja="排出量"))
    Measurement.objects.create(indicator=indicator, date=date(2020, 1, 31), value=90)
    Measurement.objects.create(indicator=indicator, date=date(2020, 6, 30), value="85.5")
    items = client.get(f"/api/v1/plans/{pairing.slug}/indicators", {"lang": "ja"}).json()
    assert items == [
        {
            "id": indicator.pk,
            "name": {"text": "排出量", "language": "ja"},
            "unit": "t CO2",
            "direction": "decrease",
            "action": None,
            "baseline_value": 100.0,
            "baseline_date": None,
            "target_value": 60.0,
            "target_date": None,
            "latest_value": 85.5,
            "latest_date": "2020-06-30",
            "is_sample": False,
        }
    ]


def test_measurements_are_paginated_oldest_first(client, admin, pairing):
    plan = make_plan(pairing, admin)
    indicator = IndicatorFactory(plan=plan)
    for month, value in ((6, 80), (1, 95), (3, 90)):
        Measurement.objects.create(indicator=indicator, date=date(2020, month, 1), value=value)
    url = f"/api/v1/plans/{pairing.slug}/indicators/{indicator.pk}/measurements"
    body = client.get(url, {"limit": 2}).json()
    assert body["count"] == 3
    assert [(m["date"], m["value"]) for m in body["items"]] == [
        ("2020-01-01", 95.0),
        ("2020-03-01", 90.0),
    ]


def test_an_indicator_of_another_plan_answers_404(client, admin, pairing):
    make_plan(pairing, admin)
    elsewhere = IndicatorFactory(plan=make_plan(PairingFactory(), admin))
    url = f"/api/v1/plans/{pairing.slug}/indicators/{elsewhere.pk}/measurements"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/plans?lang=xx", 422),
        ("/api/v1/plans?limit=0", 422),
        ("/api/v1/plans?limit=100000", 422),
        ("/api/v1/plans?offset=-1", 422),
        ("/api/v1/plans?offset=100000000000000000000", 422),
        ("/api/v1/plans?programme=not%20a%20slug", 422),
        ("/api/v1/plans?pairing=%3Cscript%3E", 422),
        ("/api/v1/plans/no-such-pairing", 404),
        ("/api/v1/plans/no-such-pairing?lang=xx", 422),
        ("/api/v1/plans/no-such-pairing/indicators", 404),
        ("/api/v1/plans/no-such-pairing/indicators/1/measurements", 404),
        ("/api/v1/plans/no-such-pairing/indicators/abc/measurements", 422),
        ("/api/v1/plans/no-such-pairing/indicators/0/measurements", 422),
        ("/api/v1/plans/no-such-pairing/indicators/100000000000000000000/measurements", 422),
    ],
)
def test_invalid_plan_requests_get_a_json_4xx_never_a_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_plans_api_is_read_only(client, admin, pairing):
    make_plan(pairing, admin)
    assert client.post("/api/v1/plans", {}).status_code == 405
    assert client.delete(f"/api/v1/plans/{pairing.slug}").status_code == 405


def test_plan_list_queries_do_not_grow_with_the_number_of_plans(client, admin, pairing):
    make_plan(pairing, admin)
    one = count_queries(client, "/api/v1/plans?lang=ja")
    for _ in range(4):
        make_plan(PairingFactory(programme=pairing.programme), admin)
    assert client.get("/api/v1/plans").json()["count"] == 5
    assert count_queries(client, "/api/v1/plans?lang=ja") == one == 2


def test_plan_detail_queries_do_not_grow_with_the_number_of_actions(client, admin):
    small = make_plan(PairingFactory(), admin, actions=1)
    large = make_plan(PairingFactory(), admin, actions=5)
    for plan in (small, large):
        for action in plan.actions.all():
            ProgressUpdate.objects.create(
                action=action, date=date(2020, 3, 31), status=ProgressStatus.ON_TRACK, percent=10
            )
            IndicatorFactory(plan=plan, action=action)
    one = count_queries(client, f"/api/v1/plans/{small.pairing.slug}")
    five = count_queries(client, f"/api/v1/plans/{large.pairing.slug}")
    assert one == five == 3


def test_indicator_and_measurement_queries_do_not_grow_with_the_data(client, admin):
    small = make_plan(PairingFactory(), admin)
    large = make_plan(PairingFactory(), admin)
    counts = {}
    for plan, n in ((small, 1), (large, 5)):
        indicators = [IndicatorFactory(plan=plan) for _ in range(n)]
        for day in range(1, n + 1):
            Measurement.objects.create(indicator=indicators[0], date=date(2020, 1, day), value=day)
        slug = plan.pairing.slug
        counts[n] = (
            count_queries(client, f"/api/v1/plans/{slug}/indicators"),
            count_queries(
                client, f"/api/v1/plans/{slug}/indicators/{indicators[0].pk}/measurements"
            ),
        )
    assert counts[1] == counts[5] == (2, 3)
