"""Role pages of a programme, pairing and city: who holds which role, changing and removing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role, RoleEvent
from citybridge.access.services import change_role, grant_role, revoke_role
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ancona(pairing):
    return pairing.ordered_memberships[0].city


def coordinator_role(people, pairing):
    return Role.objects.get(user=people["coordinator"], programme=pairing.programme)


# --- The last coordinator --------------------------------------------------------------------


def test_the_last_coordinator_of_a_programme_cannot_be_removed(people, pairing):
    with pytest.raises(ValidationError, match="at least one coordinator"):
        revoke_role(role=coordinator_role(people, pairing), by=people["coordinator"])
    assert coordinator_role(people, pairing)


def test_the_last_coordinator_cannot_be_turned_into_an_evaluator(people, pairing):
    with pytest.raises(ValidationError, match="at least one coordinator"):
        change_role(
            role=coordinator_role(people, pairing), kind=RoleKind.EVALUATOR, by=people["admin"]
        )
    assert coordinator_role(people, pairing).kind == RoleKind.PROGRAMME_COORDINATOR


def test_a_coordinator_can_step_down_once_there_is_another(people, pairing):
    grant_role(
        user=UserFactory(),
        kind=RoleKind.PROGRAMME_COORDINATOR,
        scope=pairing.programme,
        by=people["coordinator"],
    )
    revoke_role(role=coordinator_role(people, pairing), by=people["coordinator"])
    assert not people["coordinator"].roles.exists()


def test_removing_the_last_coordinator_from_the_page_says_why_and_keeps_the_role(
    client, people, pairing
):
    client.force_login(people["coordinator"])
    role = coordinator_role(people, pairing)
    response = client.post(f"/en/workspace/roles/{role.pk}/revoke/", follow=True)
    assert "A programme keeps at least one coordinator" in response.content.decode()
    assert Role.objects.filter(pk=role.pk).exists()


# --- Grants and revocations are recorded and shown -------------------------------------------


def test_a_grant_records_since_when_and_by_whom(people, ancona, time_machine):
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)
    newcomer = UserFactory()
    role = grant_role(user=newcomer, kind=RoleKind.CITY_VIEWER, scope=ancona, by=people["editor"])
    assert (role.granted_at.isoformat(), role.granted_by) == (
        "2026-05-04T08:00:00+00:00",
        people["editor"],
    )


def test_a_change_is_recorded_as_the_old_role_removed_and_the_new_one_granted(people, ancona):
    role = people["viewer"].roles.get()
    change_role(role=role, kind=RoleKind.CITY_EDITOR, by=people["editor"])
    events = RoleEvent.objects.filter(user=people["viewer"]).order_by("id")
    assert [(e.action, e.kind, e.by) for e in events] == [
        ("revoked", RoleKind.CITY_VIEWER, people["editor"]),
        ("granted", RoleKind.CITY_EDITOR, people["editor"]),
    ]
    assert people["viewer"].roles.get().kind == RoleKind.CITY_EDITOR


def test_the_city_page_lists_each_role_with_since_when_and_by_whom(
    client, people, ancona, time_machine
):
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)
    PersonFactory(name="Giulia Rossi", user=people["editor"])
    PersonFactory(name="Marco Bianchi", user=(newcomer := UserFactory()))
    grant_role(user=newcomer, kind=RoleKind.CITY_VIEWER, scope=ancona, by=people["editor"])
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/roles/cities/{ancona.slug}/").content.decode()
    row = page[page.index("Marco Bianchi") :][:600]
    assert "City viewer" in row
    assert "May 4, 2026" in row
    assert "Giulia Rossi" in row
    assert "Marco Bianchi became City viewer, granted by Giulia Rossi" in page


def test_a_revocation_is_shown_in_the_log_of_the_page(client, people, ancona):
    role = people["viewer"].roles.get()
    revoke_role(role=role, by=people["editor"])
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/roles/cities/{ancona.slug}/").content.decode()
    assert "viewer is no longer City viewer, removed by editor" in page


def test_the_programme_page_lists_its_coordinators_and_evaluators(client, people, pairing):
    client.force_login(people["coordinator"])
    page = client.get(f"/en/workspace/roles/programmes/{pairing.programme.slug}/").content
    page = page.decode()
    assert "Programme coordinator" in page and "Evaluator" in page
    assert "evaluator@example.org" in page


def test_the_pairing_page_lists_its_coordinators(client, people, pairing):
    client.force_login(people["coordinator"])
    page = client.get(f"/en/workspace/roles/pairings/{pairing.slug}/").content.decode()
    assert "pairing-coordinator@example.org" in page


def test_a_role_page_costs_the_same_queries_with_one_or_many_holders(client, people, ancona):
    client.force_login(people["editor"])
    url = f"/en/workspace/roles/cities/{ancona.slug}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        user = UserFactory()
        PersonFactory(user=user)
        grant_role(user=user, kind=RoleKind.CITY_VIEWER, scope=ancona, by=people["editor"])
    client.get(url)  # what a grant empties from the cache (roles, unread counts) is read again
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


# --- Who may manage which roles (explicit for each role) --------------------------------------

MANAGES = {
    "coordinator": {"programme": True, "pairing": True, "ancona": True, "ikoma": True},
    "other_coordinator": {"programme": False, "pairing": False, "ancona": False},
    "pairing_coordinator": {"programme": False, "pairing": False, "ancona": False},
    "editor": {"programme": False, "pairing": False, "ancona": True, "ikoma": False},
    "partner_editor": {"ancona": False, "ikoma": True},
    "viewer": {"programme": False, "ancona": False},
    "evaluator": {"programme": False, "ancona": False},
    "nobody": {"programme": False, "pairing": False, "ancona": False},
    "admin": {"programme": True, "pairing": True, "ancona": True},
}
CASES = [(who, scope, allowed) for who, s in MANAGES.items() for scope, allowed in s.items()]


def _scopes(pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    return {"programme": pairing.programme, "pairing": pairing, "ancona": europe, "ikoma": japan}


def _path(scope):
    kind = type(scope).__name__.lower()
    plural = {"programme": "programmes", "pairing": "pairings", "city": "cities"}[kind]
    return f"/en/workspace/roles/{plural}/{scope.slug}/"


@pytest.mark.parametrize(("who", "scope", "allowed"), CASES)
def test_who_may_see_and_manage_the_roles_of_what(client, people, pairing, who, scope, allowed):
    client.force_login(people[who])
    response = client.get(_path(_scopes(pairing)[scope]))
    assert response.status_code == (200 if allowed else 403)


def test_a_city_editor_may_remove_a_viewer_of_their_city(client, people):
    client.force_login(people["editor"])
    role = people["viewer"].roles.get()
    assert client.post(f"/en/workspace/roles/{role.pk}/revoke/").status_code == 302
    assert not Role.objects.filter(pk=role.pk).exists()


def test_a_city_editor_may_not_remove_an_editor_of_the_partner_city(people):
    role = people["partner_editor"].roles.get()
    with pytest.raises(PermissionDenied):
        revoke_role(role=role, by=people["editor"])
    assert Role.objects.filter(pk=role.pk).exists()


def test_a_viewer_may_not_make_themselves_an_editor(client, people):
    client.force_login(people["viewer"])
    role = people["viewer"].roles.get()
    response = client.post(f"/en/workspace/roles/{role.pk}/change/", {"kind": "city_editor"})
    assert response.status_code == 403
    assert people["viewer"].roles.get().kind == RoleKind.CITY_VIEWER


def test_a_role_cannot_be_changed_into_one_held_on_another_kind_of_object(client, people):
    client.force_login(people["coordinator"])
    role = people["viewer"].roles.get()
    client.post(f"/en/workspace/roles/{role.pk}/change/", {"kind": "evaluator"})
    assert people["viewer"].roles.get().kind == RoleKind.CITY_VIEWER


def test_the_city_page_links_to_its_people_and_roles(client, people, ancona):
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/cities/{ancona.slug}/").content.decode()
    assert f'href="/en/workspace/roles/cities/{ancona.slug}/"' in page


def test_the_programme_page_links_to_its_people_and_roles(client, people, pairing):
    client.force_login(people["coordinator"])
    slug = pairing.programme.slug
    page = client.get(f"/en/workspace/programmes/{slug}/").content.decode()
    assert f'href="/en/workspace/roles/programmes/{slug}/"' in page


def test_someone_given_a_role_is_notified_in_their_language(people, ancona):
    from citybridge.accounts.services import set_preferences
    from citybridge.notifications.models import Notification

    newcomer = UserFactory()
    set_preferences(user=newcomer, language="it")
    PersonFactory(name="Giulia Rossi", user=people["editor"])
    grant_role(user=newcomer, kind=RoleKind.CITY_VIEWER, scope=ancona, by=people["editor"])
    notification = Notification.objects.get(recipient=newcomer)
    assert notification.params == {
        "grantor": "Giulia Rossi",
        "role": "Visualizzatore della città",
        "target": "Ancona",
    }
