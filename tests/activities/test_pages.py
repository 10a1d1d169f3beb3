"""Public activity pages and the programme calendar."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.activities.enums import ActivityKind, ActivityStatus
from citybridge.pairings.enums import PairingStatus
from tests.factories import (
    ActivityFactory,
    AgendaItemFactory,
    CityFactory,
    OrganisationFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def test_activity_page_shows_the_agenda_in_host_and_partner_time_zones(client, pairing):
    activity = ActivityFactory(pairing=pairing, title='{"en": "Study visit", "ja": "視察"}')
    AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 4, 7, 30, tzinfo=UTC),
        ends_at=datetime(2018, 10, 4, 10, 30, tzinfo=UTC),
        title='{"en": "Meeting with Social Policies"}',
    )
    page = client.get(f"/ja/activities/{activity.pk}/").content.decode()
    assert "視察" in page
    assert "09:30–12:30 CEST · 16:30–19:30 JST" in page
    assert "Meeting with Social Policies" in page


def test_the_pairing_page_lists_its_activities_with_both_zones(client, pairing):
    ActivityFactory(pairing=pairing, title='{"en": "Study visit to Ancona"}')
    page = client.get(f"/en/pairings/{pairing.slug}/").content.decode()
    assert "Study visit to Ancona" in page
    assert "09:00 CEST · 16:00 JST" in page


def test_whole_day_activities_show_host_city_dates_not_utc_dates(client, pairing):
    # 3 October 00:00 in Ancona is still 2 October in UTC: the page must say 3 October.
    activity = ActivityFactory(
        pairing=pairing,
        all_day=True,
        starts_at=datetime(2018, 10, 2, 22, 0, tzinfo=UTC),
        ends_at=datetime(2018, 10, 6, 21, 59, tzinfo=UTC),
    )
    page = client.get(f"/en/activities/{activity.pk}/").content.decode()
    assert "Oct. 3, 2018" in page and "Oct. 6, 2018" in page
    assert "Oct. 2, 2018" not in page


def test_outcomes_appear_once_the_activity_is_held(client, pairing):
    activity = ActivityFactory(
        pairing=pairing, minutes='{"en": "Agreed to exchange data on energy use."}'
    )
    assert "Agreed to exchange data" not in client.get(activity.get_absolute_url()).content.decode()
    activity.status = ActivityStatus.HELD
    activity.save()
    assert "Agreed to exchange data" in client.get(activity.get_absolute_url()).content.decode()


def test_delegation_counts_by_city(client, pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    activity = ActivityFactory(pairing=pairing)
    for _ in range(3):
        ParticipationFactory(
            activity=activity, person__organisation=OrganisationFactory(city=japan)
        )
    ParticipationFactory(activity=activity, person__organisation=OrganisationFactory(city=europe))
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Ikoma: 3 participants" in page
    assert "Ancona: 1 participant" in page


def test_an_activity_of_a_proposed_pairing_is_hidden_from_the_public(client, people, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    activity = ActivityFactory(pairing=pairing)
    assert client.get(activity.get_absolute_url()).status_code == 404
    client.force_login(people["other_editor"])
    assert client.get(activity.get_absolute_url()).status_code == 403
    client.force_login(people["viewer"])
    assert client.get(activity.get_absolute_url()).status_code == 200


def test_calendar_lists_upcoming_and_past_and_filters_by_kind(client, pairing):
    ActivityFactory(pairing=pairing, title='{"en": "Old study tour"}')
    ActivityFactory(
        pairing=None,
        programme=pairing.programme,
        host_city=CityFactory(name='{"en": "Brussels"}', time_zone="Europe/Brussels"),
        kind=ActivityKind.EXCHANGE_MEETING,
        title='{"en": "Future exchange meeting"}',
        starts_at=datetime(2030, 5, 17, 8, tzinfo=UTC),
        ends_at=datetime(2030, 5, 17, 16, tzinfo=UTC),
    )
    page = client.get(f"/en/activities/calendar/{pairing.programme.slug}/").content.decode()
    assert (
        page.index("Future exchange meeting")
        < page.index('id="past-heading"')
        < page.index("Old study tour")
    )
    only_meetings = client.get(
        f"/en/activities/calendar/{pairing.programme.slug}/", {"kind": "exchange_meeting"}
    ).content.decode()
    assert "Old study tour" not in only_meetings


def test_month_view_places_activities_on_their_days(client, pairing):
    ActivityFactory(pairing=pairing, title='{"en": "October visit"}')
    page = client.get(
        f"/en/activities/calendar/{pairing.programme.slug}/", {"view": "month", "month": "2018-10"}
    ).content.decode()
    assert "October 2018" in page
    assert page.count("October visit") == 4  # 3 to 6 October


def test_calendar_survives_nonsense_parameters(client, pairing):
    response = client.get(
        f"/en/activities/calendar/{pairing.programme.slug}/",
        {"view": "month", "month": "2018-13", "kind": "party", "pairing": "nope"},
    )
    assert response.status_code == 200


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_calendar_query_count_does_not_grow_with_activities(client, pairing):
    ActivityFactory(pairing=pairing)
    url = f"/en/activities/calendar/{pairing.programme.slug}/"
    one = _queries(client, url)
    for _ in range(5):
        ActivityFactory(pairing=pairing)
    assert _queries(client, url) == one


def test_activity_page_query_count_does_not_grow_with_agenda_and_participants(client, pairing):
    activity = ActivityFactory(pairing=pairing)
    AgendaItemFactory(activity=activity).organisations.add(OrganisationFactory())
    ParticipationFactory(activity=activity)
    one = _queries(client, activity.get_absolute_url())
    for _ in range(4):
        AgendaItemFactory(activity=activity).organisations.add(OrganisationFactory())
        ParticipationFactory(activity=activity)
    assert _queries(client, activity.get_absolute_url()) == one


def test_an_activity_whose_days_were_never_published_stays_out_of_calendars(client, pairing):
    vague = ActivityFactory(
        pairing=None,
        programme=pairing.programme,
        host_city=pairing.ordered_memberships[1].city,
        kind=ActivityKind.EXCHANGE_MEETING,
        title='{"en": "Exchange meeting in Tokyo"}',
        all_day=True,
        date_precision="month",
    )
    page = client.get(vague.get_absolute_url()).content.decode()
    assert "exact days not published" in page
    assert "Add to my calendar" not in page
    feed = client.get(f"/calendar/programmes/{pairing.programme.slug}.ics").content.decode()
    assert "Exchange meeting in Tokyo" not in feed
    assert client.get(f"/calendar/activities/{vague.uid}.ics").status_code == 404


def test_the_workspace_agenda_adds_the_viewers_own_time_zone(client, people, pairing):
    from citybridge.accounts.models import AccountSettings

    AccountSettings.objects.create(user=people["partner_editor"], time_zone="America/New_York")
    activity = ActivityFactory(pairing=pairing)
    AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 4, 7, 30, tzinfo=UTC),
        ends_at=datetime(2018, 10, 4, 10, 30, tzinfo=UTC),
    )
    client.force_login(people["partner_editor"])
    page = client.get(f"/en/workspace/activities/{activity.pk}/").content.decode()
    assert "09:30–12:30 CEST · 16:30–19:30 JST · 03:30–06:30 EDT" in page
