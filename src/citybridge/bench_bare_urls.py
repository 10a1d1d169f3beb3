"""The project's URLs plus ``/bare/<size>/``: a bare Django page for ``citybridge bench-pages``.

The bare page is an ordinary Django page of the given size with nothing of CityBridge in it: a
template rendered with the request (so the context processors run, as for any page) that loops
over rows built in memory, a link, a title and a date per row, escaped as usual; no database
query; answered through the same middleware as every other page. It is what Django itself
costs to send a page of that size, and each CityBridge page is measured against it.
"""

from functools import cache

from django.http import Http404, HttpResponse
from django.template import engines
from django.urls import path

from citybridge.urls import urlpatterns as project_urlpatterns

TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Bare page</title>'
    '</head>\n<body><main><h1>Bare page</h1><ul>\n{% for row in rows %}<li><a href="/en/pairings/'
    '{{ row.slug }}/">{{ row.title }}</a> <span class="meta">{{ row.date }}</span></li>\n'
    "{% endfor %}</ul>{{ filler }}</main></body></html>\n"
)
MAX_SIZE = 5_000_000


def _row(number: int) -> dict:
    return {
        "slug": f"pairing-{number:05d}",
        "title": f"Cooperation on clean energy & social inclusion no. {number:05d}",
        "date": "2019-11-05",
    }


@cache
def _context(size: int) -> dict:
    """Rows and filler that make the page exactly ``size`` bytes (built once per size: the
    data of a bare page costs nothing to get)."""
    skeleton = len(TEMPLATE.render({"rows": [], "filler": ""}).encode())
    row = len(TEMPLATE.render({"rows": [_row(0)], "filler": ""}).encode()) - skeleton
    count = max(0, (size - skeleton) // row)
    return {
        "rows": [_row(number) for number in range(count)],
        "filler": "x" * max(0, size - skeleton - count * row),
    }


def bare(request, size: int):
    if not 0 < size <= MAX_SIZE:
        raise Http404
    return HttpResponse(TEMPLATE.render(_context(size), request))


urlpatterns = [path("bare/<int:size>/", bare, name="bench_bare"), *project_urlpatterns]
