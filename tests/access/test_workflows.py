"""Every workflow step × every role × every state, and every visibility × every role.

Each test asks one question (a plan transition from one state, a call step, a material of one
visibility) of every role at once and compares the whole answer with a small table, so that a
rule removed or loosened anywhere shows up as a role that is suddenly allowed (or refused).
"""

from datetime import date, timedelta
from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from citybridge.activities.enums import ActivityKind, MaterialKind, Visibility
from citybridge.activities.models import Material
from citybridge.calls import services as calls
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.models import Application, ApplicationTheme, Evaluation
from citybridge.core.i18n import localize
from citybridge.directory.models import Person
from citybridge.pairings.enums import AgreementStatus, PairingStatus
from citybridge.pairings.forms import AgreementForm, AgreementVersionFormSet, SignatoryFormSet
from citybridge.pairings.models import Agreement, Pairing
from citybridge.plans import services as plans
from citybridge.plans.enums import PlanStatus
from citybridge.plans.models import Comment, PlanVersion
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    AgendaItemFactory,
    AgreementFactory,
    ApplicationFactory,
    CallFactory,
    CityFactory,
    JapaneseCityFactory,
    OrganisationFactory,
    PairingFactory,
    PersonFactory,
    ProgrammeFactory,
    RoleKind,
    ThemeFactory,
    UserFactory,
    grant,
)
from tests.form_data import form_data

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "programme_coordinator",
    "pairing_coordinator",
    "city_editor",
    "other_city_editor",
    "city_viewer",
    "evaluator",
    "superuser",
)
ALL = frozenset(ROLES)
COORDINATORS = {"programme_coordinator", "superuser"}


@pytest.fixture
def world(db):
    """Ancona and Ikoma in an active pairing of one programme; one user per role."""
    programme = ProgrammeFactory()
    europe = CityFactory(name='{"en": "Ancona"}')
    japan = JapaneseCityFactory(name='{"en": "Ikoma"}')
    other_city = CityFactory(name='{"en": "Essen"}', country="DE")
    pairing = PairingFactory(programme=programme, cities=[europe, japan])
    users = {
        "anonymous": AnonymousUser(),
        "programme_coordinator": UserFactory(username="w-coordinator"),
        "pairing_coordinator": UserFactory(username="w-pairing-coordinator"),
        "city_editor": UserFactory(username="w-editor"),
        "other_city_editor": UserFactory(username="w-other-editor"),
        "city_viewer": UserFactory(username="w-viewer"),
        "evaluator": UserFactory(username="w-evaluator"),
        "superuser": UserFactory(username="w-admin", is_superuser=True, is_staff=True),
    }
    grant(users["programme_coordinator"], RoleKind.PROGRAMME_COORDINATOR, programme)
    grant(users["pairing_coordinator"], RoleKind.PAIRING_COORDINATOR, pairing)
    grant(users["city_editor"], RoleKind.CITY_EDITOR, europe)
    grant(users["other_city_editor"], RoleKind.CITY_EDITOR, other_city)
    grant(users["city_viewer"], RoleKind.CITY_VIEWER, europe)
    grant(users["evaluator"], RoleKind.EVALUATOR, programme)
    return dict(
        programme=programme,
        europe=europe,
        japan=japan,
        other_city=other_city,
        pairing=pairing,
        users=users,
    )


def attempt(step) -> str:
    """Run ``step`` in a savepoint that is always rolled back: "done", "refused" (403) or
    "invalid" (a message for the person), and what it left is undone for the next role."""
    with transaction.atomic():
        try:
            step()
            answer = "done"
        except PermissionDenied:
            answer = "refused"
        except ValidationError:
            answer = "invalid"
        transaction.set_rollback(True)
    return answer


def every_role(world, step) -> dict:
    return {role: attempt(partial(step, world["users"][role])) for role in ROLES}


def only(allowed, otherwise="refused", granted="done") -> dict:
    return {role: granted if role in allowed else otherwise for role in ROLES}


# --- Action plans: every transition × every state × every role ----------------------------

STATES = [s.value for s in PlanStatus]
REASON = "Add the indicators of action 3."
STEPS = {
    "submit": lambda plan, by: plans.submit_plan(plan, by=by),
    "approve": lambda plan, by: plans.approve_plan(plan, by=by),
    "request_changes": lambda plan, by: plans.request_changes(plan, by=by, reason=REASON),
    "implement": lambda plan, by: plans.start_implementation(plan, by=by),
    "close": lambda plan, by: plans.close_plan(plan, by=by),
}
# transition → {state it may start from: (state it leads to, who may take it)}
WORKFLOW = {
    "submit": {"draft": ("submitted", {"city_editor", "superuser"})},
    "approve": {"submitted": ("approved", COORDINATORS)},
    "request_changes": {
        "submitted": ("draft", COORDINATORS),
        "approved": ("draft", COORDINATORS),
    },
    "implement": {"approved": ("in_implementation", COORDINATORS)},
    "close": {"in_implementation": ("closed", COORDINATORS)},
}


