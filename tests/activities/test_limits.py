"""Activities and agenda items keep to the date limits, say which field is wrong, and an
activity stored before the limits (year 9999) never breaks a public page or feed."""

import re
from datetime import UTC, datetime

import pytest
from django.utils import timezone

from citybridge.activities.models import Activity, AgendaItem
from tests.factories import ActivityFactory, AgendaItemFactory
from tests.workspace.test_activities import activity_data, agenda_data

pytestmark = pytest.mark.django_db


def field_error(page: str, field_id: str) -> str:
    """The error shown under the field whose id is ``field_id`` ("" when there is none)."""
    found = re.search(rf'<p class="error" id="{field_id}_error">(.*?)</p>', page)
    return found.group(1) if found else ""


def new_activity(client, people, pairing, **changes):
    client.force_login(people["editor"])
    ancona = pairing.ordered_memberships[0].city
    return client.post(
        f"/en/workspace/pairings/{pairing.slug}/activities/new/", activity_data(ancona, **changes)
    )


def test_an_activity_in_the_year_9999_is_refused_on_its_last_day(client, people, pairing):
    response = new_activity(client, people, pairing, end_day="9999-12-31", end_time="23:30")
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_end_day") == (
        "Give a date between 1900 and 2100."
    )
    assert not Activity.objects.exists()


def test_an_activity_in_the_year_1_is_refused_on_its_first_day(client, people, pairing):
    response = new_activity(client, people, pairing, start_day="0001-01-01")
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_start_day") == (
        "Give a date between 1900 and 2100."
    )
    assert not Activity.objects.exists()


def test_an_activity_at_midnight_on_the_first_day_of_1900_in_tokyo_is_accepted(
    client, people, pairing
):
    # Still 31 December 1899 in UTC, the first moment the limits allow in Tokyo.
    client.force_login(people["partner_editor"])
    ikoma = pairing.ordered_memberships[1].city
    data = activity_data(
        ikoma, start_day="1900-01-01", start_time="00:00", end_day="1900-01-01", end_time="01:00"
    )
    response = client.post(f"/en/workspace/pairings/{pairing.slug}/activities/new/", data)
    assert response.status_code == 302
    assert Activity.objects.get().starts_at == datetime(1899, 12, 31, 15, 0, tzinfo=UTC)


def test_the_date_fields_tell_the_browser_the_limits(client, people, pairing):
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/pairings/{pairing.slug}/activities/new/").content.decode()
    start_day = re.search(r'<input type="date" name="start_day"[^>]*>', page).group()
    assert 'min="1900-01-01"' in start_day and 'max="2100-12-31"' in start_day


def test_an_activity_ending_the_day_before_it_starts_is_refused_on_its_last_day(
    client, people, pairing
):
    response = new_activity(client, people, pairing, start_day="2018-10-06", end_day="2018-10-03")
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "id_end_day") == "The end cannot be before the start."
    assert field_error(page, "id_start_day") == ""
    assert not Activity.objects.exists()


def test_an_activity_ending_before_it_starts_on_one_day_is_refused_on_its_end_time(
    client, people, pairing
):
    response = new_activity(
        client,
        people,
        pairing,
        start_day="2018-10-03",
        start_time="15:00",
        end_day="2018-10-03",
        end_time="09:00",
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_end_time") == (
        "The end cannot be before the start."
    )
    assert not Activity.objects.exists()


def test_an_agenda_item_ending_before_it_starts_is_refused_on_its_end_time(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/activities/{activity.pk}/agenda/new/",
        agenda_data(**{"agenda-start_time": "12:30", "agenda-end_time": "09:30"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert field_error(page, "id_agenda-end_time") == "The end cannot be before the start."
    assert page.count("The end cannot be before the start.") == 1
    assert not AgendaItem.objects.exists()


def test_an_agenda_item_in_the_year_9999_is_refused_on_its_day(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/activities/{activity.pk}/agenda/new/",
        agenda_data(**{"agenda-day": "9999-12-31", "agenda-start_time": "23:30"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_agenda-day") == (
        "Give a date between 1900 and 2100."
    )
    assert not AgendaItem.objects.exists()


@pytest.fixture
def activity_in_9999(pairing):
    """Saved before the limits existed: 23:30 in Ancona on the last day Python knows, which
    is already the year 10000 in Tokyo."""
    activity = ActivityFactory(
        pairing=pairing,
        title='{"en": "Far future visit"}',
        starts_at=datetime(9999, 12, 31, 22, 30, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 22, 30, tzinfo=UTC),
    )
    AgendaItemFactory(
        activity=activity,
        title='{"en": "Far future session"}',
        starts_at=datetime(9999, 12, 31, 22, 30, tzinfo=UTC),
        ends_at=datetime(9999, 12, 31, 22, 45, tzinfo=UTC),
    )
    return activity


def test_an_activity_stored_in_the_year_9999_keeps_the_pairing_page_up(
    client, pairing, activity_in_9999
):
    response = client.get(f"/en/pairings/{pairing.slug}/")
    assert response.status_code == 200
    assert "Far future visit" in response.content.decode()


def test_an_activity_stored_in_the_year_9999_is_shown_in_utc_where_its_zone_cannot_be(
    client, activity_in_9999
):
    response = client.get(f"/ja/activities/{activity_in_9999.pk}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Far future session" in page
    assert "22:30–22:45 UTC" in page


def test_an_activity_stored_in_the_year_9999_keeps_the_calendars_and_the_api_up(
    client, pairing, activity_in_9999
):
    programme = pairing.programme
    for url in (
        f"/en/activities/calendar/{programme.slug}/",
        f"/ja/activities/calendar/{programme.slug}/?view=month",
        f"/calendar/pairings/{pairing.slug}.ics",
        f"/calendar/programmes/{programme.slug}.ics",
        f"/api/v1/activities/{activity_in_9999.uid}",
        "/api/v1/activities",
    ):
        assert client.get(url).status_code == 200, url


def test_an_activity_stored_in_the_year_9999_can_be_opened_to_correct_it(
    client, people, activity_in_9999
):
    client.force_login(people["editor"])
    response = client.get(f"/en/workspace/activities/{activity_in_9999.pk}/edit/")
    assert response.status_code == 200
    assert 'value="9999-12-31"' in response.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1899-11", "2150-01", "2026-13"])
def test_a_month_outside_the_limits_shows_the_current_month_of_the_calendar(client, pairing, month):
    url = f"/en/activities/calendar/{pairing.programme.slug}/?view=month&month={month}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["month"] == timezone.now().date().replace(day=1)
