"""The history page of a record: who changed what, deletions, and restore in two clicks."""

import re
from urllib.parse import unquote

import pytest

from citybridge.core.i18n import localize
from citybridge.directory.forms import CityForm, OrganisationForm
from citybridge.directory.models import City
from tests.factories import OrganisationFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(pairing):
    return pairing.ordered_memberships[0].city


def history_url(city) -> str:
    return f"/en/workspace/history/directory.city/{city.pk}/"


def save_description(client, city, text):
    city.refresh_from_db()
    data = form_data(CityForm(instance=city), description_0=text)
    response = client.post(f"/en/workspace/cities/{city.slug}/edit/", data)
    assert response.status_code == 302


def restore_links(page: str, city) -> list[str]:
    """The "restore this version" links of the history page, newest version first."""
    return re.findall(
        rf'href="(/en/workspace/history/directory\.city/{city.pk}/restore/\d+/)', page
    )


def test_the_history_lists_who_changed_which_field_from_what_to_what(client, people, city):
    client.force_login(people["editor"])
    save_description(client, city, "Port on the Adriatic.")
    page = client.get(history_url(city)).content.decode()
    assert "<td>editor</td>" in page
    assert "description (English)</strong>: <del>—</del> → <ins>Port on the Adriatic.</ins>" in page


def test_the_history_is_shown_in_the_readers_language(client, people, city):
    client.force_login(people["editor"])
    save_description(client, city, "Porto.")
    page = client.get(f"/ja/workspace/history/directory.city/{city.pk}/").content.decode()
    from django.utils import translation

    with translation.override("ja"):
        label = str(City._meta.get_field("description").verbose_name)
    assert f"{label} (English)</strong>" in page


def test_the_edit_page_links_to_the_history(client, people, city):
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/cities/{city.slug}/edit/").content.decode()
    assert f'href="{history_url(city)}?back=' in page


def test_restoring_asks_first_showing_what_comes_back_then_restores(client, people, city):
    client.force_login(people["editor"])
    save_description(client, city, "Port on the Adriatic.")
    save_description(client, city, "Oops.")
    restore = restore_links(client.get(history_url(city)).content.decode(), city)[0]
    confirmation = client.get(restore)  # first click: what will change
    assert confirmation.status_code == 200
    assert "Oops. → Port on the Adriatic." in re.sub(
        r"</?(del|ins)>", "", confirmation.content.decode()
    )
    city.refresh_from_db()
    assert localize(city.description).text == "Oops."  # nothing restored yet
    response = client.post(restore, {"revision": city.revision})  # second click
    assert response.status_code == 302
    city.refresh_from_db()
    assert localize(city.description).text == "Port on the Adriatic."


def test_the_restore_brings_back_the_chosen_version_and_is_itself_in_the_history(
    client, people, city
):
    client.force_login(people["editor"])
    save_description(client, city, "Port on the Adriatic.")
    save_description(client, city, "Oops.")
    page = client.get(history_url(city)).content.decode()
    # Newest first: the first restorable version is the one before "Oops.".
    first_restorable = restore_links(page, city)[0]
    city.refresh_from_db()
    client.post(first_restorable, {"revision": city.revision})
    city.refresh_from_db()
    assert localize(city.description).text == "Port on the Adriatic."
    page = client.get(history_url(city)).content.decode()
    assert "Restored the version of" in page
    assert "<del>Oops.</del> → <ins>Port on the Adriatic.</ins>" in page


def test_a_restore_from_a_stale_page_is_refused_with_a_409(client, people, city):
    client.force_login(people["editor"])
    save_description(client, city, "First.")
    save_description(client, city, "Second.")
    restore = restore_links(client.get(history_url(city)).content.decode(), city)[0]
    city.refresh_from_db()
    opened_at = city.revision
    save_description(client, city, "Third.")
    response = client.post(restore, {"revision": opened_at})
    assert response.status_code == 409
    city.refresh_from_db()
    assert localize(city.description).text == "Third."


def test_a_deleted_department_appears_in_the_citys_history(client, people, city):
    department = OrganisationFactory(city=city, name='{"en": "Social Policies"}')
    client.force_login(people["editor"])
    client.post(f"/en/workspace/organisations/{department.pk}/delete/")
    page = client.get(history_url(city)).content.decode()
    assert "Organisation: Social Policies: deleted" in page


def test_the_history_of_a_deleted_record_stays_readable(client, people, city):
    department = OrganisationFactory(city=city, name='{"en": "Social Policies"}')
    client.force_login(people["editor"])
    client.post(f"/en/workspace/organisations/{department.pk}/delete/")
    response = client.get(f"/en/workspace/history/directory.organisation/{department.pk}/")
    assert response.status_code == 200
    assert "This record has been deleted" in response.content.decode()


@pytest.mark.parametrize("who", ["viewer", "other_editor", "evaluator", "nobody"])
def test_without_the_right_to_edit_the_history_and_restore_answer_403(client, people, city, who):
    client.force_login(people["editor"])
    save_description(client, city, "First.")
    save_description(client, city, "Second.")
    record = City.history.filter(id=city.pk).order_by("history_id").first()
    restore = f"/en/workspace/history/directory.city/{city.pk}/restore/{record.history_id}/"
    client.force_login(people[who])
    city.refresh_from_db()
    assert client.get(history_url(city)).status_code == 403
    assert client.get(restore).status_code == 403
    assert client.post(restore, {"revision": city.revision}).status_code == 403
    city.refresh_from_db()
    assert localize(city.description).text == "Second."


def test_a_model_without_history_is_not_found(client, people):
    client.force_login(people["admin"])
    assert client.get("/en/workspace/history/auth.user/1/").status_code == 404


def test_a_departments_earlier_name_is_restored_from_the_citys_history(client, people, city):
    department = OrganisationFactory(city=city, name='{"en": "Social Policies"}')
    client.force_login(people["editor"])
    data = form_data(OrganisationForm(instance=department), name_0="Welfare")
    client.post(f"/en/workspace/organisations/{department.pk}/edit/", data)
    page = client.get(history_url(city)).content.decode()
    [restore] = re.findall(
        rf'href="(/en/workspace/history/directory\.organisation/{department.pk}/restore/\d+/)'
        r'\?back=([^"]+)"',
        page,
    )
    department.refresh_from_db()
    url, back = restore
    response = client.post(url, {"revision": department.revision, "back": unquote(back)})
    assert response.url == history_url(city)
    department.refresh_from_db()
    assert localize(department.name).text == "Social Policies"
