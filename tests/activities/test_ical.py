"""iCalendar feeds and the single-activity file, read back with vobject.

vobject is a second, independent iCalendar implementation (it reads VTIMEZONEs through
dateutil), so a round trip through it checks what a calendar client would see, not what our
own library believes it wrote.
"""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.access.enums import RoleKind
from citybridge.activities.enums import ActivityKind, ActivityStatus
from citybridge.pairings.enums import PairingStatus
from tests.factories import (
    ActivityFactory,
    AgendaItemFactory,
    CityFactory,
    JapaneseCityFactory,
    PairingFactory,
    ParticipationFactory,
    PersonFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db

# Clocks went back in Italy at 03:00 CEST on Sunday 28 October 2018.
ROME_BEFORE_CHANGE = datetime(2018, 10, 27, 8, 0, tzinfo=UTC)  # 10:00 CEST (UTC+2)
ROME_AFTER_CHANGE = datetime(2018, 10, 28, 9, 0, tzinfo=UTC)  # 10:00 CET (UTC+1)
TOKYO = datetime(2018, 4, 16, 1, 0, tzinfo=UTC)  # 10:00 JST (UTC+9), no daylight saving


# --- Helpers -----------------------------------------------------------------------------


def parse(content: bytes):
    return vobject.readOne(content.decode("utf-8"))


def zones_of(calendar) -> dict:
    """The tzinfo of each VTIMEZONE in this very file, by TZID."""
    return {vtz.tzid.value: vtz.gettzinfo() for vtz in getattr(calendar, "vtimezone_list", [])}


def instant(prop, zones):
    """An event's DTSTART/DTEND as an aware datetime, resolved with the file's own VTIMEZONE.

    vobject keeps the first VTIMEZONE it ever saw for a TZID (and falls back to pytz for a
    missing one); re-attaching this file's zone makes the check about this file.
    """
    value = prop.value
    if not isinstance(value, datetime):
        return value
    tzid = prop.params.get("X-VOBJ-ORIGINAL-TZID", [None])[0]
    if tzid is None:
        return value
    assert tzid in zones, f"no VTIMEZONE for {tzid}"
    return value.replace(tzinfo=zones[tzid])


def events(calendar) -> dict:
    return {event.uid.value: event for event in getattr(calendar, "vevent_list", [])}


def uid(activity) -> str:
    return f"{activity.uid}@citybridge"


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, parse(response.content)


def feed_urls(pairing, person) -> dict[str, str]:
    europe = pairing.ordered_memberships[0].city
    return {
        "programme": f"/calendar/programmes/{pairing.programme.slug}.ics",
        "pairing": f"/calendar/pairings/{pairing.slug}.ics",
        "city": f"/calendar/cities/{europe.slug}.ics",
        "person": f"/calendar/people/{person.calendar_token}.ics",
    }


def activity_url(activity) -> str:
    return f"/calendar/activities/{activity.uid}.ics"


@pytest.fixture
def cities(pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    return europe, japan


@pytest.fixture
def tour(pairing, cities):
    """Three activities of ``pairing``: two in Ancona around the end of summer time, one in
    Ikoma; a delegate takes part in all three."""
    europe, japan = cities
    activities = [
        ActivityFactory(
            pairing=pairing,
            host_city=europe,
            title='{"en": "Ikoma delegation, day 1"}',
            starts_at=ROME_BEFORE_CHANGE,
            ends_at=ROME_BEFORE_CHANGE + timedelta(hours=7),
        ),
        ActivityFactory(
            pairing=pairing,
            host_city=europe,
            title='{"en": "Ikoma delegation, day 2"}',
            starts_at=ROME_AFTER_CHANGE,
            ends_at=ROME_AFTER_CHANGE + timedelta(hours=7),
        ),
        ActivityFactory(
            pairing=pairing,
            host_city=japan,
            title='{"en": "Study visit", "ja": "視察"}',
            starts_at=TOKYO,
            ends_at=TOKYO + timedelta(hours=8),
        ),
    ]
    delegate = PersonFactory()
    for activity in activities:
        ParticipationFactory(activity=activity, person=delegate)
    return activities, delegate


# --- Times, time zones, round trips ------------------------------------------------------


@pytest.mark.parametrize("feed", ["programme", "pairing", "city", "person"])
def test_every_feed_round_trips_start_and_end_to_the_stored_instants(client, pairing, tour, feed):
    activities, delegate = tour
    _, calendar = fetch(client, feed_urls(pairing, delegate)[feed])

    zones = zones_of(calendar)
    found = events(calendar)
    assert set(found) == {uid(a) for a in activities}
    for activity in activities:
        event = found[uid(activity)]
        assert instant(event.dtstart, zones) == activity.starts_at
        assert instant(event.dtend, zones) == activity.ends_at
    assert set(zones) == {"Europe/Rome", "Asia/Tokyo"}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_single_activity_file_round_trips_start_and_end(client, tour, index):
    activity = tour[0][index]
    response, calendar = fetch(client, activity_url(activity))

    zones = zones_of(calendar)
    (event,) = calendar.vevent_list
    assert event.uid.value == uid(activity)
    assert instant(event.dtstart, zones) == activity.starts_at
    assert instant(event.dtend, zones) == activity.ends_at
    assert set(zones) == {activity.host_city.time_zone}
    assert response["Content-Disposition"] == f'attachment; filename="{activity.uid}.ics"'


def test_times_are_host_city_wall_clock_on_both_sides_of_the_daylight_saving_change(
    client, pairing, tour
):
    activities, _ = tour
    response, calendar = fetch(client, f"/calendar/pairings/{pairing.slug}.ics")
    raw = response.content.decode()

    assert "DTSTART;TZID=Europe/Rome:20181027T100000" in raw
    assert "DTSTART;TZID=Europe/Rome:20181028T100000" in raw
    assert "DTSTART;TZID=Asia/Tokyo:20180416T100000" in raw
    zones = zones_of(calendar)
    offsets = [instant(events(calendar)[uid(a)].dtstart, zones).utcoffset() for a in activities]
    assert offsets == [timedelta(hours=2), timedelta(hours=1), timedelta(hours=9)]


def test_every_tzid_used_has_a_vtimezone(client, pairing, tour):
    activities, _ = tour
    response, calendar = fetch(client, f"/calendar/programmes/{pairing.programme.slug}.ics")

    used = {event.dtstart.params["X-VOBJ-ORIGINAL-TZID"][0] for event in calendar.vevent_list} | {
        event.dtend.params["X-VOBJ-ORIGINAL-TZID"][0] for event in calendar.vevent_list
    }
    assert used == {"Europe/Rome", "Asia/Tokyo"}
    assert {vtz.tzid.value for vtz in calendar.vtimezone_list} == used
    assert response.content.decode().count("BEGIN:VTIMEZONE") == 2


def test_all_day_activity_has_dates_with_exclusive_end(client, pairing, cities):
    europe, _ = cities
    activity = ActivityFactory(
        pairing=pairing,
        host_city=europe,
        all_day=True,
        starts_at=datetime(2018, 10, 3, 7, 0, tzinfo=UTC),
        ends_at=datetime(2018, 10, 6, 16, 0, tzinfo=UTC),
    )
    response, calendar = fetch(client, activity_url(activity))

    (event,) = calendar.vevent_list
    assert event.dtstart.value == date(2018, 10, 3)
    assert event.dtend.value == date(2018, 10, 7)  # the day after the last day
    assert event.dtstart.params["VALUE"] == ["DATE"]
    assert event.dtend.params["VALUE"] == ["DATE"]
    raw = response.content.decode()
    assert "DTSTART;VALUE=DATE:20181003" in raw
    assert "DTEND;VALUE=DATE:20181007" in raw


def test_all_day_activity_takes_its_days_in_the_host_city_zone(client, pairing, cities):
    _, japan = cities
    activity = ActivityFactory(
        pairing=pairing,
        host_city=japan,
        all_day=True,
        starts_at=datetime(2018, 4, 15, 23, 0, tzinfo=UTC),  # 16 April, 08:00 in Ikoma
        ends_at=datetime(2018, 4, 17, 8, 0, tzinfo=UTC),  # 17 April, 17:00 in Ikoma
    )
    _, calendar = fetch(client, activity_url(activity))

    (event,) = calendar.vevent_list
    assert event.dtstart.value == date(2018, 4, 16)
    assert event.dtend.value == date(2018, 4, 18)


# --- Identity and status -----------------------------------------------------------------


def test_uid_stays_and_sequence_grows_when_an_activity_is_edited(client, pairing, tour):
    activity = tour[0][0]
    url = f"/calendar/pairings/{pairing.slug}.ics"
    before = events(fetch(client, url)[1])[uid(activity)]

    with time_machine.travel(datetime(2018, 9, 1, 12, 0, tzinfo=UTC)):
        activity.title = '{"en": "Ikoma delegation, day 1 (new programme)"}'
        activity.sequence += 1
        activity.save()
    after = events(fetch(client, url)[1])[uid(activity)]

    assert before.uid.value == after.uid.value == f"{activity.uid}@citybridge"
    assert int(before.sequence.value) == 0
    assert int(after.sequence.value) == 1
    assert after.summary.value == "Ikoma delegation, day 1 (new programme)"
    assert after.last_modified.value == datetime(2018, 9, 1, 12, 0, tzinfo=UTC)
    assert after.dtstamp.value == datetime(2018, 9, 1, 12, 0, tzinfo=UTC)


def test_dtstamp_and_last_modified_are_the_last_change_in_utc(client, pairing):
    with time_machine.travel(datetime(2018, 3, 2, 9, 30, 15, tzinfo=UTC)):
        activity = ActivityFactory(pairing=pairing)
    response, calendar = fetch(client, activity_url(activity))

    (event,) = calendar.vevent_list
    assert event.dtstamp.value == datetime(2018, 3, 2, 9, 30, 15, tzinfo=UTC)
    assert event.last_modified.value == datetime(2018, 3, 2, 9, 30, 15, tzinfo=UTC)
    raw = response.content.decode()
    assert "DTSTAMP:20180302T093015Z" in raw
    assert "LAST-MODIFIED:20180302T093015Z" in raw


def test_cancelled_activity_stays_in_the_feed_as_cancelled(client, pairing, tour):
    activity = tour[0][1]
    activity.status = ActivityStatus.CANCELLED
    activity.sequence += 1
    activity.save()

    _, calendar = fetch(client, f"/calendar/pairings/{pairing.slug}.ics")

    assert events(calendar)[uid(activity)].status.value == "CANCELLED"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ActivityStatus.PLANNED, "TENTATIVE"),
        (ActivityStatus.CONFIRMED, "CONFIRMED"),
        (ActivityStatus.HELD, "CONFIRMED"),
        (ActivityStatus.CANCELLED, "CANCELLED"),
    ],
)
def test_status_follows_the_activity_status(client, pairing, status, expected):
    activity = ActivityFactory(pairing=pairing, status=status)
    _, calendar = fetch(client, activity_url(activity))

    assert calendar.vevent.status.value == expected


