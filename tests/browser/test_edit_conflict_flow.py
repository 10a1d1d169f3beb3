"""The trust issue's "done when": Ancona's editor and the programme coordinator edit Ancona's
profile at the same time; the second to save gets the conflict page with the first one's change
and keeps what they typed, then brings back the earlier description from the history page."""

import pytest
from django.core.management import call_command

from citybridge.core.i18n import as_dict
from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.directory.models import City
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")
    return page


def test_second_editor_sees_the_conflict_then_restores_the_earlier_description(
    browser, live_server
):
    call_command("load_demo", quiet_logins=True)
    ancona = City.objects.get(slug="ancona")
    ancona.description = {
        "en": "Ancona, capital of the Marche.",
        "it": "Ancona, capoluogo delle Marche.",
    }
    ancona.save()
    original = as_dict(City.objects.get(slug="ancona").description)
    editor = log_in(browser, live_server, "ancona-editor")
    coordinator = log_in(browser, live_server, "coordinator")
    edit_url = f"{live_server.url}/en/workspace/cities/ancona/edit/"
    editor.goto(edit_url)
    coordinator.goto(edit_url)

    editor.fill("#id_description_0", "Ancona, port city on the Adriatic (editor's text).")
    editor.click("main form button[type=submit]")
    editor.wait_for_url("**/workspace/cities/ancona/")

    coordinator.fill("#id_description_0", "The coordinator's own wording.")
    coordinator.click("main form button[type=submit]")
    conflict = coordinator.locator("#conflict")
    conflict.wait_for()
    assert "editor's text" in conflict.inner_text()
    # What the coordinator typed is still there, and nothing of it was saved.
    assert coordinator.input_value("#id_description_0") == "The coordinator's own wording."
    stored = as_dict(City.objects.get(slug="ancona").description)["en"]
    assert stored == "Ancona, port city on the Adriatic (editor's text)."
    screenshot(coordinator, "edit-conflict-city-profile")
    assert_accessible(coordinator)

    coordinator.goto(edit_url)
    coordinator.get_by_role("link", name="History of changes").click()
    coordinator.wait_for_url("**/workspace/history/**")
    screenshot(coordinator, "history-city-profile")
    assert_accessible(coordinator)
    # Newest first: the second row is the version before the editor's save.
    earlier = coordinator.locator("table.history tbody tr").nth(1)
    assert "capital of the Marche" in earlier.inner_text()
    earlier.get_by_role("link", name="Restore this version").click()
    coordinator.wait_for_url("**/restore/**")
    assert_accessible(coordinator)
    coordinator.click("main form button[type=submit]")
    coordinator.wait_for_load_state()

    assert as_dict(City.objects.get(slug="ancona").description) == original
    coordinator.goto(edit_url)
    coordinator.get_by_role("link", name="History of changes").click()
    assert "Restored" in coordinator.locator("table.history tbody tr").first.inner_text()
    screenshot(coordinator, "history-city-profile-after-restore")
