"""Evaluation: scoring by assigned evaluators only, the ranking (totals and spread), selection
decisions told by e-mail in the applicant's language, and who may open the coordinator's pages."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from citybridge.access.enums import RoleKind
from citybridge.calls import services
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.evaluation import ranking, save_scores
from citybridge.calls.models import Criterion, Evaluation, Score
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    grant,
    text,
)

pytestmark = pytest.mark.django_db


# --- Helpers -------------------------------------------------------------------------------


@pytest.fixture
def call(people, pairing):
    """A call of the fixture's programme with two criteria; the fixture's evaluator is one of
    its evaluators."""
    call = CallFactory(programme=pairing.programme, title='{"en": "Call 2017", "ja": "2017年公募"}')
    call.evaluators.add(people["evaluator"])
    return call


@pytest.fixture
def criteria(call):
    return (
        Criterion.objects.create(call=call, name=text(en="Relevance"), weight=60, max_score=5),
        Criterion.objects.create(call=call, name=text(en="Capacity"), weight=40, max_score=10),
    )


def submitted(call, **kwargs):
    return ApplicationFactory(
        call=call, status=ApplicationStatus.SUBMITTED, submitted_at=timezone.now(), **kwargs
    )


def evaluator_of(call, username):
    user = UserFactory(username=username)
    grant(user, RoleKind.EVALUATOR, call.programme)
    call.evaluators.add(user)
    return user


def scored(application, evaluator, values, *, by, submit=True, comment=""):
    """Assign ``evaluator`` (as coordinator ``by``) and record their scores."""
    evaluation = services.assign_evaluator(application, evaluator, by=by)
    return save_scores(
        evaluation,
        by=evaluator,
        scores={criterion.pk: value for criterion, value in values.items()},
        comments={},
        comment=comment,
        submit=submit,
    )


def score_url(application, language="en"):
    return f"/{language}/evaluation/applications/{application.pk}/score/"


def call_url(call, suffix=""):
    return f"/en/evaluation/{call.slug}/{suffix}"


# --- Ranking ---------------------------------------------------------------------------------


def test_ranking_totals_and_spread_match_a_hand_computed_example(call, criteria, people):
    relevance, capacity = criteria  # weights 60 and 40; highest scores 5 and 10
    coordinator = people["coordinator"]
    ancona = submitted(call, city=CityFactory(name='{"en": "Ancona"}'))
    essen = submitted(call, city=CityFactory(name='{"en": "Essen"}'))
    first, second, third = (evaluator_of(call, name) for name in ("eva", "ivo", "ugo"))
    # Ancona: 60×4/5 + 40×5/10 = 68; 60×5/5 + 40×9/10 = 96; 60×3/5 + 40×4/10 = 52
    scored(ancona, first, {relevance: 4, capacity: 5}, by=coordinator)
    scored(ancona, second, {relevance: 5, capacity: 9}, by=coordinator)
    scored(ancona, third, {relevance: 3, capacity: 4}, by=coordinator)
    # Essen: 60×3/5 + 40×10/10 = 76, one evaluator only
    scored(essen, first, {relevance: 3, capacity: 10}, by=coordinator)

    _criteria, results = ranking(call)

    by_city = {str(r.application.city): r for r in results}
    # means: relevance (4+5+3)/3 = 4 → 60×4/5 = 48; capacity (5+9+4)/3 = 6 → 40×6/10 = 24
    assert by_city["Ancona"].shown_total == Decimal("72.00")
    assert [c.shown_mean for c in by_city["Ancona"].criteria] == [Decimal("4.00"), Decimal("6.00")]
    assert sorted(e.shown_total for e in by_city["Ancona"].evaluators) == [
        Decimal("52.00"),
        Decimal("68.00"),
        Decimal("96.00"),
    ]
    assert by_city["Ancona"].shown_spread == Decimal("44.00")  # 96 − 52
    # population standard deviation of 68, 96, 52 around 72: √((16 + 576 + 400) / 3) = 18.184…
    assert by_city["Ancona"].shown_standard_deviation == Decimal("18.18")
    assert by_city["Ancona"].received == 3
    assert by_city["Essen"].shown_total == Decimal("76.00")
    assert by_city["Essen"].spread is None  # one evaluator: no spread yet
    assert [(str(r.application.city), r.rank) for r in results] == [("Essen", 1), ("Ancona", 2)]


def test_draft_evaluations_do_not_count_in_the_ranking(call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call)
    scored(
        application,
        evaluator_of(call, "eva"),
        {relevance: 5, capacity: 10},
        by=people["coordinator"],
    )
    scored(
        application,
        evaluator_of(call, "ivo"),
        {relevance: 0, capacity: 0},
        by=people["coordinator"],
        submit=False,
    )

    _criteria, [result] = ranking(call)

    assert result.shown_total == Decimal("100.00")
    assert (result.received, result.assigned) == (1, 2)
    assert result.spread is None


def test_equal_totals_share_a_rank_and_ineligible_applications_are_not_ranked(
    call, criteria, people
):
    relevance, capacity = criteria
    coordinator, evaluator = people["coordinator"], people["evaluator"]
    cities = [CityFactory(name=text(en=name)) for name in ("Ancona", "Bari", "Como", "Dorf")]
    applications = [submitted(call, city=city) for city in cities]
    cities[3].population = 5_000  # below the call's minimum: ineligible
    cities[3].save()
    for application, values in zip(applications, [(5, 10), (5, 10), (1, 1), (5, 10)], strict=True):
        scored(application, evaluator, dict(zip(criteria, values, strict=True)), by=coordinator)

    _criteria, results = ranking(call)

    assert [(str(r.application.city), r.rank) for r in results] == [
        ("Ancona", 1),
        ("Bari", 1),
        ("Como", 3),
        ("Dorf", None),
    ]


def test_coordinator_page_shows_the_ranking_and_documents_the_formula(
    client, call, criteria, people
):
    relevance, capacity = criteria
    application = submitted(call, city=CityFactory(name='{"en": "Ancona"}'))
    scored(
        application,
        evaluator_of(call, "eva"),
        {relevance: 4, capacity: 5},
        by=people["coordinator"],
    )
    scored(
        application,
        evaluator_of(call, "ivo"),
        {relevance: 5, capacity: 9},
        by=people["coordinator"],
    )
    client.force_login(people["coordinator"])

    page = client.get(call_url(call)).content.decode()

    assert "total = Σ over the criteria of weight × mean score ÷ highest score" in page
    assert "<td>82.00</td>" in page  # 60×4.5/5 + 40×7/10
    assert "<td>28.00</td>" in page  # 96 − 68
    assert "<td>14.00</td>" in page  # standard deviation of 68 and 96
    assert "Total (of 100.00)" in page


def test_ranking_downloads_as_csv(client, call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call, city=CityFactory(name='{"en": "Ancona"}'))
    scored(application, people["evaluator"], {relevance: 4, capacity: 5}, by=people["coordinator"])
    client.force_login(people["coordinator"])

    response = client.get(call_url(call, "ranking.csv"))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "1,Ancona,IT,Submitted,yes,1,1,4.00,5.00,68.00,,,Not decided"


def test_ranking_downloads_as_excel_with_numbers(client, call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call, city=CityFactory(name='{"en": "Ancona"}'))
    scored(application, people["evaluator"], {relevance: 4, capacity: 5}, by=people["coordinator"])
    client.force_login(people["coordinator"])

    response = client.get(call_url(call, "ranking.xlsx"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "Rank"
    assert (sheet["B2"].value, sheet["J2"].value) == ("Ancona", 68)


def test_coordinator_page_query_count_does_not_grow_with_applications(
    client, call, criteria, people
):
    relevance, capacity = criteria
    coordinator = people["coordinator"]
    others = [evaluator_of(call, "eva"), evaluator_of(call, "ivo")]
    PersonFactory(user=others[0])

    def application_with_scores():
        application = submitted(call)
        for evaluator in others:
            scored(application, evaluator, {relevance: 3, capacity: 7}, by=coordinator)
        return application

    application_with_scores()
    client.force_login(coordinator)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(call_url(call)).status_code == 200
        return len(context.captured_queries)

    one = queries()
    for _ in range(4):
        application_with_scores()
    assert queries() == one


# --- Who may open the coordinator's pages ------------------------------------------------------

ROLES = [
    ("coordinator", 200),
    ("admin", 200),
    ("other_coordinator", 403),
    ("pairing_coordinator", 403),
    ("editor", 403),
    ("partner_editor", 403),
    ("viewer", 403),
    ("evaluator", 403),
    ("other_editor", 403),
    ("nobody", 403),
]


@pytest.mark.parametrize("suffix", ["", "import/", "ranking.csv", "ranking.xlsx"])
@pytest.mark.parametrize(("who", "status"), ROLES)
def test_only_the_programmes_coordinators_open_the_coordinator_pages(
    client, call, people, who, status, suffix
):
    client.force_login(people[who])
    assert client.get(call_url(call, suffix)).status_code == status


@pytest.mark.parametrize("suffix", ["", "import/", "ranking.csv"])
def test_visitors_are_sent_to_log_in(client, call, suffix):
    response = client.get(call_url(call, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize(("who", "status"), [(w, s) for w, s in ROLES if s == 403])
def test_only_the_programmes_coordinators_decide_assign_and_override(
    client, call, people, who, status
):
    application = submitted(call)
    client.force_login(people[who])
    base = call_url(call, f"applications/{application.pk}/")

    assert client.post(base + "decide/", {"decision": "selected"}).status_code == 403
    assert client.post(base + "assign/", {"evaluator": people["evaluator"].pk}).status_code == 403
    assert client.post(base + "eligibility/", {"eligible": "no", "reason": "No"}).status_code == 403
    application.refresh_from_db()
    assert application.decision == Decision.PENDING
    assert application.eligibility_override is None
    assert not Evaluation.objects.exists()


# --- Assigning and scoring -------------------------------------------------------------------


def test_coordinator_assigns_an_evaluator(client, call, people):
    application = submitted(call)
    client.force_login(people["coordinator"])

    response = client.post(
        call_url(call, f"applications/{application.pk}/assign/"),
        {"evaluator": people["evaluator"].pk},
        follow=True,
    )

    assert Evaluation.objects.get().evaluator == people["evaluator"]
    assert "evaluator will evaluate the application of" in response.content.decode()


def test_an_evaluator_from_the_applicants_city_is_not_assigned(client, call, people):
    application = submitted(call)
    PersonFactory(user=people["evaluator"], organisation=OrganisationFactory(city=application.city))
    client.force_login(people["coordinator"])

    response = client.post(
        call_url(call, f"applications/{application.pk}/assign/"),
        {"evaluator": people["evaluator"].pk},
        follow=True,
    )

    assert not Evaluation.objects.exists()
    assert "This evaluator belongs to the applicant&#x27;s city or organisation." in (
        response.content.decode()
    )


def test_only_the_calls_evaluators_can_be_assigned(client, call, people):
    application = submitted(call)
    client.force_login(people["coordinator"])

    client.post(
        call_url(call, f"applications/{application.pk}/assign/"),
        {"evaluator": people["nobody"].pk},
    )

    assert not Evaluation.objects.exists()


def test_evaluator_cannot_open_or_score_an_application_not_assigned_to_them(
    client, call, criteria, people
):
    application = submitted(call)
    client.force_login(people["evaluator"])

    assert client.get(score_url(application)).status_code == 403
    response = client.post(score_url(application), {f"score_{criteria[0].pk}": "3"})
    assert response.status_code == 403
    assert not Score.objects.exists()


def test_evaluator_cannot_score_an_application_of_their_own_city_even_if_assigned_before(
    client, call, criteria, people
):
    application = submitted(call)
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    # Later the evaluator is recorded as working for the applicant city.
    PersonFactory(user=people["evaluator"], organisation=OrganisationFactory(city=application.city))
    client.force_login(people["evaluator"])

    assert client.get(score_url(application)).status_code == 403
    response = client.post(
        score_url(application),
        {f"score_{criteria[0].pk}": "3", f"score_{criteria[1].pk}": "3", "action": "submit"},
    )
    assert response.status_code == 403
    assert not Score.objects.exists()
    assert "evaluation/applications" not in client.get("/en/evaluation/mine/").content.decode()


def test_evaluator_cannot_score_an_application_involving_their_organisation(
    client, call, criteria, people
):
    organisation = OrganisationFactory()  # a body of another city
    application = submitted(call)
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    PersonFactory(user=people["evaluator"], organisation=organisation)
    application.departments.add(organisation)
    client.force_login(people["evaluator"])

    assert client.get(score_url(application)).status_code == 403
    assert score_url(application) not in client.get("/en/evaluation/mine/").content.decode()


def test_my_evaluations_lists_only_what_is_assigned_to_me(client, call, people):
    mine, theirs = submitted(call), submitted(call)
    services.assign_evaluator(mine, people["evaluator"], by=people["coordinator"])
    services.assign_evaluator(theirs, evaluator_of(call, "ivo"), by=people["coordinator"])
    client.force_login(people["evaluator"])

    page = client.get("/en/evaluation/mine/").content.decode()

    assert score_url(mine) in page
    assert score_url(theirs) not in page


def test_evaluator_does_not_see_other_evaluators_scores(client, call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call)
    scored(
        application,
        evaluator_of(call, "other-evaluator-ivo"),
        {relevance: 2, capacity: 3},
        by=people["coordinator"],
        comment="Ivo thinks the motivation is weak",
    )
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    client.force_login(people["evaluator"])

    pages = [
        client.get(score_url(application)).content.decode(),
        client.get("/en/evaluation/mine/").content.decode(),
        client.get(f"/en/calls/applications/{application.pk}/").content.decode(),
    ]

    for page in pages:
        assert "Ivo thinks the motivation is weak" not in page
        assert "other-evaluator-ivo" not in page
    assert 'value="2"' not in pages[0]


def test_saving_keeps_a_draft_and_submitting_records_the_time(client, call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call)
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    client.force_login(people["evaluator"])

    client.post(
        score_url(application),
        {f"score_{relevance.pk}": "4", f"comment_{relevance.pk}": "Clear", "action": "save"},
    )
    evaluation = Evaluation.objects.get()
    assert evaluation.submitted_at is None
    assert [(s.criterion, s.value, s.comment) for s in evaluation.scores.all()] == [
        (relevance, 4, "Clear")
    ]

    response = client.post(
        score_url(application),
        {
            f"score_{relevance.pk}": "4",
            f"score_{capacity.pk}": "7",
            "comment": "A strong application",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.submitted_at is not None
    assert evaluation.comment == "A strong application"
    assert sorted(s.value for s in evaluation.scores.all()) == [4, 7]
    assert (
        Score.objects.get(criterion=relevance).comment == ""
    )  # the comment was cleared in the form


def test_submitting_needs_a_score_for_every_criterion(client, call, criteria, people):
    relevance, _capacity = criteria
    application = submitted(call)
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    client.force_login(people["evaluator"])

    response = client.post(
        score_url(application), {f"score_{relevance.pk}": "4", "action": "submit"}
    )

    assert response.status_code == 400
    assert "Give a score before submitting." in response.content.decode()
    assert Evaluation.objects.get().submitted_at is None
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("6", "Ensure this value is less than or equal to 5."),
        ("-1", "Ensure this value is greater than or equal to 0."),
        ("four", "Enter a whole number."),
    ],
)
def test_a_score_outside_the_criterions_range_is_refused_and_nothing_saved(
    client, call, criteria, people, value, message
):
    relevance, capacity = criteria
    application = submitted(call)
    services.assign_evaluator(application, people["evaluator"], by=people["coordinator"])
    client.force_login(people["evaluator"])

    response = client.post(
        score_url(application),
        {f"score_{relevance.pk}": value, f"score_{capacity.pk}": "8", "action": "submit"},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Score.objects.exists()
    assert Evaluation.objects.get().submitted_at is None


def test_the_scoring_service_refuses_a_score_above_the_highest(call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call)
    evaluation = services.assign_evaluator(
        application, people["evaluator"], by=people["coordinator"]
    )

    with pytest.raises(Exception, match="between 0 and 5"):
        save_scores(
            evaluation,
            by=people["evaluator"],
            scores={relevance.pk: 9, capacity.pk: 3},
            comments={},
            comment="",
            submit=True,
        )

    assert not Score.objects.exists()


def test_scores_cannot_change_once_the_selection_is_decided(client, call, criteria, people):
    relevance, capacity = criteria
    application = submitted(call)
    scored(application, people["evaluator"], {relevance: 4, capacity: 7}, by=people["coordinator"])
    services.decide(application, by=people["coordinator"], decision=Decision.SELECTED)
    client.force_login(people["evaluator"])

    page = client.get(score_url(application)).content.decode()
    response = client.post(
        score_url(application),
        {f"score_{relevance.pk}": "1", f"score_{capacity.pk}": "1", "action": "submit"},
    )

    assert "the scores can no longer be changed" in page
    assert response.status_code == 400
    assert "the scores can no longer be changed" in response.content.decode()
    assert sorted(s.value for s in Score.objects.all()) == [4, 7]


# --- Eligibility and selection ---------------------------------------------------------------


def test_selection_is_recorded_and_told_in_the_contacts_language(
    client, call, people, django_capture_on_commit_callbacks
):
    contact = PersonFactory(name="Tanaka", email="tanaka@ikoma.example", languages=["ja"])
    application = submitted(call, contact=contact)
    client.force_login(people["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            call_url(call, f"applications/{application.pk}/decide/"), {"decision": "selected"}
        )

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision == Decision.SELECTED
    assert application.decided_by == people["coordinator"]
    assert abs(timezone.now() - application.decided_at).total_seconds() < 60
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["tanaka@ikoma.example"]
    assert "2017年公募" in message.subject
    assert "Call 2017" not in message.subject
    assert "Tanaka" in message.body


def test_not_selected_is_told_in_english_to_an_english_speaking_contact(
    client, call, people, django_capture_on_commit_callbacks
):
    contact = PersonFactory(email="anna@ancona.example", languages=["en"])
    application = submitted(call, contact=contact)
    client.force_login(people["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            call_url(call, f"applications/{application.pk}/decide/"),
            {"decision": "not_selected"},
        )

    application.refresh_from_db()
    assert application.decision == Decision.NOT_SELECTED
    assert mail.outbox[0].subject == "Decision on your application: Call 2017"


def test_an_ineligible_application_cannot_be_selected(
    client, call, people, django_capture_on_commit_callbacks
):
    application = submitted(
        call, city=CityFactory(population=20_000), contact=PersonFactory(email="a@b.example")
    )
    client.force_login(people["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            call_url(call, f"applications/{application.pk}/decide/"),
            {"decision": "selected"},
            follow=True,
        )

    application.refresh_from_db()
    assert application.decision == Decision.PENDING
    assert application.decided_by is None
    assert mail.outbox == []
    assert "An ineligible application cannot be selected." in response.content.decode()


def test_the_coordinators_eligibility_decision_overrides_the_screening(client, call, people):
    application = submitted(call, city=CityFactory(population=90_000))
    client.force_login(people["coordinator"])
    assert "The population counted is 90,000" in client.get(call_url(call)).content.decode()

    client.post(
        call_url(call, f"applications/{application.pk}/eligibility/"),
        {"eligible": "yes", "reason": "The metropolitan area counts 300,000 inhabitants."},
    )

    application.refresh_from_db()
    assert application.eligibility_override is True
    assert application.override_by == people["coordinator"]
    page = client.get(call_url(call)).content.decode()
    assert "The metropolitan area counts 300,000 inhabitants." in page
    assert "decided by coordinator" in page


def test_an_eligibility_decision_without_a_reason_is_refused(client, call, people):
    application = submitted(call)
    client.force_login(people["coordinator"])

    response = client.post(
        call_url(call, f"applications/{application.pk}/eligibility/"),
        {"eligible": "no", "reason": "  "},
        follow=True,
    )

    application.refresh_from_db()
    assert application.eligibility_override is None
    assert "give the reason for the decision" in response.content.decode()


def test_an_application_of_another_call_is_not_found_under_this_call(client, call, people):
    other = submitted(CallFactory(programme=call.programme))
    client.force_login(people["coordinator"])

    response = client.post(
        call_url(call, f"applications/{other.pk}/decide/"), {"decision": "not_selected"}
    )

    assert response.status_code == 404