@pytest.fixture
def plan(world):
    plan = ActionPlanFactory(pairing=world["pairing"])
    ActionFactory(plan=plan, lead_city=world["europe"])
    return plan


def _status_after(plan, transition, by) -> str:
    STEPS[transition](plan, by)
    plan.refresh_from_db()
    return plan.status


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("transition", list(STEPS))
def test_each_plan_transition_from_each_state_is_taken_only_by_the_roles_it_names(
    world, plan, transition, state
):
    plan.status = state
    plan.save(update_fields=["status"])
    target, allowed = WORKFLOW[transition].get(state, (None, set()))
    outcomes, reached = {}, {}
    for role in ROLES:
        user = world["users"][role]
        with transaction.atomic():
            try:
                reached[role] = _status_after(plan, transition, user)
                outcomes[role] = "done"
            except PermissionDenied:
                outcomes[role] = "refused"
            except ValidationError:
                outcomes[role] = "invalid"
            if outcomes[role] != "done":  # a refusal leaves the plan as it was
                plan.refresh_from_db()
                assert plan.status == state
            transaction.set_rollback(True)
        plan.refresh_from_db()
    if target is None:
        assert outcomes == only(set(), otherwise="invalid")
    else:
        assert outcomes == only(allowed)
        assert set(reached.values()) == {target}


def test_submitting_freezes_a_version_and_approving_another_recording_who_approved(world, plan):
    editor, coordinator = world["users"]["city_editor"], world["users"]["programme_coordinator"]
    plans.submit_plan(plan, by=editor)
    plans.approve_plan(plan, by=coordinator)
    plan.refresh_from_db()
    assert list(plan.versions.values_list("number", "kind", "created_by")) == [
        (1, "submitted", editor.pk),
        (2, "approved", coordinator.pk),
    ]
    assert plan.approved_by == coordinator


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_requesting_changes_without_a_reason_is_refused_and_the_plan_stays_submitted(
    world, plan, reason
):
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    with pytest.raises(ValidationError, match="Say what needs to change"):
        plans.request_changes(plan, by=world["users"]["programme_coordinator"], reason=reason)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert not Comment.objects.filter(plan=plan).exists()


def test_requested_changes_are_kept_as_a_comment_by_the_coordinator(world, plan):
    coordinator = world["users"]["programme_coordinator"]
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status"])
    comment = plans.request_changes(plan, by=coordinator, reason=REASON)
    assert (comment.plan, comment.author) == (plan, coordinator)
    assert REASON in comment.body


def test_the_workflow_page_refuses_a_plan_transition_to_a_city_editor(client, world, plan):
    """The same rule through the page: a city editor cannot start implementing its plan."""
    plan.status = PlanStatus.APPROVED
    plan.save(update_fields=["status"])
    client.force_login(world["users"]["city_editor"])
    url = reverse("workspace:plan_transition", kwargs={"pk": plan.pk, "transition": "implement"})
    assert client.post(url).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("plans.view_plan_workspace", ALL - {"anonymous", "other_city_editor", "evaluator"}),
        ("plans.edit_plan", {"city_editor", "superuser"}),
        ("plans.submit_plan", {"city_editor", "superuser"}),
        ("plans.approve_plan", COORDINATORS),
        (
            "plans.report_progress",
            {"programme_coordinator", "pairing_coordinator", "city_editor", "superuser"},
        ),
        ("plans.comment_plan", ALL - {"anonymous", "other_city_editor", "evaluator"}),
    ],
)
def test_plan_permissions_by_role(world, plan, permission, allowed):
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm(permission, plan)} == allowed


def test_a_plan_is_published_to_everyone_only_once_approved_in_a_public_pairing(world, plan):
    users = world["users"]
    members = ALL - {"anonymous", "other_city_editor", "evaluator"}

    def readers():
        plan.refresh_from_db()
        return {r for r in ROLES if users[r].has_perm("plans.view_published_plan", plan)}

    assert readers() == members  # draft
    plan.status = PlanStatus.APPROVED
    plan.save(update_fields=["status"])
    assert readers() == ALL
    plan.pairing.status = PairingStatus.PROPOSED
    plan.pairing.save(update_fields=["status"])
    assert readers() == members


# --- Calls and applications ----------------------------------------------------------------


@pytest.fixture
def call(world):
    call = CallFactory(programme=world["programme"])
    call.evaluators.add(world["users"]["evaluator"])
    return call


