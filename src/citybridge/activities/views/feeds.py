"""iCalendar feeds of activities, for calendar clients to subscribe to.

Feeds are public: calendar clients send no session, so every feed lists only what an
anonymous visitor may see. The language comes from ``?lang=`` (default English) because the
addresses live outside the language prefix. Every feed and the single-activity file go
through ``ical.build_calendar``.
"""

from functools import wraps

from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from citybridge.activities.ical import build_calendar
from citybridge.activities.models import Activity
from citybridge.core.i18n import localize
from citybridge.core.page_cache import cache_for_anonymous
from citybridge.directory.models import City, Person
from citybridge.pairings.models import Pairing
from citybridge.programmes.models import Programme

CONTENT_TYPE = "text/calendar; charset=utf-8"
MAX_AGE = 300  # seconds: clients poll feeds; a change may take five minutes to show


def with_language(view):
    """Pass the ``?lang=`` language (default English) to ``view``; 400 for an unknown one."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = request.GET.get("lang", settings.LANGUAGE_CODE).lower()
        codes = [code for code, _name in settings.LANGUAGES]
        if language not in codes:
            return HttpResponseBadRequest(
                f"Unknown language in lang=; use one of: {', '.join(codes)}.",
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, language=language, **kwargs)

    return wrapper


def _activities():
    """Public activities with what the builder reads, in a fixed number of queries."""
    return (
        Activity.objects.public()
        .on_calendar()
        .select_related("host_city")
        .prefetch_related("agenda_items")
        .order_by("starts_at", "id")
    )


def _calendar_response(
    request, activities, *, name, language, filename, attachment=False, private=False
):
    body = build_calendar(
        activities,
        name=name,
        language=language,
        base_url=request.build_absolute_uri("/").rstrip("/"),
    )
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if private:
        patch_cache_control(response, private=True, max_age=MAX_AGE)
    else:
        patch_cache_control(response, max_age=MAX_AGE)
    return response


def _calendar_name(text: str) -> str:
    return f"CityBridge – {text}"


@cache_for_anonymous
@with_language
def programme(request, slug, *, language):
    """Every public activity of a programme: exchange meetings and the pairings' activities."""
    programme = get_object_or_404(Programme, slug=slug)
    return _calendar_response(
        request,
        _activities().filter(programme=programme),
        name=_calendar_name(programme.acronym or localize(programme.name, language).text),
        language=language,
        filename=f"{programme.slug}.ics",
    )


@cache_for_anonymous
@with_language
def pairing(request, slug, *, language):
    """The activities of a public pairing (a proposed pairing has no feed)."""
    pairing = get_object_or_404(Pairing.objects.public().with_cities(), slug=slug)
    cities = " – ".join(localize(m.city.name, language).text for m in pairing.ordered_memberships)
    return _calendar_response(
        request,
        _activities().filter(pairing=pairing),
        name=_calendar_name(cities),
        language=language,
        filename=f"{pairing.slug}.ics",
    )


@cache_for_anonymous
@with_language
def city(request, slug, *, language):
    """Activities the city hosts, and those of the pairings it is in."""
    city = get_object_or_404(City, slug=slug)
    pairings = Pairing.objects.filter(memberships__city=city).values("id")
    return _calendar_response(
        request,
        _activities().filter(Q(host_city=city) | Q(pairing__in=pairings)),
        name=_calendar_name(localize(city.name, language).text),
        language=language,
        filename=f"{city.slug}.ics",
    )


@with_language
def person(request, token, *, language):
    """The public activities a person takes part in.

    The token in the address is the only secret, so shared caches must not keep the feed.
    """
    person = get_object_or_404(Person, calendar_token=token)
    return _calendar_response(
        request,
        _activities().filter(participations__person=person),
        name=_calendar_name(person.name),
        language=language,
        filename="citybridge.ics",
        private=True,
    )


@cache_for_anonymous
@with_language
def activity(request, uid, *, language):
    """One activity as a file to import, for whoever may see it (404 for the others)."""
    activity = get_object_or_404(
        Activity.objects.on_calendar()
        .select_related("host_city", "pairing")
        .prefetch_related("agenda_items"),
        uid=uid,
    )
    if not request.user.has_perm("activities.view_activity", activity):
        raise Http404
    is_public = activity.pairing is None or activity.pairing.is_public
    return _calendar_response(
        request,
        [activity],
        name=localize(activity.title, language).text,
        language=language,
        filename=f"{activity.uid}.ics",
        attachment=True,
        private=not is_public,
    )
