"""Version 1 of the public, read-only JSON API (django-ninja).

Every text field comes in the language asked for with ``?lang=`` (default English), with
``<field>_language`` saying which language the text really is in, so clients can show the
same "not yet translated" marker as the pages do.
"""

from django.db import OperationalError
from django.http import HttpRequest
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError

from citybridge.api import activities, cities, pairings, plans, programmes
from citybridge.core.failures import busy_response, is_busy
from citybridge.core.page_cache import cache_for_anonymous


class PublicAPI(NinjaAPI):
    """The API is read-only and public: its answers to anonymous visitors are kept by the page
    cache (``core.page_cache``) until the data changes, like the public pages."""

    @property
    def urls(self):
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            cache_for_anonymous(pattern.callback)
        return patterns, app_name, namespace


api = PublicAPI(
    title="CityBridge API",
    version="1",
    urls_namespace="api-1",
    description="Read-only public data of the programmes, cities, pairings and activities. "
    "Add `lang=it` or `lang=ja` to get texts in another language.",
)


@api.exception_handler(NinjaValidationError)
def invalid_parameters(request: HttpRequest, exc: NinjaValidationError):
    return api.create_response(
        request,
        {"detail": "Invalid request parameters.", "errors": exc.errors},
        status=422,
    )


@api.exception_handler(OperationalError)
def busy_database(request: HttpRequest, exc: OperationalError):
    """django-ninja answers exceptions itself: a busy database is a 503 JSON error here too."""
    if is_busy(exc):
        return busy_response(request)
    raise exc


api.add_router("/programmes", programmes.router)
api.add_router("/cities", cities.router)
api.add_router("/pairings", pairings.router)
api.add_router("/activities", activities.router)
api.add_router("/plans", plans.router)