@pytest.fixture
def application(world, call):
    """A complete draft of Ancona, ready to submit."""
    theme = ThemeFactory(programme=world["programme"])
    call.themes.add(theme)
    contact = PersonFactory(organisation=OrganisationFactory(city=world["europe"]))
    # Another city's application first, so that no application shares its number with a city
    # (a rule given the application instead of its city would otherwise pass by chance).
    ApplicationFactory(call=call, city=world["other_city"])
    application = ApplicationFactory(call=call, city=world["europe"], contact=contact)
    ApplicationTheme.objects.create(application=application, theme=theme, rank=1)
    return application


# A city's editors, and the call's coordinators on the city's behalf (issue 10, item 3).
APPLICANTS = {"city_editor", "programme_coordinator", "superuser"}


def _with_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()


def test_a_city_s_editor_or_the_call_s_coordinator_on_its_behalf_starts_its_application(
    world, call
):
    outcomes = every_role(world, lambda by: calls.start_application(call, world["europe"], by=by))
    assert outcomes == only(APPLICANTS)


def test_an_application_cannot_be_started_before_the_call_opens(world, call):
    call.opens_at = timezone.now() + timedelta(days=1)
    call.save(update_fields=["opens_at"])
    outcomes = every_role(world, lambda by: calls.start_application(call, world["europe"], by=by))
    assert outcomes == only(APPLICANTS, granted="invalid")


def test_a_city_outside_the_call_s_countries_cannot_apply(world, call):
    call.side_a_countries = ["FR"]
    call.save(update_fields=["side_a_countries"])
    editor = world["users"]["city_editor"]
    assert attempt(lambda: calls.start_application(call, world["europe"], by=editor)) == "invalid"


@pytest.mark.parametrize(
    ("status", "open_call", "expected"),
    [
        ("draft", True, only(APPLICANTS)),
        ("draft", False, only(APPLICANTS, granted="invalid")),
        ("submitted", True, only(APPLICANTS, granted="invalid")),
    ],
    ids=["draft-open", "draft-closed", "submitted"],
)
def test_an_application_is_submitted_by_its_city_or_on_its_behalf_while_a_draft_and_open(
    world, application, status, open_call, expected
):
    _with_status(application, status)
    if not open_call:
        application.call.closes_at = timezone.now() - timedelta(minutes=1)
        application.call.save(update_fields=["closes_at"])

    def submit(by):
        calls.submit_application(application, by=by)
        assert Application.objects.get(pk=application.pk).status == ApplicationStatus.SUBMITTED

    assert every_role(world, submit) == expected
    assert Application.objects.get(pk=application.pk).status == status


def test_an_incomplete_application_is_not_submitted(world, call):
    draft = ApplicationFactory(call=call, city=world["europe"])
    editor = world["users"]["city_editor"]
    with pytest.raises(ValidationError, match="not complete"):
        calls.submit_application(draft, by=editor)
    draft.refresh_from_db()
    assert draft.status == ApplicationStatus.DRAFT


def test_the_coordinator_overrides_eligibility_only_with_a_reason(world, application):
    outcomes = every_role(
        world,
        lambda by: calls.override_eligibility(
            application, by=by, eligible=False, reason="Population counted twice"
        ),
    )
    assert outcomes == only(COORDINATORS)
    coordinator = world["users"]["programme_coordinator"]
    assert (
        attempt(
            lambda: calls.override_eligibility(
                application, by=coordinator, eligible=False, reason=" "
            )
        )
        == "invalid"
    )
    calls.override_eligibility(application, by=coordinator, eligible=False, reason=" Twice ")
    application.refresh_from_db()
    assert (application.eligibility_override, application.override_reason) == (False, "Twice")
    assert application.override_by == coordinator


def test_the_coordinator_assigns_only_the_call_s_evaluators_without_conflict(world, application):
    evaluator = world["users"]["evaluator"]
    outcomes = every_role(world, lambda by: calls.assign_evaluator(application, evaluator, by=by))
    assert outcomes == only(COORDINATORS)
    coordinator = world["users"]["programme_coordinator"]
    stranger = UserFactory(username="w-stranger")
    assert attempt(lambda: calls.assign_evaluator(application, stranger, by=coordinator)) == (
        "invalid"
    )
    conflicted = UserFactory(username="w-ancona-evaluator")
    application.call.evaluators.add(conflicted)
    PersonFactory(user=conflicted, organisation=OrganisationFactory(city=world["europe"]))
    assert attempt(lambda: calls.assign_evaluator(application, conflicted, by=coordinator)) == (
        "invalid"
    )
    assert not Evaluation.objects.filter(evaluator=conflicted).exists()


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", only(COORDINATORS, granted="invalid")),
        ("submitted", only(COORDINATORS)),
    ],
)
def test_the_coordinator_decides_only_on_a_submitted_application(
    world, application, status, expected
):
    _with_status(application, status)
    outcomes = every_role(
        world, lambda by: calls.decide(application, by=by, decision=Decision.NOT_SELECTED)
    )
    assert outcomes == expected