# --- Texts ---------------------------------------------------------------------------------


def test_calendar_properties(client, pairing, tour):
    _, calendar = fetch(client, f"/calendar/pairings/{pairing.slug}.ics")

    assert calendar.prodid.value == "-//CityBridge//CityBridge//EN"
    assert calendar.version.value == "2.0"
    assert calendar.calscale.value == "GREGORIAN"
    assert calendar.method.value == "PUBLISH"
    assert calendar.x_wr_calname.value == "CityBridge – Ancona – Ikoma"


def test_japanese_feed_has_japanese_titles_and_falls_back_to_english(client, pairing, tour):
    activities, _ = tour
    url = f"/calendar/pairings/{pairing.slug}.ics"

    japanese = events(fetch(client, url + "?lang=ja")[1])
    english = events(fetch(client, url)[1])

    assert japanese[uid(activities[2])].summary.value == "視察"
    assert japanese[uid(activities[2])].location.value == "生駒市"
    assert japanese[uid(activities[0])].summary.value == "Ikoma delegation, day 1"  # fallback
    assert english[uid(activities[2])].summary.value == "Study visit"
    assert english[uid(activities[2])].location.value == "Ikoma"
    assert fetch(client, url + "?lang=ja")[1].x_wr_calname.value == "CityBridge – Ancona – 生駒市"


