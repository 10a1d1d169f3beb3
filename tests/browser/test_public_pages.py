"""A visitor reads the demo programme in Japanese; every page passes axe-core with 0 violations."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", quiet_logins=True)


def test_the_demo_pairing_page_in_japanese(page, live_server, demo):
    page.goto(f"{live_server.url}/ja/pairings/ancona-ikoma/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.locator("h1").inner_text() == "アンコーナ – 生駒市"
    assert "Asia/Tokyo" in page.locator("#cities-heading + ul").inner_text()
    assert "生駒市・アンコーナ市協力協定" in page.inner_text("body")
    # English-only department names carry the "not yet translated" marker.
    assert page.locator(".untranslated").count() >= 2
    screenshot(page, "pairing-ancona-ikoma-ja")
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/it/programmes/iuc-japan/",
        "/ja/programmes/iuc-japan/",
        "/it/cities/ancona/",
        "/en/pairings/essen-koriyama/",
        "/ja/accounts/login/",
    ],
)
def test_public_pages_pass_axe(page, live_server, demo, path):
    page.goto(f"{live_server.url}{path}")
    assert_accessible(page)


def test_the_pairing_page_works_on_a_320_pixel_phone(browser, live_server, demo):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"{live_server.url}/ja/pairings/ancona-ikoma/")
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "pairing-ancona-ikoma-ja-320px")
    context.close()
    assert width <= 320, "no horizontal scrolling on a small phone"