def test_an_ineligible_application_cannot_be_selected(world, application):
    _with_status(application, ApplicationStatus.SUBMITTED)
    coordinator = world["users"]["programme_coordinator"]
    calls.override_eligibility(application, by=coordinator, eligible=False, reason="Too small")
    step = lambda: calls.decide(application, by=coordinator, decision=Decision.SELECTED)  # noqa: E731
    assert attempt(step) == "invalid"
    calls.override_eligibility(application, by=coordinator, eligible=True, reason="Group counts")
    assert attempt(step) == "done"


@pytest.mark.parametrize(
    ("permission", "allowed"),
    [
        ("calls.manage_call", COORDINATORS),
        ("calls.apply", {"city_editor", "other_city_editor", "superuser"}),
    ],
)
def test_call_permissions_by_role(world, call, permission, allowed):
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm(permission, call)} == allowed


def test_application_permissions_by_role(world, application):
    users = world["users"]
    Evaluation.objects.create(application=application, evaluator=users["evaluator"])

    def holders(permission):
        return {r for r in ROLES if users[r].has_perm(permission, application)}

    assert holders("calls.view_application") == {
        "programme_coordinator",
        "city_editor",
        "city_viewer",
        "evaluator",
        "superuser",
    }
    assert holders("calls.edit_application") == APPLICANTS
    assert holders("calls.evaluate_application") == {"evaluator", "superuser"}


def test_an_evaluator_of_the_applicant_s_city_may_not_read_or_score_it(world, application):
    evaluator = world["users"]["evaluator"]
    Evaluation.objects.create(application=application, evaluator=evaluator)
    PersonFactory(user=evaluator, organisation=OrganisationFactory(city=world["europe"]))
    evaluator = type(evaluator).objects.get(pk=evaluator.pk)  # no cached roles or person
    assert not evaluator.has_perm("calls.evaluate_application", application)
    assert not evaluator.has_perm("calls.view_application", application)


def test_an_evaluator_not_assigned_may_not_read_or_score_an_application(world, application):
    evaluator = world["users"]["evaluator"]
    assert not evaluator.has_perm("calls.evaluate_application", application)
    assert not evaluator.has_perm("calls.view_application", application)


# --- Materials: every visibility × every owner × every role --------------------------------

STAFF = {"programme_coordinator", "pairing_coordinator", "superuser"}
MEMBERS = STAFF | {"city_editor", "city_viewer"}


def _material(visibility, **owner):
    return Material.objects.create(
        kind=MaterialKind.LINK,
        title='{"en": "Minutes"}',
        url="https://example.org/minutes",
        visibility=visibility,
        **owner,
    )


def _owner(world, kind):
    pairing = world["pairing"]
    if kind == "activity of the pairing":
        return {"activity": ActivityFactory(pairing=pairing)}
    if kind == "agenda item":
        return {"agenda_item": AgendaItemFactory(activity=ActivityFactory(pairing=pairing))}
    if kind == "the pairing":
        return {"pairing": pairing}
    if kind == "signed agreement":
        return {
            "agreement": AgreementFactory(
                pairing=pairing, status=AgreementStatus.SIGNED, signed_on=date(2018, 10, 4)
            )
        }
    if kind == "draft agreement":
        return {"agreement": AgreementFactory(pairing=pairing, status=AgreementStatus.DRAFT)}
    if kind == "proposed pairing":
        pairing.status = PairingStatus.PROPOSED
        pairing.save(update_fields=["status"])
        return {"activity": ActivityFactory(pairing=pairing)}
    if kind == "exchange meeting":
        return {
            "activity": ActivityFactory(
                pairing=None,
                programme=world["programme"],
                kind=ActivityKind.EXCHANGE_MEETING,
                host_city=world["japan"],
            )
        }
    raise LookupError(kind)


# owner → visibility → who may see it. The programme's exchange meeting has no pairing: its
# staff are the programme coordinators, its members everyone with a role in the programme.
PROGRAMME_STAFF = {"programme_coordinator", "superuser"}
IN_PROGRAMME = PROGRAMME_STAFF | {"pairing_coordinator", "city_editor", "city_viewer"}
MATERIALS = {
    "activity of the pairing": {"public": ALL, "members": MEMBERS, "staff": STAFF},
    "agenda item": {"public": ALL, "members": MEMBERS, "staff": STAFF},
    "the pairing": {"public": ALL, "members": MEMBERS, "staff": STAFF},
    "signed agreement": {"public": ALL, "members": MEMBERS, "staff": STAFF},
    "draft agreement": {"public": MEMBERS, "members": MEMBERS, "staff": STAFF},
    "proposed pairing": {"public": MEMBERS, "members": MEMBERS, "staff": STAFF},
    "exchange meeting": {
        "public": ALL,
        "members": IN_PROGRAMME,
        "staff": PROGRAMME_STAFF,
    },
}


