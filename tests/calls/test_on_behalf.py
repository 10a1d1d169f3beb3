"""The programme office works on a city's behalf: its application (marked as entered by the
office), its profile, departments and people."""

import pytest
from django.core.exceptions import PermissionDenied

from citybridge.calls import services
from citybridge.calls.forms import ApplicationForm
from citybridge.calls.models import Application
from citybridge.directory.forms import CityForm
from citybridge.directory.models import Organisation, Person
from tests.factories import CallFactory, CityFactory, OrganisationFactory, PersonFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def ancona(pairing):
    return pairing.ordered_memberships[0].city


@pytest.fixture
def call(pairing):
    return CallFactory(programme=pairing.programme)


def application_form_data(application, **changes):
    data = form_data(ApplicationForm(instance=application), **changes)
    data.update({"group-TOTAL_FORMS": "0", "group-INITIAL_FORMS": "0"})
    return data


# --- Applications --------------------------------------------------------------------------


def test_a_coordinator_starts_a_city_s_application_marked_as_entered_by_the_office(
    people, call, ancona
):
    application = services.start_application(call, ancona, by=people["coordinator"])
    assert (application.entered_by_office, application.created_by) == (
        True,
        people["coordinator"],
    )


def test_an_application_started_by_the_city_s_editor_is_not_marked(people, call, ancona):
    application = services.start_application(call, ancona, by=people["editor"])
    assert application.entered_by_office is False


def test_a_coordinator_of_another_programme_cannot_apply_on_a_city_s_behalf(people, call, ancona):
    with pytest.raises(PermissionDenied):
        services.start_application(call, ancona, by=people["other_coordinator"])
    assert not Application.objects.exists()


@pytest.mark.parametrize("who", ["pairing_coordinator", "viewer", "evaluator", "other_editor"])
def test_no_other_role_applies_on_a_city_s_behalf(people, call, ancona, who):
    with pytest.raises(PermissionDenied):
        services.start_application(call, ancona, by=people[who])


def test_the_call_page_offers_the_coordinator_the_cities_without_an_application(
    client, people, call, ancona
):
    essen = CityFactory(name='{"en": "Essen"}', country="DE")
    CityFactory(name='{"en": "Lyon"}', country="FR")  # not a country of the call
    services.start_application(call, ancona, by=people["editor"])
    client.force_login(people["coordinator"])
    page = client.get(f"/en/calls/{call.slug}/").content.decode()
    section = page[page.index("Enter an application on a city") :]
    assert f'<option value="{essen.pk}">Essen' in section
    assert "Lyon" not in section
    assert f'<option value="{ancona.pk}">' not in section


def test_the_call_page_offers_a_city_editor_no_other_city(client, people, call):
    client.force_login(people["editor"])
    page = client.get(f"/en/calls/{call.slug}/").content.decode()
    assert "Enter an application on a city" not in page


def test_a_coordinator_applies_from_the_call_page_and_edits_the_draft(client, people, call, ancona):
    client.force_login(people["coordinator"])
    response = client.post(f"/en/calls/{call.slug}/apply/", {"city": ancona.pk})
    application = Application.objects.get(call=call, city=ancona)
    assert response["Location"] == f"/en/calls/applications/{application.pk}/"
    response = client.post(
        response["Location"],
        application_form_data(application, motivation_0="Entered from the paper form"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.motivation.localize("en") == "Entered from the paper form"


def test_a_draft_the_city_started_is_marked_once_the_office_changes_it(
    client, people, call, ancona
):
    application = services.start_application(call, ancona, by=people["editor"])
    client.force_login(people["coordinator"])
    client.post(
        f"/en/calls/applications/{application.pk}/",
        application_form_data(application, motivation_0="Completed by the office"),
    )
    application.refresh_from_db()
    assert application.entered_by_office is True


def test_the_mark_is_shown_on_the_application_page(client, people, call, ancona):
    application = services.start_application(call, ancona, by=people["coordinator"])
    client.force_login(people["editor"])
    page = client.get(f"/en/calls/applications/{application.pk}/").content.decode()
    assert "Entered by the programme office" in page


def test_the_mark_is_shown_in_the_evaluation_list(client, people, call, ancona):
    application = services.start_application(call, ancona, by=people["coordinator"])
    Application.objects.filter(pk=application.pk).update(status="submitted")
    client.force_login(people["coordinator"])
    page = client.get(f"/en/evaluation/{call.slug}/").content.decode()
    assert "entered by the programme office" in page


# --- City profile, departments and people ------------------------------------------------------


def test_a_coordinator_edits_a_city_profile_of_their_programme(client, people, ancona):
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/cities/{ancona.slug}/edit/",
        form_data(CityForm(instance=ancona), website="https://www.comune.ancona.gov.it"),
    )
    assert response.status_code == 302
    ancona.refresh_from_db()
    assert ancona.website == "https://www.comune.ancona.gov.it"


def test_a_coordinator_adds_a_department_and_a_person_to_a_city(client, people, ancona):
    from citybridge.directory.forms import OrganisationForm, PersonForm

    client.force_login(people["coordinator"])
    client.post(
        f"/en/workspace/cities/{ancona.slug}/organisations/new/",
        form_data(
            OrganisationForm(prefix="org"),
            **{"org-name_0": "Social Policies", "org-kind": "city_department"},
        ),
    )
    department = Organisation.objects.get(city=ancona)
    response = client.post(
        f"/en/workspace/cities/{ancona.slug}/people/new/",
        form_data(
            PersonForm(city=ancona),
            name="Giulia Rossi",
            organisation=str(department.pk),
            languages=["it"],
        ),
    )
    assert response.status_code == 302
    assert Person.objects.get(organisation=department).name == "Giulia Rossi"


def test_a_coordinator_of_another_programme_cannot_edit_the_city(client, people, ancona):
    person = PersonFactory(organisation=OrganisationFactory(city=ancona))
    client.force_login(people["other_coordinator"])
    assert client.get(f"/en/workspace/cities/{ancona.slug}/edit/").status_code == 403
    assert client.get(f"/en/workspace/people/{person.pk}/edit/").status_code == 403
