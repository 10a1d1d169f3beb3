"""Co-writing the plan in the workspace: each city in its language, no update ever lost."""

import pytest

from citybridge.core.revisions import needs_translation
from citybridge.plans import services
from citybridge.plans.models import Action
from tests.factories import ActionFactory, ActionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(pairing):
    return ActionPlanFactory(pairing=pairing)


def action_data(action, **changes):
    data = {
        "title_0": "Energy audit of schools",
        "title_1": "",
        "title_2": "",
        "description_0": "",
        "description_1": "",
        "description_2": "",
        "currency": "EUR",
        "revision": action.revision,
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_ancona_writes_in_italian_and_ikoma_sees_what_needs_translation(client, people, plan):
    action = ActionFactory(
        plan=plan, title='{"en": "Energy audit of schools", "ja": "学校のエネルギー監査"}'
    )
    action.translation_stamps = {
        "title": {"en": "2019-01-01T00:00:00+00:00", "ja": "2019-01-01T00:00:00+00:00"}
    }
    action.save()
    client.force_login(people["editor"])
    response = client.post(
        f"/it/workspace/actions/{action.pk}/edit/",
        action_data(
            action,
            title_0="Energy audit of public schools",
            title_1="Audit energetico delle scuole pubbliche",
            title_2="学校のエネルギー監査",
        ),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert needs_translation(action, "title", "ja")
    assert not needs_translation(action, "title", "it")
    client.force_login(people["partner_editor"])
    page = client.get(f"/ja/workspace/plans/{plan.pk}/").content.decode()
    needs = page[page.index("<strong>") :]
    assert "学校のエネルギー監査 · タイトル (日本語)</li>" in needs  # older than the Italian edit
    assert "学校のエネルギー監査 · タイトル (Italiano)" not in needs


def test_a_second_save_from_an_older_revision_is_refused_and_shows_what_changed(
    client, people, plan
):
    action = ActionFactory(plan=plan, budget=1000)
    opened_at = action.revision
    client.force_login(people["editor"])
    first = client.post(
        f"/en/workspace/actions/{action.pk}/edit/",
        action_data(action, budget="2000", revision=opened_at),
    )
    assert first.status_code == 302
    client.force_login(people["partner_editor"])
    second = client.post(
        f"/en/workspace/actions/{action.pk}/edit/",
        action_data(action, budget="9999", title_0="My title", revision=opened_at),
    )
    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone else saved this while you were editing" in page
    assert "estimated budget: 1000" in page.lower()
    assert "My title" in page  # the refused input is kept for the editor
    action.refresh_from_db()
    assert action.budget == 2000  # the first save stands


def test_only_a_draft_is_edited(client, people, plan):
    action = ActionFactory(plan=plan)
    services.submit_plan(plan, by=people["editor"])
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/actions/{action.pk}/edit/", action_data(action, title_0="Late change")
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert "Late change" not in str(action.title.data)


@pytest.mark.parametrize(
    "who", ["coordinator", "pairing_coordinator", "viewer", "evaluator", "other_editor"]
)
def test_only_the_pairings_city_editors_write_the_draft(client, people, plan, who):
    client.force_login(people[who])
    response = client.post(
        f"/en/workspace/plans/{plan.pk}/actions/new/", {"title_0": "Intruder", "currency": "EUR"}
    )
    assert response.status_code == 403
    assert not Action.objects.exists()


def test_the_history_says_who_changed_what(client, people, plan):
    action = ActionFactory(plan=plan)
    client.force_login(people["editor"])
    client.post(f"/en/workspace/actions/{action.pk}/edit/", action_data(action, budget="500"))
    page = client.get(f"/en/workspace/plans/{plan.pk}/history/").content.decode()
    assert "editor" in page and "estimated budget" in page


def test_the_whole_workflow_through_the_pages(client, people, plan):
    ActionFactory(plan=plan)
    client.force_login(people["editor"])
    client.post(f"/en/workspace/plans/{plan.pk}/workflow/submit/")
    client.force_login(people["coordinator"])
    client.post(f"/en/workspace/plans/{plan.pk}/workflow/approve/", {"approved_on": "2019-11-20"})
    plan.refresh_from_db()
    assert plan.status == "approved" and str(plan.approved_at.date()) == "2019-11-20"
    client.logout()
    page = client.get(f"/en/plans/{plan.pairing.slug}/")
    assert page.status_code == 200
    assert "Approved version 2" in page.content.decode()


def test_a_plan_never_approved_is_not_public(client, people, plan):
    ActionFactory(plan=plan)
    services.submit_plan(plan, by=people["editor"])
    assert client.get(f"/en/plans/{plan.pairing.slug}/").status_code == 404


def test_viewer_cannot_move_the_workflow(client, people, plan):
    ActionFactory(plan=plan)
    client.force_login(people["viewer"])
    assert client.post(f"/en/workspace/plans/{plan.pk}/workflow/submit/").status_code == 403
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_the_editor_marks_the_language_that_needs_translation_next_to_its_input(
    client, people, plan
):
    action = ActionFactory(plan=plan, title='{"en": "New text", "ja": "古いテキスト"}')
    action.translation_stamps = {
        "title": {"en": "2019-06-01T00:00:00+00:00", "ja": "2019-01-01T00:00:00+00:00"}
    }
    action.save()
    client.force_login(people["partner_editor"])
    page = client.get(f"/en/workspace/actions/{action.pk}/edit/").content.decode()
    assert (
        '<label for="id_title_2" lang="ja">日本語 <span class="untranslated">needs translation</span></label>'
        in page
    )
    assert '<label for="id_title_0" lang="en">English</label>' in page


def test_an_action_gets_milestones_with_due_dates(client, people, plan):
    action = ActionFactory(plan=plan)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/actions/{action.pk}/edit/",
        action_data(
            action,
            **{
                "steps-TOTAL_FORMS": "1",
                "steps-0-title_0": "Choose three pilot schools",
                "steps-0-due_date": "2020-03-31",
                "steps-0-order": "0",
            },
        ),
    )
    assert response.status_code == 302
    step = action.steps.get()
    assert (step.title.data["en"], str(step.due_date), step.done) == (
        "Choose three pilot schools",
        "2020-03-31",
        False,
    )


def test_a_comment_on_one_action_names_it(client, people, plan):
    action = ActionFactory(plan=plan, title='{"en": "Energy audit of schools"}')
    client.force_login(people["partner_editor"])
    client.post(
        f"/en/workspace/plans/{plan.pk}/comments/new/",
        {"body": "Add the Ikoma schools too.", "action": action.pk},
    )
    page = client.get(f"/en/workspace/plans/{plan.pk}/").content.decode()
    assert "on the action “Energy audit of schools”" in page
    assert action.comments.get().body == "Add the Ikoma schools too."