@pytest.mark.parametrize("visibility", [v.value for v in Visibility])
@pytest.mark.parametrize("owner", list(MATERIALS))
def test_a_material_is_seen_by_the_roles_its_visibility_and_owner_allow(world, owner, visibility):
    material = _material(visibility, **_owner(world, owner))
    material = Material.objects.get(pk=material.pk)  # nothing cached from its making
    users = world["users"]
    seen = {r for r in ROLES if users[r].has_perm("activities.view_material", material)}
    assert seen == MATERIALS[owner][visibility]


def test_a_staff_only_file_is_served_to_programme_staff_and_hidden_from_the_cities(client, world):
    material = Material(
        activity=ActivityFactory(pairing=world["pairing"]),
        kind=MaterialKind.MINUTES,
        title='{"en": "Internal minutes"}',
        visibility=Visibility.STAFF,
        original_name="minutes.pdf",
        mime_type="application/pdf",
    )
    material.file.save("minutes.pdf", ContentFile(b"%PDF-1.4\n%staff\n"), save=False)
    material.save()
    url = reverse("activities:material", kwargs={"pk": material.pk})
    try:
        answers = {}
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            answers[role] = client.get(url).status_code
    finally:
        material.file.delete(save=False)
    assert answers == {role: 200 if role in STAFF else 404 for role in ROLES}


# --- Agreements: editing an existing one, by each role --------------------------------------