def test_description_has_the_agenda_in_the_host_city_zone(client, pairing, cities):
    europe, _ = cities
    activity = ActivityFactory(
        pairing=pairing,
        host_city=europe,
        description='{"en": "Four days of meetings.", "it": "Quattro giorni di incontri."}',
        starts_at=ROME_BEFORE_CHANGE,
        ends_at=ROME_AFTER_CHANGE + timedelta(hours=7),
    )
    AgendaItemFactory(
        activity=activity,
        starts_at=ROME_BEFORE_CHANGE,
        ends_at=ROME_BEFORE_CHANGE + timedelta(hours=1),
        title='{"en": "Welcome at the City Hall", "it": "Benvenuto in Comune"}',
    )
    AgendaItemFactory(
        activity=activity,
        starts_at=ROME_AFTER_CHANGE + timedelta(hours=4),
        ends_at=None,
        title='{"en": "Visit of the port"}',
    )

    english = fetch(client, activity_url(activity))[1].vevent.description.value
    italian = fetch(client, activity_url(activity) + "?lang=it")[1].vevent.description.value

    assert english == (
        "Four days of meetings.\n\n"
        "2018-10-27\n10:00–11:00 Welcome at the City Hall\n\n"
        "2018-10-28\n14:00 Visit of the port"
    )
    assert italian.startswith("Quattro giorni di incontri.\n\n2018-10-27\n10:00–11:00 Benvenuto")


