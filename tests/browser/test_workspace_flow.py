"""The issue's "done when": Ancona's editor edits departments, then reads the pairing in Japanese."""

import pytest
from django.core.management import call_command

from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.directory.models import Organisation
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ancona_editor_adds_a_department_and_reads_the_pairing_in_japanese(page, live_server):
    call_command("load_demo", quiet_logins=True)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "ancona-editor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")
    assert_accessible(page)

    page.click("a[href$='/workspace/cities/ancona/']")
    page.wait_for_url("**/workspace/cities/ancona/")
    page.fill("#id_org-name_0", "Port Authority")
    page.fill("#id_org-name_1", "Autorità portuale")
    page.select_option("#id_org-kind", "public_body")
    page.click("#organisations form.form-card button[type=submit]")
    # htmx swaps the list in place: the new body appears without a page load.
    page.get_by_role("cell", name="Port Authority", exact=True).wait_for()
    assert Organisation.objects.filter(city__slug="ancona", kind="public_body").count() == 1
    screenshot(page, "workspace-ancona-departments")
    assert_accessible(page)

    page.click("a[hreflang=ja]")
    page.wait_for_url("**/ja/workspace/cities/ancona/")
    assert "ワークスペース" in page.inner_text("header")
    page.goto(f"{live_server.url}/ja/pairings/ancona-ikoma/")
    assert "生駒市" in page.locator("h1").inner_text()
    screenshot(page, "pairing-ancona-ikoma-ja-logged-in")
    assert_accessible(page)


WORKSPACE_PAGES = [
    ("coordinator", "/it/workspace/programmes/iuc-japan/"),
    ("coordinator", "/ja/workspace/programmes/iuc-japan/pairings/new/"),
    ("coordinator", "/en/workspace/programmes/iuc-japan/themes/new/"),
    ("coordinator", "/ja/workspace/cities/new/?geonames_id=1850181"),
    ("ancona-editor", "/ja/workspace/pairings/ancona-ikoma/edit/"),
    ("ancona-editor", "/it/workspace/cities/ancona/edit/"),
    ("ikoma-editor", "/ja/workspace/pairings/ancona-ikoma/agreements/new/"),
    ("ancona-viewer", "/en/workspace/cities/ancona/"),
]


def test_workspace_pages_pass_axe(browser, live_server):
    call_command("load_demo", quiet_logins=True)
    for username in dict(WORKSPACE_PAGES):
        context = browser.new_context(viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.goto(f"{live_server.url}/en/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url("**/en/workspace/")
        for who, path in WORKSPACE_PAGES:
            if who == username:
                response = page.goto(f"{live_server.url}{path}")
                assert response.status == 200, path
                assert_accessible(page)
        context.close()


def test_coordinator_looks_a_city_up_in_the_gazetteer_with_htmx(page, live_server):
    call_command("load_demo", quiet_logins=True)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")
    page.goto(f"{live_server.url}/ja/workspace/cities/new/")
    page.fill("#id_q", "Obihiro")
    page.locator("#gazetteer-results a", has_text="Obihiro").click()
    page.wait_for_url("**/cities/new/?geonames_id=*")
    assert page.input_value("#id_time_zone") == "Asia/Tokyo"
    assert page.input_value("#id_name_2") == "帯広市"
    page.click("main form.form-card:not([hx-get]) button[type=submit]")
    page.wait_for_url("**/workspace/cities/obihiro/")
    screenshot(page, "workspace-new-city-obihiro-ja")
    assert_accessible(page)
