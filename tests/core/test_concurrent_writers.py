"""Concurrent writers never see a server error, through a real server on the suite's database.

Eight people who opened the same action save it at the same instant: one save wins, the
others get the edit-conflict page. A writer holding the database for a moment makes a save
wait, not fail; one holding it longer than the busy timeout makes the save answer a translated
"busy, nothing was saved, try again" page. On SQLite and PostgreSQL (``DATABASE_URL``).
"""

import json
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.server_process import (
    Server,
    action_form_data,
    logged_in,
    open_action_form,
    prepare,
    simultaneous,
    temporary_database,
)

pytestmark = [pytest.mark.server, pytest.mark.timeout(60)]

PEOPLE = 8
HOLD_SECONDS = 2


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A migrated database with a draft plan, its actions and eight logged-in editors."""
    data_dir = tmp_path_factory.mktemp("concurrency")
    with temporary_database(data_dir) as database:
        seed = prepare(database, data_dir, users=PEOPLE, actions=4)
        yield database, data_dir, seed


@pytest.fixture(scope="module")
def server(site):
    database, data_dir, _seed = site
    with Server(database, data_dir) as running:
        yield running


def stored_action(database, pk) -> tuple[str, int]:
    title, revision = database.fetchone(
        "SELECT title, revision FROM plans_action WHERE id = %s", [pk]
    )
    return json.loads(title).get("en", ""), revision


def test_simultaneous_saves_of_one_action_give_one_winner_and_conflict_pages(site, server):
    database, _dir, seed = site
    action = seed["actions"][0]
    _title, revision_before = stored_action(database, action)
    people = logged_in(server, seed)
    forms = [open_action_form(person, action) for person in people]
    path = f"/en/workspace/actions/{action}/edit/"

    responses = simultaneous(
        [
            lambda person=person, form=form, n=n: person.post(
                path, action_form_data(form, title=f"Title written by person {n}")
            )
            for n, (person, form) in enumerate(zip(people, forms, strict=True))
        ]
    )

    statuses = [getattr(response, "status", response) for response in responses]
    assert sorted(statuses) == [302] + [409] * (PEOPLE - 1), statuses
    winner = statuses.index(302)
    for n, response in enumerate(responses):
        if n != winner:  # each loser sees the conflict and keeps what they typed
            assert "Someone else saved this while you were editing" in response.text
            assert f"Title written by person {n}" in response.text
    assert stored_action(database, action) == (
        f"Title written by person {winner}",
        revision_before + 1,
    )


def test_a_save_waits_for_another_writer_and_then_succeeds(site, server):
    database, _dir, seed = site
    action = seed["actions"][1]
    _title, revision_before = stored_action(database, action)
    person = logged_in(server, seed)[0]
    form = open_action_form(person, action)

    with ThreadPoolExecutor(1) as pool:
        with database.writer_holding_lock(action_pk=action):
            saving = pool.submit(
                person.post,
                f"/en/workspace/actions/{action}/edit/",
                action_form_data(form, title="Saved after waiting"),
            )
            time.sleep(HOLD_SECONDS)
            assert not saving.done()  # waiting for the other writer, not failed
        response = saving.result(timeout=30)

    assert response.status == 302
    assert stored_action(database, action) == ("Saved after waiting", revision_before + 1)


def test_pages_that_only_read_answer_at_once_while_another_writer_holds_the_lock(site, server):
    database, _dir, seed = site
    person = logged_in(server, seed)[0]
    paths = [
        f"/en/workspace/plans/{seed['plan']}/",
        f"/en/workspace/actions/{seed['actions'][3]}/edit/",
        "/it/",
        "/api/v1/plans",
    ]
    for path in paths:  # once first, so that the timed requests find everything warm
        assert person.get(path).status == 200

    with database.writer_holding_lock(action_pk=seed["actions"][1]):
        responses = [person.get(path) for path in paths]

    assert [response.status for response in responses] == [200] * len(paths)
    # A page that took the write lock would wait for the other writer (20 s here), then fail.
    assert max(response.seconds for response in responses) < 5


def test_a_save_still_blocked_after_the_busy_timeout_answers_a_translated_busy_page(site):
    database, data_dir, seed = site
    action = seed["actions"][2]
    before = stored_action(database, action)
    with Server(database, data_dir, threads=2, DATABASE_BUSY_TIMEOUT="1") as impatient:
        person = logged_in(impatient, seed)[0]
        form = open_action_form(person, action, "it")
        path = f"/it/workspace/actions/{action}/edit/"
        data = action_form_data(form, title="Saved while busy")

        with database.writer_holding_lock(action_pk=action):
            busy = person.post(path, data)
        assert busy.status == 503
        assert busy.headers["Retry-After"] == "5"
        assert "Occupato: non è stato salvato nulla" in busy.text
        assert stored_action(database, action) == before  # nothing was saved

        assert person.post(path, data).status == 302  # and trying again works
