"""Two people editing one activity or agenda item: the second is told, nothing is lost."""

import pytest

from citybridge.activities.forms import ActivityForm, AgendaItemForm
from citybridge.activities.models import Activity, AgendaItem
from citybridge.core.i18n import localize
from citybridge.directory.models import City
from tests.factories import ActivityFactory, AgendaItemFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(pairing):
    return ActivityFactory(pairing=pairing, title='{"en": "Study tour"}')


def opened_activity_form(activity):
    hosts = City.objects.filter(memberships__pairing=activity.pairing_id)
    return form_data(ActivityForm(instance=activity, host_cities=hosts))


def test_the_second_stale_save_of_an_activity_is_refused_and_lists_the_first_change(
    client, people, activity
):
    url = f"/en/workspace/activities/{activity.pk}/edit/"
    opened = opened_activity_form(activity)
    client.force_login(people["editor"])
    first = client.post(url, {**opened, "title_0": "Study tour to Ikoma"})
    client.force_login(people["partner_editor"])
    second = client.post(url, {**opened, "venue_0": "City hall"})
    page = second.content.decode()
    assert (first.status_code, second.status_code) == (302, 409)
    assert "title (English): Study tour → Study tour to Ikoma" in page
    assert 'value="City hall"' in page  # the refused input is kept
    activity.refresh_from_db()
    assert (localize(activity.title).text, localize(activity.venue).text) == (
        "Study tour to Ikoma",
        "",
    )


def test_a_refused_activity_save_does_not_count_as_a_calendar_change(client, people, activity):
    url = f"/en/workspace/activities/{activity.pk}/edit/"
    opened = opened_activity_form(activity)
    client.force_login(people["editor"])
    client.post(url, {**opened, "title_0": "Study tour to Ikoma"})
    client.post(url, {**opened, "title_0": "Late"})
    assert Activity.objects.get(pk=activity.pk).sequence == 1


def test_the_second_stale_save_of_an_agenda_item_is_refused_and_lists_the_first_change(
    client, people, activity
):
    item = AgendaItemFactory(activity=activity, title='{"en": "Welcome"}')
    url = f"/en/workspace/agenda/{item.pk}/edit/"
    opened = form_data(AgendaItemForm(instance=item, activity=activity))
    client.force_login(people["editor"])
    first = client.post(url, {**opened, "title_0": "Welcome by the mayor"})
    client.force_login(people["partner_editor"])
    second = client.post(url, {**opened, "title_0": "Opening"})
    page = second.content.decode()
    assert (first.status_code, second.status_code) == (302, 409)
    assert "title (English): Welcome → Welcome by the mayor" in page
    assert 'value="Opening"' in page
    assert localize(AgendaItem.objects.get(pk=item.pk).title).text == "Welcome by the mayor"


def test_a_deleted_agenda_item_is_in_the_activitys_history(client, people, activity):
    item = AgendaItemFactory(activity=activity, title='{"en": "Welcome"}')
    client.force_login(people["editor"])
    client.post(f"/en/workspace/agenda/{item.pk}/delete/")
    page = client.get(f"/en/workspace/history/activities.activity/{activity.pk}/").content
    assert "Agenda item: Welcome: deleted" in page.decode()
