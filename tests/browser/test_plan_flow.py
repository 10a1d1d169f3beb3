"""Issue 4 in a browser: co-writing an action, reporting progress, seeing it on the dashboard."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.directory.models import City
from citybridge.plans import services
from citybridge.plans.models import ActionPlan
from tests.browser.conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")


def test_an_editor_writes_an_action_and_the_dashboard_shows_its_progress(browser, live_server):
    call_command("load_demo", quiet_logins=True)
    User = get_user_model()
    editor = User.objects.create_user("essen-editor-sample", password=DEMO_PASSWORD)
    Role.objects.create(user=editor, kind=RoleKind.CITY_EDITOR, city=City.objects.get(slug="essen"))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, "essen-editor-sample")

    page.goto(f"{live_server.url}/en/workspace/pairings/essen-koriyama/plan/")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/workspace/plans/*/edit/")
    plan = ActionPlan.objects.get(pairing__slug="essen-koriyama")
    page.goto(f"{live_server.url}/it/workspace/plans/{plan.pk}/actions/new/")
    page.fill("#id_title_0", "Hydrogen buses pilot")
    page.fill("#id_title_2", "水素バスの試行")
    page.select_option("#id_lead_city", label="Essen")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/workspace/plans/{plan.pk}/")
    screenshot(page, "plan-workspace-it")
    assert_accessible(page)

    plan.refresh_from_db()
    services.submit_plan(plan, by=editor)
    coordinator = User.objects.get(username="coordinator")
    services.approve_plan(plan, by=coordinator)
    services.start_implementation(plan, by=coordinator)
    action = plan.actions.get()

    page.goto(f"{live_server.url}/en/workspace/actions/{action.pk}/progress/new/")
    page.select_option("#id_status", "on_track")
    page.fill("#id_percent", "40")
    page.fill("#id_narrative_0", "Two buses running since March.")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/workspace/plans/{plan.pk}/")

    page.goto(f"{live_server.url}/en/dashboards/pairings/essen-koriyama/")
    status_table = page.locator("table", has_text="On track").first.inner_text()
    assert "On track" in status_table and "1" in status_table
    page.goto(f"{live_server.url}/ja/dashboards/pairings/essen-koriyama/")
    assert "水素バスの試行" in page.inner_text("main") or page.locator("svg").count() >= 1
    screenshot(page, "dashboard-pairing-ja")
    assert_accessible(page)

    page.goto(f"{live_server.url}/ja/plans/essen-koriyama/")
    assert "水素バスの試行" in page.inner_text("main")
    assert "40%" in page.inner_text("main")
    assert_accessible(page)

    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/it/dashboards/programmes/iuc-japan/")
    screenshot(page, "dashboard-programme-it")
    assert_accessible(page)
    context.close()