def _agreement_page_data(agreement, **changes) -> dict:
    """What the agreement page posts back unchanged, with ``changes`` (no new signatories or
    language versions)."""
    data = form_data(AgreementForm(instance=agreement), **changes)
    for formset in (
        SignatoryFormSet(
            instance=agreement, prefix="signatories", form_kwargs={"pairing": agreement.pairing}
        ),
        AgreementVersionFormSet(instance=agreement, prefix="versions"),
    ):
        data.update(form_data(formset.management_form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
    return data


@pytest.mark.parametrize("role", ROLES)
def test_an_existing_agreement_is_edited_by_its_pairing_s_editors_and_staff_only(
    client, world, role
):
    agreement = AgreementFactory(
        pairing=world["pairing"],
        status=AgreementStatus.SIGNED,
        signed_on=date(2018, 10, 4),
        title='{"en": "Memorandum of understanding"}',
    )
    data = _agreement_page_data(agreement, title_0="Cooperation agreement, amended")
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = reverse(
        "workspace:agreement_edit", kwargs={"slug": world["pairing"].slug, "pk": agreement.pk}
    )
    response = client.post(url, data)
    allowed = {"programme_coordinator", "pairing_coordinator", "city_editor", "superuser"}
    saved = Agreement.objects.get(pk=agreement.pk)
    if role in allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "amended" in localize(saved.title, "en").text
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("login"))
        assert localize(saved.title, "en").text == "Memorandum of understanding"


def test_agreement_permissions_by_role(world):
    users = world["users"]
    signed = AgreementFactory(
        pairing=world["pairing"], status=AgreementStatus.SIGNED, signed_on=date(2018, 10, 4)
    )
    draft = AgreementFactory(pairing=world["pairing"], status=AgreementStatus.DRAFT)
    editors = {"programme_coordinator", "pairing_coordinator", "city_editor", "superuser"}

    def holders(permission, obj):
        return {r for r in ROLES if users[r].has_perm(permission, obj)}

    assert holders("pairings.change_agreement", signed) == editors
    assert holders("pairings.change_agreement", draft) == editors
    assert holders("pairings.add_agreement", world["pairing"]) == editors
    assert holders("pairings.view_agreement", signed) == ALL
    assert holders("pairings.view_agreement", draft) == MEMBERS


# --- People: deleting one, by each role ----------------------------------------------------


def test_people_of_a_city_may_be_deleted_by_its_editors_and_its_programme_coordinators(world):
    users = world["users"]
    person = PersonFactory(organisation=OrganisationFactory(city=world["europe"]))
    outsider = PersonFactory(organisation=OrganisationFactory(city=world["other_city"]))
    unattached = PersonFactory(organisation=None)

    def holders(obj):
        return {r for r in ROLES if users[r].has_perm("directory.delete_person", obj)}

    assert holders(person) == {"programme_coordinator", "city_editor", "superuser"}
    # Essen takes part in no pairing yet: any programme coordinator may look after it.
    assert holders(outsider) == {"programme_coordinator", "other_city_editor", "superuser"}
    assert holders(unattached) == {"superuser"}


@pytest.mark.parametrize("role", ROLES)
def test_a_person_is_deleted_in_the_admin_by_a_superuser_only(client, world, role):
    person = PersonFactory(organisation=OrganisationFactory(city=world["europe"]))
    if role != "anonymous":
        client.force_login(world["users"][role])
    url = reverse("admin:directory_person_delete", args=[person.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    still_there = Person.objects.filter(pk=person.pk).exists()
    if role == "superuser":
        assert not still_there
    else:
        assert response["Location"].startswith(reverse("admin:login"))
        assert still_there


# --- The smaller steps of the plan -----------------------------------------------------


def test_editing_is_refused_once_the_plan_left_draft(client, world, plan):
    editor = world["users"]["city_editor"]
    client.force_login(editor)
    url = reverse("workspace:plan_edit", kwargs={"pk": plan.pk})
    assert client.get(url).status_code == 200
    for state in ("submitted", "approved", "in_implementation", "closed"):
        plan.status = state
        plan.save(update_fields=["status"])
        assert client.get(url).status_code == 403, state


def test_no_version_is_frozen_by_a_refused_transition(world, plan):
    attempt(lambda: plans.submit_plan(plan, by=world["users"]["city_viewer"]))
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_a_role_outside_the_programme_sees_nothing_of_another_programme_s_plan(world):
    other_plan = ActionPlanFactory(pairing=PairingFactory())
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm("plans.view_plan_workspace", other_plan)} == {
        "superuser"
    }


# --- Every permission × every role, on the objects it is asked about ------------------------


@pytest.fixture
def things(world, plan, call):
    """One object of every kind a permission is asked about, around the world's pairing."""
    pairing = world["pairing"]
    department = OrganisationFactory(city=world["europe"])
    return {
        None: None,
        "programme": world["programme"],
        "city": world["europe"],
        "new city": world["other_city"],  # in no pairing: any programme coordinator's
        "department": department,
        "person": PersonFactory(organisation=department),
        "pairing": pairing,
        "membership": pairing.ordered_memberships[0],
        "partner membership": pairing.ordered_memberships[1],
        "study tour": ActivityFactory(pairing=pairing),
        "exchange meeting": ActivityFactory(
            pairing=None,
            programme=world["programme"],
            kind=ActivityKind.EXCHANGE_MEETING,
            host_city=world["japan"],
        ),
        "plan": plan,
        "call": call,
        "unpublished call": CallFactory(programme=world["programme"], is_published=False),
        "call for France and Japan": CallFactory(
            programme=world["programme"], side_a_countries=["FR"]
        ),
        "application": ApplicationFactory(call=call, city=world["europe"]),
    }


STAFF_AND_EDITOR = {"programme_coordinator", "pairing_coordinator", "city_editor", "superuser"}
CITY_STAFF = {"programme_coordinator", "city_editor", "superuser"}
PERMISSIONS = [
    ("workspace.access", None, ALL - {"anonymous"}),
    ("programmes.change_programme", "programme", COORDINATORS),
    ("directory.add_city", None, COORDINATORS),
    ("directory.change_city", "city", CITY_STAFF),
    ("directory.change_city", "new city", COORDINATORS | {"other_city_editor"}),
    ("directory.view_city_workspace", "city", CITY_STAFF | {"city_viewer"}),
    ("directory.add_organisation", "city", CITY_STAFF),
    ("directory.change_organisation", "department", CITY_STAFF),
    ("directory.delete_organisation", "department", CITY_STAFF),
    ("directory.add_person", "city", CITY_STAFF),
    ("directory.change_person", "person", CITY_STAFF),
    ("directory.delete_person", "person", CITY_STAFF),
    ("pairings.view_pairing", "pairing", ALL),
    ("pairings.change_pairing", "pairing", STAFF_AND_EDITOR),
    ("pairings.manage_pairing", "pairing", STAFF),
    ("pairings.change_pairingcity", "membership", STAFF_AND_EDITOR),
    ("pairings.change_pairingcity", "partner membership", STAFF),
    ("pairings.add_agreement", "pairing", STAFF_AND_EDITOR),
    ("activities.add_pairing_activity", "pairing", STAFF_AND_EDITOR),
    ("activities.add_programme_activity", "programme", COORDINATORS),
    ("activities.view_activity", "study tour", ALL),
    ("activities.view_activity", "exchange meeting", ALL),
    ("activities.change_activity", "study tour", STAFF_AND_EDITOR),
    ("activities.change_activity", "exchange meeting", COORDINATORS),
    ("plans.start_plan", "pairing", STAFF_AND_EDITOR),
    ("calls.manage_call", "call", COORDINATORS),
    ("calls.view_call", "call", ALL),
    ("calls.view_call", "unpublished call", COORDINATORS),
    ("calls.apply", "unpublished call", {"superuser"}),
    ("calls.apply", "call for France and Japan", {"superuser"}),
    ("calls.add_call", "programme", COORDINATORS),
    ("calls.start_application", "city", {"city_editor", "superuser"}),
    ("calls.apply_on_behalf", "call", COORDINATORS),
]


@pytest.mark.parametrize(
    ("permission", "thing", "allowed"),
    PERMISSIONS,
    ids=[f"{permission}-{thing}" for permission, thing, _ in PERMISSIONS],
)
def test_each_permission_is_held_by_exactly_the_roles_it_names(
    world, things, permission, thing, allowed
):
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm(permission, things[thing])} == allowed


@pytest.mark.parametrize("status", [PairingStatus.PROPOSED])
def test_a_proposed_pairing_and_its_study_tours_are_hidden_from_outside(world, things, status):
    pairing = things["pairing"]
    pairing.status = status
    pairing.save(update_fields=["status"])
    tour = type(things["study tour"]).objects.get(pk=things["study tour"].pk)
    pairing = type(pairing).objects.get(pk=pairing.pk)
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm("pairings.view_pairing", pairing)} == MEMBERS
    assert {r for r in ROLES if users[r].has_perm("activities.view_activity", tour)} == MEMBERS


