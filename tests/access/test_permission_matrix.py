"""The permission matrix as data: every URL of the URLconf × every role × GET and POST.

The expected outcomes are in ``permission_matrix.csv`` (one row per URL name, one column per
role, ``GET/POST`` in each cell), so that a person can read who may do what. These tests fail
when a URL has no row, when a row names a URL that no longer exists, when an answer differs
from the table, and when a refused request (or one answered with form errors) wrote anything
to the database. POST bodies are empty or minimal: the point is who is refused, so a permitted POST may
well answer 400.
"""

import fnmatch

import pytest
from django.db import transaction
from django.test import Client

from tests.access.matrix import (
    REFUSED,
    Row,
    Writes,
    apply_state,
    outcome,
    path_of,
    post_data,
    read_matrix,
    rows_for,
    url_patterns,
)
from tests.access.scene import ROLES, build_scene, scene_files

PATTERNS = url_patterns()
ROWS = read_matrix()
CASES = [(pattern, row) for pattern in PATTERNS for row in rows_for(pattern, ROWS)]
OUTCOMES = {"200", "302", "400", "403", "404", "405", "409", "login"}


def test_every_url_of_the_urlconf_has_a_row_in_the_matrix():
    assert [p.key for p in PATTERNS if not rows_for(p, ROWS)] == []


def test_every_row_of_the_matrix_names_a_url_that_exists():
    keys = [p.key for p in PATTERNS]
    stale = [
        f"line {row.line}: {row.url}"
        for row in ROWS
        if not any(fnmatch.fnmatchcase(key, row.url) for key in keys)
    ]
    assert stale == []


def test_every_cell_of_the_matrix_gives_an_outcome_for_get_and_post():
    malformed = [
        f"line {row.line}, {role}: {cell!r}"
        for row in ROWS
        for role, cell in row.expected.items()
        if not (cell.count("/") == 1 and set(cell.split("/")) <= OUTCOMES)
    ]
    assert malformed == []


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end; each
    test (and each request) runs in a savepoint within it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        built = build_scene()
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    for stored in scene_files(built):
        stored.storage.delete(stored.name)


def _ask(client, method, path, data) -> str:
    try:
        response = client.post(path, data) if method == "POST" else client.get(path)
    except Exception as error:  # noqa: BLE001 - a crash is an outcome the table must show
        return f"500 ({type(error).__name__}: {error})"
    return outcome(response)


def _walk(scene, pattern, row: Row) -> tuple[dict, list]:
    apply_state(scene, row)
    path = path_of(scene, pattern, row)
    data = post_data(scene, row)
    seen, damage = {}, []
    for role in ROLES:
        client = Client()
        user = scene.users[role]
        if user is not None:
            client.force_login(user)
        answers = []
        for method in ("GET", "POST"):
            with transaction.atomic(), Writes() as writes:
                answer = _ask(client, method, path, data)
                transaction.set_rollback(True)
            if (answer in REFUSED or answer == "400") and writes.tables:
                damage.append(f"{role}: {method} answered {answer} but wrote {writes.tables}")
            answers.append(answer)
        seen[role] = "/".join(answers)
    return seen, damage


def _case(pattern, row):
    """A row whose note starts with "BUG:" documents a known fault: it is expected to fail
    until the fault is fixed, and then fails loudly (strict) so that the note goes."""
    marks = [pytest.mark.xfail(strict=True, reason=row.note)] if row.note.startswith("BUG:") else []
    return pytest.param(pattern, row, marks=marks, id=f"{pattern.key}@{row.line}")


@pytest.mark.parametrize(("pattern", "row"), [_case(p, r) for p, r in CASES])
def test_each_role_gets_the_answer_the_matrix_gives(scene, db, pattern, row):
    seen, damage = _walk(scene, pattern, row)
    wrong = {
        role: f"expected {row.expected[role]}, got {seen[role]}"
        for role in ROLES
        if seen[role] != row.expected[role]
    }
    assert wrong == {}, f"{pattern.key} (line {row.line}, {path_of(scene, pattern, row)})"
    assert damage == []
