"""A busy database is told apart from every other database error (and the API says so in JSON).

Real errors, raised by SQLite through Django's database wrapper: a second writer with no time
to wait gets "database is locked"; a query on a missing table gets another OperationalError.
"""

import json
import sqlite3

import pytest
from django.db import OperationalError
from django.db.utils import ConnectionHandler
from django.test import RequestFactory

from citybridge.api.v1 import busy_database
from citybridge.core.failures import is_busy


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """A SQLite database of its own and a Django connection to it that does not wait for
    locks (not the test database: the errors must be SQLite's, whatever the suite runs on)."""
    path = tmp_path / "busy.sqlite3"
    setup = sqlite3.connect(path)
    setup.execute("CREATE TABLE note (text TEXT)")
    setup.close()
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(path),
                "OPTIONS": {"timeout": 0},
            }
        }
    )
    with django_db_blocker.unblock():
        yield path, handler["default"]
        handler.close_all()


def error_of(connection, sql) -> OperationalError:
    with pytest.raises(OperationalError) as caught, connection.cursor() as cursor:
        cursor.execute(sql)
    return caught.value


@pytest.fixture
def locked_out(sqlite_file) -> OperationalError:
    """What a write gets while another writer holds the database."""
    path, connection = sqlite_file
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        return error_of(connection, "INSERT INTO note VALUES ('mine')")
    finally:
        holder.close()


@pytest.fixture
def missing_table(sqlite_file) -> OperationalError:
    return error_of(sqlite_file[1], "SELECT * FROM missing_table")


def test_a_write_locked_out_by_another_writer_is_busy(locked_out):
    assert str(locked_out) == "database is locked"
    assert is_busy(locked_out)


def test_other_database_errors_are_not_busy(missing_table):
    assert not is_busy(missing_table)
    assert not is_busy(ValueError("database is locked"))


def test_the_api_answers_a_busy_database_with_a_json_503(locked_out):
    response = busy_database(RequestFactory().get("/api/v1/plans"), locked_out)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert json.loads(response.content)["code"] == "busy"


def test_the_api_lets_other_database_errors_through(missing_table):
    with pytest.raises(OperationalError):
        busy_database(RequestFactory().get("/api/v1/plans"), missing_table)