OBJECT_PERMISSIONS = [
    "programmes.change_programme",
    "directory.change_city",
    "directory.view_city_workspace",
    "directory.change_organisation",
    "directory.delete_organisation",
    "directory.change_person",
    "directory.delete_person",
    "pairings.view_pairing",
    "pairings.change_pairing",
    "pairings.manage_pairing",
    "pairings.change_pairingcity",
    "pairings.add_agreement",
    "pairings.change_agreement",
    "pairings.view_agreement",
    "activities.add_pairing_activity",
    "activities.view_activity",
    "activities.change_activity",
    "activities.view_material",
    "plans.start_plan",
    "plans.view_plan_workspace",
    "plans.edit_plan",
    "plans.approve_plan",
    "plans.report_progress",
    "plans.view_published_plan",
    "calls.manage_call",
    "calls.view_call",
    "calls.apply",
    "calls.edit_application",
    "calls.view_application",
    "calls.evaluate_application",
]


@pytest.mark.parametrize("permission", OBJECT_PERMISSIONS)
def test_a_permission_about_an_object_is_refused_when_there_is_no_object(world, permission):
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm(permission, None)} == {"superuser"}


def test_members_only_files_of_an_exchange_meeting_stay_within_its_programme(world):
    """Taking part in a pairing of another programme gives nothing here."""
    meeting = ActivityFactory(
        pairing=None,
        programme=world["programme"],
        kind=ActivityKind.EXCHANGE_MEETING,
        host_city=world["japan"],
    )
    material = _material(Visibility.MEMBERS, activity=meeting)
    elsewhere = PairingFactory(cities=[CityFactory(), JapaneseCityFactory()])
    editor = UserFactory(username="w-editor-elsewhere")
    grant(editor, RoleKind.CITY_EDITOR, elsewhere.ordered_memberships[0].city)
    coordinator = UserFactory(username="w-pairing-coordinator-elsewhere")
    grant(coordinator, RoleKind.PAIRING_COORDINATOR, elsewhere)
    material = Material.objects.get(pk=material.pk)
    assert not editor.has_perm("activities.view_material", material)
    assert not coordinator.has_perm("activities.view_material", material)
    assert world["users"]["pairing_coordinator"].has_perm("activities.view_material", material)


def test_a_role_given_is_seen_once_the_roles_are_read_again(world):
    """Roles are read once per user object; ``forget_roles`` is how role changes show."""
    from citybridge.access.rules import forget_roles

    user = UserFactory(username="w-newcomer")
    assert not user.has_perm("directory.change_city", world["europe"])
    grant(user, RoleKind.CITY_EDITOR, world["europe"])
    assert not user.has_perm("directory.change_city", world["europe"])  # still the old roles
    forget_roles(user)
    assert user.has_perm("directory.change_city", world["europe"])
    forget_roles(user)  # nothing cached: nothing to forget
    assert user.has_perm("directory.change_city", world["europe"])


def _application_page_data(application, **changes) -> dict:
    """What the application page posts back as it was opened, with ``changes``."""
    from citybridge.calls.forms import ApplicationForm

    data = form_data(ApplicationForm(instance=application), **changes)
    data.update({"group-TOTAL_FORMS": "0", "group-INITIAL_FORMS": "0"})
    return data


