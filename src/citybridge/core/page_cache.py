"""Public pages, feeds and API answers for anonymous visitors, kept in the cache until the
data changes.

A view opts in with ``@cache_for_anonymous``. The middleware then keeps its answer to a GET
from a visitor who is not signed in, keyed by the page's full address (scheme, host, path and
query) and the page's language, together with the data stamp it was made under
(``core.cache_stamp``); the next visitor gets it without the view running or the database
being asked anything, until a write anywhere replaces the stamp, or after
``CITYBRIDGE_PAGE_CACHE_SECONDS`` (five minutes: pages that change with time alone, like a
call closing or an activity moving from "upcoming" to "past", are at most that late; 0 turns
the cache off).

Only what every anonymous visitor would get alike is kept:

- requests without a session cookie (signed-in people, and anyone with a session, always
  get a page made for them), without Django's message cookie, an ``Authorization`` header or
  htmx's ``HX-Request`` (a partial page);
- answers 200 that set no cookie (a page showing a CSRF token sets one, so a form never
  reaches another visitor with someone else's token), are not streamed and are not marked
  ``private`` or ``no-store``.

It sits below the session and locale middleware (it needs the page's language) and above the
rest, so a page served from the cache skips CSRF, authentication, messages and the view.
Compression happens above it, on each answer.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from citybridge.core.cache_stamp import read_stamp

logger = logging.getLogger(__name__)

KEY_PREFIX = "citybridge:page:"
#: Answers from the cache say so (and a stored one says it was missed), for tests and benches.
HEADER = "X-CityBridge-Cache"


def cache_for_anonymous(view):
    """Let the anonymous page cache keep this view's answers (see the module's docstring)."""
    view.cache_for_anonymous = True
    return view


def _uncacheable_request(request) -> bool:
    return (
        request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or "HTTP_HX_REQUEST" in request.META
    )


def _storable(request, response) -> bool:
    user = getattr(request, "user", None)
    cache_control = response.get("Cache-Control", "")
    return (
        getattr(request, "_cache_for_anonymous", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not (user is not None and user.is_authenticated)
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.CITYBRIDGE_PAGE_CACHE_SECONDS
        if not seconds or _uncacheable_request(request):
            return self.get_response(request)
        address = f"{request.LANGUAGE_CODE} {request.build_absolute_uri()}"
        key = KEY_PREFIX + hashlib.sha256(address.encode()).hexdigest()
        # The stamp is read before the page is made: if data changes meanwhile, the page is
        # stored under a stamp that is already out of date and never served.
        try:
            stamp, found = read_stamp(key)
        except Exception:
            # A cache that cannot be reached (a Redis restarting): make the page as usual.
            logger.exception("The page cache could not be read.")
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == stamp:
            return self._from_cache(entry)
        response = self.get_response(request)
        if stamp is not None and _storable(request, response):
            entry = (stamp, response.status_code, list(response.items()), response.content)
            try:
                caches["default"].set(key, entry, timeout=seconds)
            except Exception:
                logger.exception("The page cache could not be written.")
            else:
                response[HEADER] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "cache_for_anonymous", False):
            request._cache_for_anonymous = True

    @staticmethod
    def _from_cache(entry) -> HttpResponse:
        _stamp, status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        # The session middleware adds this when a page reads the session, which a page from
        # the cache does not: the same answer must say the same to shared caches downstream.
        patch_vary_headers(response, ["Cookie"])
        response[HEADER] = "hit"
        return response
