"""Planning activities in the workspace: details in local time, agenda (htmx), delegation,
outcomes and materials; every write checked."""

import io
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citybridge.activities.models import Activity, AgendaItem, Material, Participation
from tests.factories import ActivityFactory, AgendaItemFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def activity_data(city, **changes):
    data = {
        "kind": "study_tour",
        "title_0": "Study visit of Ikoma's delegation to Ancona",
        "title_1": "",
        "title_2": "生駒市代表団のアンコーナ視察",
        "status": "planned",
        "host_city": city.pk,
        "venue_0": "City Hall",
        "online_url": "",
        "start_day": "2018-10-03",
        "start_time": "09:00",
        "end_day": "2018-10-06",
        "end_time": "17:00",
        "date_precision": "day",
    }
    data.update(changes)
    return data


def test_ancona_editor_plans_a_study_visit_in_ancona_local_time(client, people, pairing):
    ancona = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/activities/new/", activity_data(ancona)
    )
    activity = Activity.objects.get()
    assert response["Location"] == f"/en/workspace/activities/{activity.pk}/"
    assert activity.starts_at == datetime(2018, 10, 3, 7, 0, tzinfo=UTC)  # 09:00 CEST
    assert activity.ends_at == datetime(2018, 10, 6, 15, 0, tzinfo=UTC)
    assert (activity.pairing, activity.programme) == (pairing, pairing.programme)


def test_a_time_that_does_not_exist_in_the_host_city_is_refused(client, people, pairing):
    ancona = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/activities/new/",
        activity_data(ancona, start_day="2019-03-31", start_time="02:30", end_day="2019-03-31"),
    )
    assert response.status_code == 400
    assert "02:30 does not exist in Europe/Rome on that day" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_study_tour_is_hosted_by_one_of_the_pairings_cities(client, people, pairing):
    from tests.factories import CityFactory

    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/activities/new/", activity_data(CityFactory())
    )
    assert response.status_code == 400
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "who", ["viewer", "evaluator", "other_editor", "other_coordinator", "nobody"]
)
def test_outsiders_cannot_plan_activities_for_the_pairing(client, people, pairing, who):
    client.force_login(people[who])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/activities/new/",
        activity_data(pairing.ordered_memberships[0].city),
    )
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_only_programme_coordinators_plan_exchange_meetings(client, people, pairing):
    url = f"/en/workspace/programmes/{pairing.programme.slug}/activities/new/"
    data = activity_data(pairing.ordered_memberships[1].city, kind="exchange_meeting")
    client.force_login(people["editor"])
    assert client.post(url, data).status_code == 403
    client.force_login(people["coordinator"])
    assert client.post(url, data).status_code == 302
    assert Activity.objects.get().pairing is None


def test_editing_an_activity_raises_its_calendar_sequence(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["partner_editor"])
    client.post(
        f"/en/workspace/activities/{activity.pk}/edit/",
        activity_data(activity.host_city, status="confirmed"),
    )
    activity.refresh_from_db()
    assert (activity.sequence, activity.status) == (1, "confirmed")


def agenda_data(**changes):
    data = {
        "agenda-day": "2018-10-04",
        "agenda-start_time": "09:30",
        "agenda-end_time": "12:30",
        "agenda-title_0": "Meeting with the Social Policies department",
        "agenda-title_1": "",
        "agenda-title_2": "",
        "agenda-speakers": "",
        "agenda-language": "it",
    }
    data.update(changes)
    return data


