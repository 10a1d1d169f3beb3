"""Anonymous visitors' pages, feeds and API answers come from the cache until any data changes;
signed-in people always get pages made for them; nothing internal reaches the cache."""

import pytest
from django.db import transaction
from django.test import Client

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.access.services import revoke_role
from citybridge.core.cache_stamp import read_stamp
from citybridge.core.page_cache import HEADER
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.forms import PairingManageForm
from citybridge.pairings.models import Pairing
from tests.form_data import form_data
from tests.pairings.test_revisions import pairing_page_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(pairing):
    return f"/en/pairings/{pairing.slug}/"


def edit_url(pairing):
    return f"/en/workspace/pairings/{pairing.slug}/edit/"


def test_the_second_anonymous_visit_of_a_public_page_asks_the_database_nothing(
    client, url, django_assert_num_queries
):
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


@pytest.mark.parametrize(
    "address",
    ["/api/v1/pairings", "/calendar/programmes/{programme}.ics?lang=it", "/it/cities/{city}/"],
)
def test_feeds_the_api_and_other_public_pages_are_kept_too(
    client, pairing, address, django_assert_num_queries
):
    city = pairing.ordered_memberships[0].city
    address = address.format(programme=pairing.programme.slug, city=city.slug)
    client.get(address)
    with django_assert_num_queries(0):
        assert client.get(address)[HEADER] == "hit"


def test_each_language_and_query_has_its_own_page(client, pairing):
    calendar = f"/en/activities/calendar/{pairing.programme.slug}/"
    client.get(calendar)
    client.get(f"/it/activities/calendar/{pairing.programme.slug}/")

    assert client.get(f"{calendar}?view=month")[HEADER] == "miss"
    assert client.get(f"/ja/pairings/{pairing.slug}/")[HEADER] == "miss"


def test_an_edit_saved_in_the_workspace_shows_to_anonymous_readers_at_once(
    client, url, people, pairing
):
    client.get(url)
    editor = Client()
    editor.force_login(people["editor"])
    data = pairing_page_data(pairing, people["editor"], **{"shared-focus_0": "Ageing well"})
    assert editor.post(edit_url(pairing), data).status_code == 302

    page = client.get(url)

    assert page[HEADER] == "miss"
    assert "Ageing well" in page.content.decode()


def test_a_pairing_made_internal_disappears_from_the_cached_public_pages(
    client, url, people, pairing
):
    programme_page = f"/en/programmes/{pairing.programme.slug}/"
    assert client.get(url).status_code == 200
    assert pairing.slug in client.get(programme_page).content.decode()
    coordinator = Client()
    coordinator.force_login(people["coordinator"])
    data = {
        **pairing_page_data(pairing, people["coordinator"]),
        **form_data(PairingManageForm(instance=pairing, prefix="manage")),
        "manage-status": PairingStatus.PROPOSED,
    }
    assert coordinator.post(edit_url(pairing), data).status_code == 302

    assert client.get(url).status_code == 404
    assert pairing.slug not in client.get(programme_page).content.decode()
    assert pairing.slug not in client.get("/api/v1/pairings").content.decode()


def test_signed_in_people_never_get_a_kept_page_nor_leave_one_for_the_public(
    client, url, people, pairing
):
    Pairing.objects.filter(pk=pairing.pk).update(status=PairingStatus.PROPOSED)
    client.force_login(people["coordinator"])
    for _visit in range(2):
        page = client.get(url)
        assert page.status_code == 200
        assert HEADER not in page
        assert "Log out" in page.content.decode()

    assert Client().get(url).status_code == 404


def test_a_change_made_without_saving_a_model_also_shows_at_once(client, url, pairing):
    client.get(url)
    Pairing.objects.filter(pk=pairing.pk).update(focus='{"en": "Smart mobility"}')

    assert "Smart mobility" in client.get(url).content.decode()


def test_visitors_with_a_session_or_a_message_waiting_get_their_own_page(client, url):
    client.get(url)
    client.cookies["sessionid"] = "whatever"
    assert HEADER not in client.get(url)
    del client.cookies["sessionid"]
    client.cookies["messages"] = "a message for this visitor"
    assert HEADER not in client.get(url)


def test_pages_that_set_a_cookie_are_not_kept(client):
    client.get("/en/accounts/login/")  # a form with a CSRF token, and its cookie

    assert HEADER not in client.get("/en/accounts/login/")


@pytest.mark.django_db(transaction=True)
def test_a_page_made_before_a_transaction_commits_is_not_served_after_it(pairing):
    # A page another process made from the old data, between the write and the commit, was
    # stored under the stamp of that moment: the commit replaces that stamp once more.
    with transaction.atomic():
        Pairing.objects.filter(pk=pairing.pk).update(focus='{"en": "Smart mobility"}')
        during, _found = read_stamp()
    after, _found = read_stamp()

    assert after != during


def test_the_cache_can_be_turned_off(client, url, settings):
    settings.CITYBRIDGE_PAGE_CACHE_SECONDS = 0
    client.get(url)

    assert HEADER not in client.get(url)


def test_a_role_taken_away_stops_working_on_the_next_request(client, people, pairing):
    editor = people["editor"]
    client.force_login(editor)
    assert client.get(edit_url(pairing)).status_code == 200  # the roles are now kept
    role = Role.objects.get(user=editor, kind=RoleKind.CITY_EDITOR)
    revoke_role(role=role, by=people["coordinator"])

    assert client.get(edit_url(pairing)).status_code == 403