def test_one_day_agenda_has_no_date_lines(client, pairing):
    activity = ActivityFactory(
        pairing=pairing,
        starts_at=ROME_BEFORE_CHANGE,
        ends_at=ROME_BEFORE_CHANGE + timedelta(hours=7),
    )
    AgendaItemFactory(activity=activity, title='{"en": "Opening"}')

    description = fetch(client, activity_url(activity))[1].vevent.description.value

    assert description == "10:00–11:00 Opening"


def test_location_and_url(client, pairing, cities):
    europe, _ = cities
    activity = ActivityFactory(
        pairing=pairing, host_city=europe, venue='{"en": "Mole Vanvitelliana"}'
    )

    event = fetch(client, activity_url(activity) + "?lang=ja")[1].vevent

    assert event.location.value == "Mole Vanvitelliana, Ancona"
    assert event.url.value == f"http://testserver/en/activities/{activity.pk}/"


# --- Who sees what -----------------------------------------------------------------------


@pytest.fixture
def proposed(pairing, cities):
    """An activity of a proposed (internal) pairing between Ancona and another city."""
    europe, _ = cities
    internal = PairingFactory(
        programme=pairing.programme,
        status=PairingStatus.PROPOSED,
        cities=[europe, JapaneseCityFactory()],
    )
    return ActivityFactory(pairing=internal, host_city=europe)


def test_activities_of_a_proposed_pairing_are_absent_from_public_feeds(
    client, pairing, tour, proposed
):
    _, delegate = tour
    ParticipationFactory(activity=proposed, person=delegate)

    for url in feed_urls(pairing, delegate).values():
        assert uid(proposed) not in events(fetch(client, url)[1])
    assert client.get(f"/calendar/pairings/{proposed.pairing.slug}.ics").status_code == 404


def test_single_file_of_a_proposed_pairing_activity_is_404_for_anonymous_visitors(client, proposed):
    assert client.get(activity_url(proposed)).status_code == 404


@pytest.mark.parametrize("role", ["nobody", "other_editor"])
def test_single_file_of_a_proposed_pairing_activity_is_404_for_outsiders(
    client, people, proposed, role
):
    client.force_login(people[role])

    assert client.get(activity_url(proposed)).status_code == 404


def test_single_file_of_a_proposed_pairing_activity_is_served_privately_to_its_members(
    client, people, proposed
):
    client.force_login(people["editor"])  # edits Ancona, which is in the proposed pairing

    response, calendar = fetch(client, activity_url(proposed))

    assert calendar.vevent.uid.value == uid(proposed)
    assert "private" in response["Cache-Control"]


def test_programme_wide_activity_is_in_the_programme_feed_and_public(client, pairing, cities):
    europe, _ = cities
    meeting = ActivityFactory(
        pairing=None,
        programme=pairing.programme,
        kind=ActivityKind.EXCHANGE_MEETING,
        host_city=CityFactory(name='{"en": "Brussels"}', time_zone="Europe/Brussels"),
    )

    programme = events(fetch(client, f"/calendar/programmes/{pairing.programme.slug}.ics")[1])
    single = fetch(client, activity_url(meeting))[1]

    assert uid(meeting) in programme
    assert single.vevent.location.value == "Brussels"
    assert [vtz.tzid.value for vtz in single.vtimezone_list] == ["Europe/Brussels"]


