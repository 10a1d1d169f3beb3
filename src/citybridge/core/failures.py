"""Failures that are nobody's fault and lose nothing, answered with a clear translated 503.

Two kinds: a database too busy to take a write ("busy, nothing was saved, try again"), and a
storage that cannot take a file (``core.storage.StorageFailure``: disk full, quota, object
store down). Both leave nothing half-saved: the transaction is rolled back, the partial file
removed. People get a page that says so, API clients JSON with a ``code``.

The database:

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

from citybridge.core.storage import StorageFailure

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


def failure_response(request: HttpRequest, *, code: str, title: str, message: str, advice: str):
    """The 503 answer: a page in the reader's language, or JSON for the API."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message, "code": code}, status=503)
    else:
        context = {"title": title, "message": message, "advice": advice}
        response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def busy_response(request: HttpRequest) -> HttpResponse:
    api = request.path.startswith("/api/")
    return failure_response(
        request,
        code="busy",
        title=_("Busy: nothing was saved"),
        message=_("The database is busy: nothing was saved. Try again.")
        if api
        else _(
            "Many people are saving at the same moment, and your change could not be stored "
            "in time. Nothing was saved."
        ),
        advice=_("Go back to the form and send it again in a few seconds."),
    )


def storage_response(request: HttpRequest) -> HttpResponse:
    return failure_response(
        request,
        code="storage",
        title=_("Nothing was saved"),
        message=str(StorageFailure.message),
        advice=_("Go back with your browser's back button: what you typed is still in the form."),
    )


class TemporaryFailureMiddleware:
    """Turns a busy database (see :func:`is_busy`) or a failed storage raised by a view into
    the 503 answer; every other exception goes on as before."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, StorageFailure):
            logger.error(
                "Storage failed, answered 503 to %s %s: %s", request.method, request.path, exception
            )
            return storage_response(request)
        if not is_busy(exception):
            return None
        logger.warning(
            "Database busy, answered 503 to %s %s: %s", request.method, request.path, exception
        )
        return busy_response(request)
