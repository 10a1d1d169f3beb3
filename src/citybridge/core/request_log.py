"""One log line per request, each with a request id that also marks every other log line.

The id comes from the ``X-Request-ID`` header when a proxy in front already gave the request
one (so one id follows it through the proxy's log and ours), otherwise a new random one; it
is sent back in the response's ``X-Request-ID`` header, so a person reporting an error can
quote it. ``CITYBRIDGE_LOG_FORMAT=json`` writes every log line as one JSON object.
"""

import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from citybridge.core.clients import client_address

logger = logging.getLogger("citybridge.requests")

#: An incoming id is kept only if it is short and plain: it is written into every log line,
#: and a forged one must not be able to break a line or a JSON record.
VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")

current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")


class RequestLogMiddleware:
    """Outermost middleware: it times everything below it, redirects and errors included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if VALID_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        # Set, never reset: Django logs a 404 or 403 ("Not Found: …") after the response has
        # left every middleware, and that line should carry the id too. The next request on
        # this thread sets its own.
        current_request_id.set(request.id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        milliseconds = (time.perf_counter() - started) * 1000
        # The user only if the request already looked them up: asking here would cost a
        # session query on requests that never needed one (static files, public pages).
        user = request.__dict__.get("_cached_user")
        logger.info(
            "%s %s %s %.0f ms",
            request.method,
            request.path,
            response.status_code,
            milliseconds,
            extra={
                "request_id": request.id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(milliseconds, 1),
                "client": client_address(request),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (``-`` outside a request)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


#: Attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, the ``extra``
    fields (a request line's method, path, status, duration, client, user) and a traceback."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        entry.update((key, value) for key, value in vars(record).items() if key not in _STANDARD)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