def test_city_feed_has_hosted_activities_and_those_of_its_pairings_only(
    client, pairing, tour, cities
):
    europe, _ = cities
    activities, _ = tour
    elsewhere = PairingFactory(programme=pairing.programme)
    hosted_for_others = ActivityFactory(pairing=elsewhere, host_city=europe)
    unrelated = ActivityFactory(pairing=elsewhere)

    found = events(fetch(client, f"/calendar/cities/{europe.slug}.ics")[1])

    assert set(found) == {uid(a) for a in [*activities, hosted_for_others]}
    assert uid(unrelated) not in found


def test_person_feed_lists_only_that_persons_activities(client, pairing, tour):
    activities, delegate = tour
    other = PersonFactory()
    ParticipationFactory(activity=activities[2], person=other)
    ActivityFactory(pairing=pairing)  # nobody's

    mine = events(fetch(client, f"/calendar/people/{delegate.calendar_token}.ics")[1])
    theirs = events(fetch(client, f"/calendar/people/{other.calendar_token}.ics")[1])

    assert set(mine) == {uid(a) for a in activities}
    assert set(theirs) == {uid(activities[2])}


def test_person_feed_is_not_kept_by_shared_caches(client, tour):
    _, delegate = tour
    response = client.get(f"/calendar/people/{delegate.calendar_token}.ics")

    assert response["Cache-Control"] == "private, max-age=300"


# --- Addresses, headers, errors ----------------------------------------------------------


def test_feed_headers(client, pairing, tour):
    response = client.get(f"/calendar/pairings/{pairing.slug}.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'inline; filename="{pairing.slug}.ics"'
    assert response["Cache-Control"] == "max-age=300"


def test_empty_feed_is_still_a_calendar(client, pairing):
    _, calendar = fetch(client, f"/calendar/pairings/{pairing.slug}.ics")

    assert calendar.name == "VCALENDAR"
    assert events(calendar) == {}


@pytest.mark.parametrize("lang", ["xx", "de", "", "ja-xx"])
@pytest.mark.parametrize("feed", ["programme", "pairing", "city", "person", "activity"])
def test_unknown_language_is_a_400_with_a_short_message(client, pairing, tour, feed, lang):
    activities, delegate = tour
    urls = {**feed_urls(pairing, delegate), "activity": activity_url(activities[0])}

    response = client.get(urls[feed], {"lang": lang})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "Unknown language in lang=; use one of: en, it, ja."


@pytest.mark.parametrize(
    "url",
    [
        "/calendar/programmes/no-such-programme.ics",
        "/calendar/pairings/no-such-pairing.ics",
        "/calendar/cities/no-such-city.ics",
        "/calendar/people/00000000-0000-4000-8000-000000000000.ics",
        "/calendar/activities/00000000-0000-4000-8000-000000000000.ics",
        "/calendar/people/not-a-token.ics",
    ],
)
def test_unknown_slugs_and_tokens_are_404(client, pairing, url):
    assert client.get(url).status_code == 404


# --- Query counts --------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def _add_activities(pairing, person, count):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    for n in range(count):
        activity = ActivityFactory(pairing=pairing, host_city=(europe, japan)[n % 2])
        AgendaItemFactory(activity=activity)
        AgendaItemFactory(activity=activity)
        ParticipationFactory(activity=activity, person=person)


@pytest.mark.parametrize("feed", ["programme", "pairing", "city", "person"])
def test_feed_query_count_does_not_grow_with_the_activities(client, feed):
    small, large = PairingFactory(), PairingFactory()
    small_person, large_person = PersonFactory(), PersonFactory()
    _add_activities(small, small_person, 1)
    _add_activities(large, large_person, 5)

    one = _queries(client, feed_urls(small, small_person)[feed])
    five = _queries(client, feed_urls(large, large_person)[feed])

    assert one == five


def test_single_activity_file_query_count_does_not_grow_with_its_agenda(client):
    user = UserFactory()
    grant(user, RoleKind.CITY_VIEWER, CityFactory())
    client.force_login(user)
    short = ActivityFactory()
    AgendaItemFactory(activity=short)
    long = ActivityFactory()
    for _ in range(5):
        AgendaItemFactory(activity=long)

    assert _queries(client, activity_url(short)) == _queries(client, activity_url(long))
