"""The people issue's "done when": the coordinator invites an address to be Ikoma's editor in
Japanese; the e-mail links to the acceptance page; the new editor sets a password, sees the
Japanese workspace with agendas in their own time zone, is mentioned in a plan comment and sees
the notification and the e-mail; then downloads their data and asks for erasure.

E-mails go to Django's locmem outbox (the ``mailoutbox`` fixture): the live server runs in
this process. Notification e-mails are queued as tasks, so the test runs the database worker
once, as `citybridge db_worker` would."""

import re
import signal
import zipfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from citybridge.activities.times import LocalTime
from citybridge.core.timezones import to_zone
from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.plans.models import ActionPlan
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import ActivityFactory, AgendaItemFactory, text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INVITEE = "hanako.yamada@ikoma.example.jp"
PASSWORD = "Kasuga-taisha 1300 nen!"
ZONE = "America/New_York"


def new_page(browser):
    return browser.new_context(viewport={"width": 1200, "height": 900}).new_page()


def log_in(browser, live_server, username, password=DEMO_PASSWORD):
    page = new_page(browser)
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/workspace/")
    return page


def run_worker() -> None:
    """Send the queued e-mails as `citybridge db_worker` does in production, then stop."""
    signals = [signal.SIGINT, signal.SIGTERM, signal.SIGQUIT]
    handlers = {number: signal.getsignal(number) for number in signals}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_an_invited_japanese_editor_joins_is_mentioned_then_takes_their_data_and_leaves(
    browser, live_server, mailoutbox, tmp_path
):
    call_command("load_demo", quiet_logins=True)
    plan = ActionPlan.objects.get(pairing__slug="ancona-ikoma")

    # The coordinator invites the address to be Ikoma's editor, the e-mail in Japanese.
    coordinator = log_in(browser, live_server, "coordinator")
    coordinator.goto(f"{live_server.url}/en/workspace/roles/cities/ikoma/invite/")
    coordinator.fill("#id_email", INVITEE)
    coordinator.select_option("#id_kind", "city_editor")
    coordinator.select_option("#id_language", "ja")
    coordinator.click("main form button[type=submit]")
    coordinator.wait_for_url("**/workspace/roles/cities/ikoma/")
    assert INVITEE in coordinator.locator("main").inner_text()

    [invitation] = mailoutbox
    assert invitation.to == [INVITEE]
    link = re.search(r"https?://\S+?(/ja/invitations/[^/\s]+/)", invitation.body).group(1)

    # The invitee opens the link: a Japanese page says who invites them to what.
    invitee = new_page(browser)
    invitee.goto(f"{live_server.url}{link}")
    assert invitee.locator("html").get_attribute("lang") == "ja"
    main = invitee.locator("main").inner_text()
    assert "あなたへの招待" in main
    assert "生駒市" in main
    screenshot(invitee, "people-invitation-accept-ja")
    assert_accessible(invitee)
    invitee.fill("#id_name", "山田 花子")
    invitee.fill("#id_password1", PASSWORD)
    invitee.fill("#id_password2", PASSWORD)
    invitee.click("main form button[type=submit]")
    invitee.wait_for_url("**/ja/workspace/")
    # The Japanese workspace: the header and the new role in Japanese.
    assert invitee.locator("html").get_attribute("lang") == "ja"
    header = invitee.locator("header").first.inner_text()
    assert "ワークスペース" in header and "ログアウト" in header
    assert "都市編集者: 生駒市" in invitee.locator("main").inner_text()
    screenshot(invitee, "people-workspace-ja")
    assert_accessible(invitee)

    # Their own time zone (they work from New York this year) joins the agenda's times,
    # next to the host's and the partner city's zones.
    invitee.goto(f"{live_server.url}/ja/workspace/settings/")
    invitee.select_option("#id_time_zone", ZONE)
    invitee.locator("form:has(#id_time_zone) button[type=submit]").click()
    invitee.wait_for_load_state()
    activity = ActivityFactory(pairing=plan.pairing)
    item = AgendaItemFactory(activity=activity, title=text(en="Welcome", ja="歓迎のあいさつ"))
    invitee.goto(f"{live_server.url}/ja/workspace/activities/{activity.pk}/")
    own = str(LocalTime(ZONE, to_zone(item.starts_at, ZONE)))  # "03:00 EDT"
    agenda = invitee.locator("main").inner_text()
    assert "歓迎のあいさつ" in agenda and own in agenda
    screenshot(invitee, "people-activity-own-zone-ja")

    # The coordinator mentions the new editor in a comment on the Ancona–Ikoma plan.
    coordinator.goto(f"{live_server.url}/en/workspace/plans/{plan.pk}/")
    coordinator.fill("#id_body", f"@{INVITEE} could you check the Japanese of action 2?")
    coordinator.locator("form:has(#id_body) button[type=submit]").click()
    coordinator.wait_for_load_state()
    assert "could you check the Japanese" in coordinator.locator("main").inner_text()

    # The notification is listed on their page, and the e-mail reaches them in Japanese.
    invitee.goto(f"{live_server.url}/ja/workspace/notifications/")
    notices = invitee.locator("main").inner_text()
    assert "あなたをメンションしました" in notices
    screenshot(invitee, "people-notifications-ja")
    assert_accessible(invitee)
    run_worker()
    [mention] = [m for m in mailoutbox[1:] if m.to == [INVITEE]]
    assert "あなたをメンションしました" in mention.subject
    assert f"/ja/workspace/plans/{plan.pk}/" in mention.body

    # They answer, so their name shows on the plan's comments.
    invitee.goto(f"{live_server.url}/ja/workspace/plans/{plan.pk}/")
    invitee.fill("#id_body", "確認します。")
    invitee.locator("form:has(#id_body) button[type=submit]").click()
    invitee.wait_for_load_state()
    assert "山田 花子" in invitee.locator("main").inner_text()

    # They download everything the platform holds about them: a ZIP of JSON.
    invitee.goto(f"{live_server.url}/ja/workspace/settings/")
    with invitee.expect_download() as download_info:
        invitee.locator("a[href$='my-data.zip']").first.click()
    archive = tmp_path / "my-data.zip"
    download_info.value.save_as(archive)
    with zipfile.ZipFile(archive) as data:
        everything = "".join(data.read(name).decode() for name in data.namelist())
    assert INVITEE in everything and "確認します。" in everything

    # Then they ask for erasure, confirming with their password.
    invitee.goto(f"{live_server.url}/ja/workspace/settings/erase/")
    screenshot(invitee, "people-erase-ja")
    invitee.fill("#id_password", PASSWORD)
    invitee.locator("form:has(#id_password) button[type=submit]").click()
    invitee.wait_for_url(lambda url: "/workspace/" not in url)
    assert "個人データを消去し" in invitee.locator("main").inner_text()
    screenshot(invitee, "people-erased-ja")

    # The account no longer logs in, and the plan's comments no longer name them.
    invitee.goto(f"{live_server.url}/ja/accounts/login/")
    invitee.fill("#id_username", INVITEE)
    invitee.fill("#id_password", PASSWORD)
    invitee.click("main button[type=submit]")
    invitee.wait_for_load_state()
    assert "/accounts/login/" in invitee.url
    coordinator.goto(f"{live_server.url}/en/workspace/plans/{plan.pk}/")
    comments = coordinator.locator("main").inner_text()
    assert "確認します。" in comments
    assert "山田" not in comments and INVITEE not in comments
    assert not get_user_model().objects.filter(email__iexact=INVITEE).exists()
