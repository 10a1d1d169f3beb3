"""The plan's history: the plan, its actions and indicators; restore only while a draft."""

import pytest

from citybridge.core.i18n import localize
from citybridge.plans import services
from citybridge.plans.forms import ActionForm
from citybridge.plans.models import Action
from tests.factories import ActionFactory, ActionPlanFactory
from tests.form_data import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(pairing):
    return ActionPlanFactory(pairing=pairing)


def save_title(client, action, title):
    action.refresh_from_db()
    data = form_data(ActionForm(instance=action, plan=action.plan), title_0=title)
    data.update({"steps-TOTAL_FORMS": "0", "steps-INITIAL_FORMS": "0"})
    assert client.post(f"/en/workspace/actions/{action.pk}/edit/", data).status_code == 302


def first_version(action):
    return Action.history.filter(id=action.pk).order_by("history_id").first()


def test_the_plans_history_lists_its_actions_changes_field_by_field(client, people, plan):
    action = ActionFactory(plan=plan, title='{"en": "Energy audit"}')
    client.force_login(people["editor"])
    save_title(client, action, "Energy audit of schools")
    page = client.get(f"/en/workspace/plans/{plan.pk}/history/").content.decode()
    assert "Action: Energy audit of schools" in page
    assert "<del>Energy audit</del> → <ins>Energy audit of schools</ins>" in page


def test_a_city_editor_restores_an_actions_earlier_title_while_the_plan_is_a_draft(
    client, people, plan
):
    action = ActionFactory(plan=plan, title='{"en": "Energy audit"}')
    client.force_login(people["editor"])
    save_title(client, action, "Oops")
    action.refresh_from_db()
    url = (
        f"/en/workspace/history/plans.action/{action.pk}/restore/"
        f"{first_version(action).history_id}/"
    )
    assert client.post(url, {"revision": action.revision}).status_code == 302
    action.refresh_from_db()
    assert localize(action.title).text == "Energy audit"
    assert action.translation_stamps["title"]["en"]  # the restored text is stamped


def test_nothing_of_a_submitted_plan_is_restored(client, people, plan):
    action = ActionFactory(plan=plan, title='{"en": "Energy audit"}')
    client.force_login(people["editor"])
    save_title(client, action, "Energy audit of schools")
    services.submit_plan(plan, by=people["editor"])
    action.refresh_from_db()
    url = (
        f"/en/workspace/history/plans.action/{action.pk}/restore/"
        f"{first_version(action).history_id}/"
    )
    assert client.post(url, {"revision": action.revision}).status_code == 403
    action.refresh_from_db()
    assert localize(action.title).text == "Energy audit of schools"


def test_a_coordinator_reads_the_plans_history_but_restores_nothing(client, people, plan):
    action = ActionFactory(plan=plan, title='{"en": "Energy audit"}')
    client.force_login(people["editor"])
    save_title(client, action, "Energy audit of schools")
    client.force_login(people["coordinator"])
    assert client.get(f"/en/workspace/history/plans.actionplan/{plan.pk}/").status_code == 200
    url = (
        f"/en/workspace/history/plans.action/{action.pk}/restore/"
        f"{first_version(action).history_id}/"
    )
    assert client.get(url).status_code == 403
