"""Issue 3's "done when", in a browser: Ancona's editor plans the October 2018 visit with an
agenda and an Ikoma delegate, attaches slides, and the public page shows CEST and JST."""

import pytest
from django.core.management import call_command

from citybridge.activities.models import Activity
from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.directory.models import City, Organisation, Person
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLIDES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_ancona_editor_plans_a_visit_and_the_public_sees_it_in_two_time_zones(
    page, live_server, tmp_path
):
    call_command("load_demo", quiet_logins=True)
    ikoma_office = Organisation.objects.create(
        city=City.objects.get(slug="ikoma"),
        name='{"en": "Ikoma City Office (sample)", "ja": "生駒市役所（サンプル）"}',
        kind="city_department",
    )
    Person.objects.create(name="Ikoma delegate (sample)", organisation=ikoma_office)

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "ancona-editor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")

    page.goto(f"{live_server.url}/en/workspace/pairings/ancona-ikoma/activities/new/")
    page.fill("#id_title_0", "Second study visit of Ikoma's delegation")
    page.fill("#id_title_2", "生駒市代表団の第2回視察")
    page.select_option("#id_host_city", label="Ancona")
    page.fill("#id_start_day", "2030-10-07")
    page.fill("#id_start_time", "09:00")
    page.fill("#id_end_day", "2030-10-10")
    page.fill("#id_end_time", "18:00")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/workspace/activities/*/")
    activity = Activity.objects.get(title__contains="Second study visit")

    page.fill("#id_agenda-day", "2030-10-08")
    page.fill("#id_agenda-start_time", "10:00")
    page.fill("#id_agenda-end_time", "12:00")
    page.fill("#id_agenda-title_0", "Energy services of the city")
    page.click("#agenda form.form-card button[type=submit]")
    page.locator("#agenda .agenda-time", has_text="10:00–12:00 CEST · 17:00–19:00 JST").wait_for()

    page.select_option(
        "#id_participant-person", label="Ikoma delegate (sample) — Ikoma City Office (sample)"
    )
    page.select_option("#id_participant-role", "head")
    page.select_option("#id_participant-city", label="Ikoma")
    page.click("#delegation form.form-card button[type=submit]")
    page.locator("#delegation td", has_text="Ikoma delegate (sample)").first.wait_for()

    slides = tmp_path / "slides.pdf"
    slides.write_bytes(SLIDES)
    page.select_option("#id_material-kind", "presentation")
    page.fill("#id_material-title_0", "Slides of the energy session")
    page.select_option("#id_material-visibility", "public")
    page.set_input_files("#id_material-file", str(slides))
    page.click("#materials form.form-card button[type=submit]")
    page.locator("#materials a", has_text="Slides of the energy session").wait_for()
    screenshot(page, "workspace-activity-planned")
    assert_accessible(page)

    page.goto(f"{live_server.url}/ja/activities/{activity.pk}/")
    body = page.inner_text("main")
    assert "生駒市代表団の第2回視察" in body
    assert "10:00–12:00 CEST · 17:00–19:00 JST" in body
    assert "Slides of the energy session" in body
    screenshot(page, "activity-public-ja")
    assert_accessible(page)

    pdf = page.request.get(f"{live_server.url}/ja/exports/activities/{activity.pk}/agenda.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    feed = page.request.get(f"{live_server.url}/calendar/pairings/ancona-ikoma.ics?lang=ja")
    assert "生駒市代表団の第2回視察" in feed.text()

    page.goto(f"{live_server.url}/ja/pairings/ancona-ikoma/")
    assert "09:00 CEST · 16:00 JST" in page.inner_text("main")
    assert_accessible(page)


def test_calendar_pages_pass_axe(page, live_server):
    call_command("load_demo", quiet_logins=True)
    for path in (
        "/it/activities/calendar/iuc-japan/",
        "/ja/activities/calendar/iuc-japan/?view=month&month=2018-10",
    ):
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page)
    screenshot(page, "calendar-month-ja")
