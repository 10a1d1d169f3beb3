"""The workspace for a city's profile, departments, stakeholders and people."""

import pytest

from citybridge.directory.models import City, Organisation, Person
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def city_data(city, **changes):
    data = {
        "name_0": "Ancona",
        "name_1": "Ancona",
        "name_2": "アンコーナ",
        "country": city.country.code,
        "continent": city.continent,
        "admin_region_0": "Marche",
        "admin_region_1": "",
        "admin_region_2": "",
        "population": "100000",
        "latitude": "43.6",
        "longitude": "13.5",
        "time_zone": "Europe/Rome",
        "languages": ["it"],
        "geonames_id": "",
        "website": "",
        "description_0": "Port city on the Adriatic.",
        "description_1": "",
        "description_2": "",
    }
    data.update(changes)
    return data


def test_anonymous_visitors_are_sent_to_log_in(client, pairing):
    city = pairing.ordered_memberships[0].city
    response = client.get(f"/en/workspace/cities/{city.slug}/edit/")
    assert response.status_code == 302 and "/en/accounts/login/" in response["Location"]


def test_city_editor_saves_the_city_profile_in_three_languages(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(f"/en/workspace/cities/{city.slug}/edit/", city_data(city), follow=True)
    assert "The city profile has been saved." in response.content.decode()
    city.refresh_from_db()
    assert city.name.data == {"en": "Ancona", "it": "Ancona", "ja": "アンコーナ"}
    assert city.languages == ["it"]


def test_a_bad_city_profile_is_refused_with_messages_and_keeps_what_was_typed(
    client, people, pairing
):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/cities/{city.slug}/edit/",
        city_data(city, population="0", time_zone="Europe/Ancona", description_0="Kept text"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Europe/Ancona is not an IANA time zone" in page
    assert "Ensure this value is greater than or equal to 1." in page
    assert "Kept text" in page  # nothing typed is lost
    city.refresh_from_db()
    assert city.population == 100_000  # nothing saved


@pytest.mark.parametrize("who", ["partner_editor", "viewer", "evaluator", "other_editor", "nobody"])
def test_others_cannot_edit_the_city_profile(client, people, pairing, who):
    city = pairing.ordered_memberships[0].city
    client.force_login(people[who])
    response = client.post(
        f"/en/workspace/cities/{city.slug}/edit/", city_data(city, population="5")
    )
    assert response.status_code == 403
    city.refresh_from_db()
    assert city.population == 100_000


def test_city_editor_adds_a_department_with_htmx_and_sees_the_list_updated(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/cities/{city.slug}/organisations/new/",
        {
            "org-name_0": "Social Policies",
            "org-name_1": "Politiche sociali",
            "org-name_2": "",
            "org-kind": "city_department",
            "org-website": "",
            "org-description_0": "",
            "org-description_1": "",
            "org-description_2": "",
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section aria-labelledby="orgs-heading" id="organisations">')
    assert "Social Policies" in page
    assert Organisation.objects.get(city=city).name.data["it"] == "Politiche sociali"


def test_a_department_without_a_name_is_refused_and_nothing_is_added(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/cities/{city.slug}/organisations/new/",
        {"org-name_0": "", "org-name_1": "", "org-name_2": "", "org-kind": "city_department"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Organisation.objects.filter(city=city).exists()


def test_partner_city_editor_cannot_add_departments_to_the_other_city(client, people, pairing):
    city = pairing.ordered_memberships[0].city
    client.force_login(people["partner_editor"])
    response = client.post(
        f"/en/workspace/cities/{city.slug}/organisations/new/",
        {"org-name_0": "Intruder", "org-kind": "city_department"},
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(city=city).exists()


def test_city_editor_renames_a_department(client, people, pairing):
    department = OrganisationFactory(city=pairing.ordered_memberships[0].city)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/organisations/{department.pk}/edit/",
        {
            "name_0": "Planning and Environment",
            "name_1": "",
            "name_2": "",
            "kind": "city_department",
        },
    )
    assert response.status_code == 302
    department.refresh_from_db()
    assert department.name.data == {"en": "Planning and Environment"}


def test_a_department_involved_in_a_pairing_is_not_removed(client, people, pairing):
    membership = pairing.ordered_memberships[0]
    department = OrganisationFactory(city=membership.city)
    membership.organisations.add(department)
    client.force_login(people["editor"])
    response = client.post(f"/en/workspace/organisations/{department.pk}/delete/", follow=True)
    assert "remove those links first" in response.content.decode()
    assert Organisation.objects.filter(pk=department.pk).exists()


def test_city_editor_adds_a_person_to_one_of_its_departments(client, people, pairing):
    department = OrganisationFactory(city=pairing.ordered_memberships[0].city)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/cities/{department.city.slug}/people/new/",
        {
            "name": "Maria Rossi",
            "title_0": "Head of EU Programmes Office",
            "title_1": "",
            "title_2": "",
            "organisation": department.pk,
            "email": "maria@example.org",
            "languages": ["it", "en"],
        },
    )
    assert response.status_code == 302
    assert Person.objects.get(name="Maria Rossi").languages == ["it", "en"]


def test_a_person_cannot_be_put_in_another_citys_organisation(client, people, pairing):
    elsewhere = OrganisationFactory(city=pairing.ordered_memberships[1].city)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/cities/{pairing.ordered_memberships[0].city.slug}/people/new/",
        {"name": "Sneaky", "organisation": elsewhere.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.filter(name="Sneaky").exists()


def test_coordinator_finds_a_city_in_the_gazetteer_and_gets_a_filled_form(client, people):
    client.force_login(people["coordinator"])
    results = client.get("/en/workspace/cities/gazetteer/", {"q": "ikoma"}).content.decode()
    assert "Ikoma" in results and "生駒市" in results
    form = client.get("/en/workspace/cities/new/?geonames_id=1861749").content.decode()
    assert 'value="Asia/Tokyo"' in form
    assert 'value="120741"' in form


def test_city_editors_cannot_add_cities(client, people):
    before = City.objects.count()
    client.force_login(people["editor"])
    assert client.get("/en/workspace/cities/new/").status_code == 403
    assert client.get("/en/workspace/cities/gazetteer/", {"q": "ikoma"}).status_code == 403
    assert client.post("/en/workspace/cities/new/", {"name_0": "New"}).status_code == 403
    assert City.objects.count() == before
