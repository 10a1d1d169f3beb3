"""Who may do what: every role, tested explicitly against the one permission module."""

import pytest

from citybridge.directory.enums import OrganisationKind
from citybridge.pairings.enums import PairingStatus
from tests.factories import CityFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ALL = [
    "coordinator",
    "other_coordinator",
    "pairing_coordinator",
    "editor",
    "partner_editor",
    "viewer",
    "evaluator",
    "other_editor",
    "nobody",
    "admin",
]


def allowed(people, permission, obj):
    return {name for name in ALL if people[name].has_perm(permission, obj)}


def test_city_profile_is_edited_by_its_editors_and_its_programme_coordinator(people, pairing):
    europe = pairing.ordered_memberships[0].city
    assert allowed(people, "directory.change_city", europe) == {"coordinator", "editor", "admin"}


def test_city_workspace_is_read_by_its_viewers_too(people, pairing):
    europe = pairing.ordered_memberships[0].city
    assert allowed(people, "directory.view_city_workspace", europe) == {
        "coordinator",
        "editor",
        "viewer",
        "admin",
    }


def test_any_programme_coordinator_may_edit_a_city_that_is_in_no_pairing_yet(people):
    new_city = CityFactory()
    assert allowed(people, "directory.change_city", new_city) == {
        "coordinator",
        "other_coordinator",
        "admin",
    }


def test_only_programme_coordinators_add_cities(people):
    assert allowed(people, "directory.add_city", None) == {
        "coordinator",
        "other_coordinator",
        "admin",
    }


def test_departments_are_edited_by_their_city_only(people, pairing):
    europe = pairing.ordered_memberships[0].city
    department = OrganisationFactory(city=europe)
    assert allowed(people, "directory.change_organisation", department) == {
        "coordinator",
        "editor",
        "admin",
    }
    assert allowed(people, "directory.add_organisation", europe) == {
        "coordinator",
        "editor",
        "admin",
    }


def test_programme_bodies_belong_to_programme_staff(people):
    body = OrganisationFactory(city=None, kind=OrganisationKind.PROGRAMME_BODY)
    assert allowed(people, "directory.change_organisation", body) == {
        "coordinator",
        "other_coordinator",
        "admin",
    }


def test_people_are_edited_by_the_editors_of_their_organisations_city(people, pairing):
    japan = pairing.ordered_memberships[1].city
    person = PersonFactory(organisation=OrganisationFactory(city=japan))
    assert allowed(people, "directory.change_person", person) == {
        "coordinator",
        "partner_editor",
        "admin",
    }


def test_shared_pairing_details_are_edited_by_both_cities_and_the_staff(people, pairing):
    assert allowed(people, "pairings.change_pairing", pairing) == {
        "coordinator",
        "pairing_coordinator",
        "editor",
        "partner_editor",
        "admin",
    }


def test_pairing_status_and_dates_are_managed_by_programme_staff_only(people, pairing):
    assert allowed(people, "pairings.manage_pairing", pairing) == {
        "coordinator",
        "pairing_coordinator",
        "admin",
    }


def test_each_city_edits_only_its_own_involvement_in_a_pairing(people, pairing):
    europe, japan = pairing.ordered_memberships
    assert allowed(people, "pairings.change_pairingcity", europe) == {
        "coordinator",
        "pairing_coordinator",
        "editor",
        "admin",
    }
    assert allowed(people, "pairings.change_pairingcity", japan) == {
        "coordinator",
        "pairing_coordinator",
        "partner_editor",
        "admin",
    }


def test_a_proposed_pairing_is_seen_only_by_its_cities_and_staff(people, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    assert allowed(people, "pairings.view_pairing", pairing) == {
        "coordinator",
        "pairing_coordinator",
        "editor",
        "partner_editor",
        "viewer",
        "admin",
    }


def test_an_active_pairing_is_public(people, pairing):
    assert allowed(people, "pairings.view_pairing", pairing) == set(ALL)


def test_evaluator_and_viewer_cannot_write_anything_yet(people, pairing):
    europe = pairing.ordered_memberships[0].city
    for name in ("evaluator", "viewer"):
        user = people[name]
        assert not user.has_perm("directory.change_city", europe)
        assert not user.has_perm("pairings.change_pairing", pairing)
        assert not user.has_perm("directory.add_city")