def test_agenda_items_are_added_with_htmx_and_shown_in_both_zones(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/activities/{activity.pk}/agenda/new/", agenda_data(), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section aria-labelledby="agenda-heading" id="agenda">')
    assert "09:30–12:30 CEST · 16:30–19:30 JST" in page
    item = AgendaItem.objects.get()
    assert item.starts_at == datetime(2018, 10, 4, 7, 30, tzinfo=UTC)
    activity.refresh_from_db()
    assert activity.sequence == 1


def test_an_agenda_item_outside_the_activity_dates_is_refused_and_the_input_kept(
    client, people, pairing
):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/activities/{activity.pk}/agenda/new/",
        agenda_data(**{"agenda-day": "2019-01-10", "agenda-title_0": "Kept title"}),
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "This day is outside the activity&#x27;s dates." in page
    assert "Kept title" in page
    assert not AgendaItem.objects.exists()


def test_moving_an_item_earlier_swaps_the_two_time_slots(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    first = AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 4, 7, tzinfo=UTC),
        ends_at=datetime(2018, 10, 4, 8, tzinfo=UTC),
    )
    second = AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 4, 8, tzinfo=UTC),
        ends_at=datetime(2018, 10, 4, 10, tzinfo=UTC),
    )
    client.force_login(people["partner_editor"])
    response = client.post(f"/en/workspace/agenda/{second.pk}/move/up/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.starts_at == datetime(2018, 10, 4, 7, tzinfo=UTC)
    assert first.starts_at == datetime(2018, 10, 4, 8, tzinfo=UTC)


def test_viewer_cannot_change_the_agenda(client, people, pairing):
    item = AgendaItemFactory(activity=ActivityFactory(pairing=pairing))
    client.force_login(people["viewer"])
    assert client.post(f"/en/workspace/agenda/{item.pk}/move/down/").status_code == 403
    assert client.post(f"/en/workspace/agenda/{item.pk}/delete/").status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_delegation_is_recorded_with_arrival_in_local_time(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    ikoma = pairing.ordered_memberships[1].city
    person = PersonFactory(name="Ikoma official", organisation=OrganisationFactory(city=ikoma))
    client.force_login(people["partner_editor"])
    response = client.post(
        f"/en/workspace/activities/{activity.pk}/participants/new/",
        {
            "participant-person": person.pk,
            "participant-role": "head",
            "participant-city": ikoma.pk,
            "participant-arrival": "2018-10-02T18:45",
            "participant-departure": "",
        },
    )
    assert response.status_code == 302
    participation = Participation.objects.get()
    assert participation.arrives_at == datetime(2018, 10, 2, 16, 45, tzinfo=UTC)
    again = client.post(
        f"/en/workspace/activities/{activity.pk}/participants/new/",
        {
            "participant-person": person.pk,
            "participant-role": "official",
            "participant-city": ikoma.pk,
        },
    )
    assert "This person is already in the list." in again.content.decode()


def _png(width=640, height=480) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def material_data(upload, **changes):
    data = {
        "material-kind": "photo",
        "material-title_0": "Welcome at the City Hall",
        "material-language": "",
        "material-visibility": "public",
        "material-url": "",
        "material-file": upload,
    }
    data.update(changes)
    return data


def test_a_photo_is_re_encoded_thumbnailed_and_shown_in_the_public_gallery(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    upload = SimpleUploadedFile("../../secret/photo.png", _png(), content_type="image/png")
    response = client.post(
        f"/en/workspace/materials/new/activity/{activity.pk}/", material_data(upload)
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.thumbnail and material.mime_type in ("image/png", "image/jpeg")
    assert "secret" not in material.file.name and ".." not in material.file.name
    client.logout()
    page = client.get(activity.get_absolute_url()).content.decode()
    assert f"/en/activities/materials/{material.pk}/thumbnail/" in page
    assert client.get(f"/en/activities/materials/{material.pk}/thumbnail/").status_code == 200


def test_a_png_that_is_really_html_is_refused_and_the_form_kept(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    upload = SimpleUploadedFile(
        "photo.png", b"<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = client.post(
        f"/en/workspace/materials/new/activity/{activity.pk}/",
        material_data(upload, **{"material-title_0": "Kept title"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "HTML" in page and "Kept title" in page
    assert not Material.objects.exists()


def test_members_only_material_is_not_served_to_the_public(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    client.post(
        f"/en/workspace/materials/new/activity/{activity.pk}/",
        material_data(
            SimpleUploadedFile("minutes.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
            **{"material-kind": "minutes", "material-visibility": "members"},
        ),
    )
    material = Material.objects.get()
    url = f"/en/activities/materials/{material.pk}/"
    assert client.get(url).status_code == 200
    client.force_login(people["viewer"])
    assert client.get(url).status_code == 200
    client.force_login(people["other_editor"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert url not in client.get(activity.get_absolute_url()).content.decode()
