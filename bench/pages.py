"""Latency and SQL query count of the main pages, against the database in the environment.

    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge migrate
    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge load-demo --quiet-logins
    CITYBRIDGE_DATA_DIR=/tmp/bench .venv/bin/python bench/pages.py          # scale 1
    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge generate --scale 100
    CITYBRIDGE_DATA_DIR=/tmp/bench .venv/bin/python bench/pages.py          # + 100 programmes

Prints one line per page: median and 95th-percentile time of a full Django request (no
network), and the number of SQL queries. The query count must not grow with the data.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from citybridge.activities.models import Activity  # noqa: E402
from citybridge.directory.models import City  # noqa: E402
from citybridge.pairings.models import Pairing  # noqa: E402

PAGES = [
    ("programme page (ja)", "/ja/programmes/iuc-japan/"),
    ("activity page (ja)", "ACTIVITY"),
    ("calendar list (it)", "/it/activities/calendar/iuc-japan/"),
    ("calendar month (en)", "/en/activities/calendar/iuc-japan/?view=month&month=2018-10"),
    ("pairing feed (.ics)", "/calendar/pairings/ancona-ikoma.ics?lang=ja"),
    ("pairing page (ja)", "/ja/pairings/ancona-ikoma/"),
    ("city page (it)", "/it/cities/ancona/"),
    ("home (en)", "/en/"),
    ("API pairings list", "/api/v1/pairings?lang=ja"),
    ("API pairing detail", "/api/v1/pairings/ancona-ikoma?lang=it"),
]
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "50"))


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm caches (templates, gazetteer-free)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(queries)


def main() -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    print(
        f"database: {connection.vendor}; {City.objects.count()} cities, "
        f"{Pairing.objects.count()} pairings; {ROUNDS} requests per page"
    )
    print(f"{'page':<22} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    visit = Activity.objects.filter(pairing__slug="ancona-ikoma", kind="study_tour").order_by("-starts_at").first()
    for name, url in PAGES:
        if url == "ACTIVITY":
            url = f"/ja/activities/{visit.pk}/"
        median, p95, queries = measure(client, url)
        print(f"{name:<22} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    sys.exit(main())
