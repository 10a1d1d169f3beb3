"""A call the coordinators are still writing is theirs alone until they publish it."""

import pytest

from citybridge.calls.models import Application, Call
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def unpublished(pairing):
    return CallFactory(
        programme=pairing.programme, slug="call-2018", is_published=False, title={"en": "Call 2018"}
    )


@pytest.mark.parametrize("role", [None, "editor", "viewer", "evaluator", "other_coordinator"])
def test_an_unpublished_call_is_neither_listed_nor_shown_to(client, people, unpublished, role):
    if role:
        client.force_login(people[role])
    assert "Call 2018" not in client.get("/en/calls/").content.decode()
    assert client.get("/en/calls/call-2018/").status_code == 404


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_an_unpublished_call_is_listed_and_shown_to(client, people, unpublished, role):
    client.force_login(people[role])
    assert "Call 2018" in client.get("/en/calls/").content.decode()
    assert client.get("/en/calls/call-2018/").status_code == 200


def test_a_city_editor_cannot_apply_to_an_unpublished_call(client, people, pairing, unpublished):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    client.post("/en/calls/call-2018/apply/", {"city": city.pk})
    assert not Application.objects.exists()


def test_a_published_call_is_shown_to_everyone(client, unpublished):
    Call.objects.filter(pk=unpublished.pk).update(is_published=True)
    assert "Call 2018" in client.get("/en/calls/").content.decode()
    assert client.get("/en/calls/call-2018/").status_code == 200


def test_a_new_call_starts_unpublished():
    assert Call._meta.get_field("is_published").default is False