def test_a_saved_application_records_its_editor_and_refuses_a_stale_save(
    client, world, application
):
    editor = world["users"]["city_editor"]
    first = application.call.themes.get()
    second = ThemeFactory(programme=world["programme"])
    application.call.themes.add(second)
    client.force_login(editor)
    url = reverse("calls:application", kwargs={"pk": application.pk})
    opened = _application_page_data(application, motivation_0="Learn from Ikoma")
    earlier = set(ApplicationTheme.history.values_list("history_id", flat=True))
    reranked = {**opened, f"theme_{first.pk}": "2", f"theme_{second.pk}": "1"}
    response = client.post(url, reranked)
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert localize(application.motivation, "en").text == "Learn from Ikoma"
    assert application.history.latest().history_user == editor
    ranking = ApplicationTheme.history.exclude(history_id__in=earlier)
    assert sorted(ranking.values_list("history_type", "history_user")) == [
        ("+", editor.pk),
        ("+", editor.pk),
        ("-", editor.pk),
    ]
    stale = client.post(url, {**reranked, "motivation_0": "Overwrite"})
    assert stale.status_code == 409
    application.refresh_from_db()
    assert localize(application.motivation, "en").text == "Learn from Ikoma"


@pytest.mark.parametrize(
    ("transition", "state"),
    [
        ("approve", "submitted"),
        ("request_changes", "submitted"),
        ("implement", "approved"),
        ("close", "in_implementation"),
    ],
)
def test_the_city_editors_are_told_who_took_the_plan_s_step(world, plan, transition, state):
    from citybridge.notifications.models import Notification

    coordinator = world["users"]["programme_coordinator"]
    plan.status = state
    plan.save(update_fields=["status"])
    STEPS[transition](plan, coordinator)
    told = Notification.objects.get(recipient=world["users"]["city_editor"])
    assert told.params["actor"] == coordinator.get_username()


def test_an_application_started_remembers_who_started_it(world, call):
    editor = world["users"]["city_editor"]
    application = calls.start_application(call, world["europe"], by=editor)
    assert application.created_by == editor


@pytest.mark.parametrize(
    ("role", "by_office"), [("city_editor", False), ("programme_coordinator", True)]
)
def test_a_draft_saved_outside_a_request_records_who_saved_it_and_for_whom(
    world, application, role, by_office
):
    """The service itself records the author (no request to take it from) and marks a draft
    the programme office typed for the city."""
    from citybridge.calls.forms import ApplicationForm

    user = world["users"][role]
    first = application.call.themes.get()
    second = ThemeFactory(programme=world["programme"])
    application.call.themes.add(second)
    data = _application_page_data(application, motivation_0="Learn from Ikoma")
    data.update({f"theme_{first.pk}": "2", f"theme_{second.pk}": "1"})
    form = ApplicationForm(data, instance=application)
    assert form.is_valid(), form.errors
    earlier = set(ApplicationTheme.history.values_list("history_id", flat=True))
    calls.save_application(form, [], by=user)
    application.refresh_from_db()
    assert application.entered_by_office is by_office
    assert application.history.latest().history_user == user
    ranking = ApplicationTheme.history.exclude(history_id__in=earlier)
    assert set(ranking.values_list("history_user", flat=True)) == {user.pk}


def test_a_call_is_open_from_its_opening_instant_until_just_before_its_closing_one(world, call):
    import time_machine

    editor = world["users"]["city_editor"]

    def start():
        calls.start_application(call, world["europe"], by=editor)

    with time_machine.travel(call.opens_at, tick=False):
        assert attempt(start) == "done"
    with time_machine.travel(call.closes_at, tick=False):
        assert attempt(start) == "invalid"


def test_the_programme_coordinators_are_told_who_submitted_the_plan(world, plan):
    from citybridge.notifications.models import Notification

    editor = world["users"]["city_editor"]
    plans.submit_plan(plan, by=editor)
    told = Notification.objects.get(recipient=world["users"]["programme_coordinator"])
    assert told.params["actor"] == editor.get_username()
    assert not Notification.objects.filter(recipient=editor).exists()


def test_a_coordinator_who_evaluates_is_not_told_of_assigning_themselves(world, application):
    from citybridge.notifications.models import Notification

    admin = world["users"]["superuser"]
    application.call.evaluators.add(admin)
    calls.assign_evaluator(application, admin, by=admin)
    assert Evaluation.objects.filter(application=application, evaluator=admin).exists()
    assert not Notification.objects.filter(recipient=admin).exists()


def test_the_person_named_coordinator_of_a_pairing_manages_it_without_a_role(world):
    user = UserFactory(username="w-named-coordinator")
    pairing = world["pairing"]
    pairing.coordinator = PersonFactory(user=user, organisation=None)
    pairing.save(update_fields=["coordinator"])
    assert user.has_perm("pairings.manage_pairing", pairing)
    assert not user.has_perm("pairings.manage_pairing", PairingFactory())


def test_a_pairing_loaded_with_its_cities_gets_the_same_answers(world):
    """Pages load pairings with their memberships; the rules then read the cities from them."""
    loaded = Pairing.objects.prefetch_related("memberships").get(pk=world["pairing"].pk)
    users = world["users"]
    assert {r for r in ROLES if users[r].has_perm("pairings.change_pairing", loaded)} == (
        STAFF_AND_EDITOR
    )
