"""A database too busy to take a write answers 503 "busy, nothing was saved, try again".

Writers wait for each other (SQLite's busy timeout on ``BEGIN IMMEDIATE``, PostgreSQL's
``lock_timeout``; both ``DATABASE_BUSY_TIMEOUT`` seconds, see settings). What is still busy
after that wait, and what PostgreSQL gives up on (a serialisation failure, a deadlock), is not
a bug in the page: the transaction was rolled back, so nothing was saved and the same request
sent again a moment later succeeds. People get a page that says so (and API clients a JSON
error with ``"code": "busy"``), never a crash page. Every other database error still raises.
"""

import logging
import sqlite3

from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Seconds a client is told to wait before sending the request again.
RETRY_AFTER_SECONDS = 5

# PostgreSQL: lock_not_available (lock_timeout), serialization_failure, deadlock_detected.
_BUSY_SQLSTATES = frozenset({"55P03", "40001", "40P01"})


def is_busy(error: BaseException) -> bool:
    """Whether ``error`` is Django's wrapper of "the database is busy, try again".

    Django wraps the driver's exception (``__cause__``): SQLite's SQLITE_BUSY ("database is
    locked", in any of its extended codes) or psycopg's ``LockNotAvailable``,
    ``SerializationFailure`` and ``DeadlockDetected``.
    """
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        code = getattr(cause, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF == sqlite3.SQLITE_BUSY
        return str(cause).startswith("database is locked")
    return getattr(cause, "sqlstate", None) in _BUSY_SQLSTATES


def busy_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: a page in the reader's language, or JSON for the API."""
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"detail": _("The database is busy: nothing was saved. Try again."), "code": "busy"},
            status=503,
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class BusyDatabaseMiddleware:
    """Turns a busy database (see :func:`is_busy`) raised by a view into the 503 answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_busy(exception):
            return None
        logger.warning(
            "Database busy, answered 503 to %s %s: %s", request.method, request.path, exception
        )
        return busy_response(request)
