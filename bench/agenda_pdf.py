"""Time to render a study tour's agenda PDF in Japanese (WeasyPrint), against the database
in the environment (load the demo first). Prints the first render (with the WeasyPrint import)
and the median of the next ones.

    CITYBRIDGE_DATA_DIR=/tmp/bench .venv/bin/python bench/agenda_pdf.py [items]
"""

import os
import statistics
import sys
import time
from datetime import timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from citybridge.activities import selectors  # noqa: E402
from citybridge.activities.models import Activity, AgendaItem  # noqa: E402
from citybridge.activities.pdf import render_agenda_pdf  # noqa: E402


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    visit = Activity.objects.get(pairing__slug="ancona-ikoma", host_city__slug="ancona", kind="study_tour")
    with transaction.atomic():
        start = visit.agenda_items.order_by("starts_at").first().starts_at
        AgendaItem.objects.bulk_create(
            AgendaItem(
                activity=visit,
                starts_at=start + timedelta(days=n % 4, hours=n // 4),
                ends_at=start + timedelta(days=n % 4, hours=n // 4, minutes=50),
                title='{"en": "Benchmark session", "ja": "ベンチマーク会議（サンプル）"}',
                is_sample=True,
            )
            for n in range(max(0, items - visit.agenda_items.count()))
        )
        timings = []
        size = 0
        for _ in range(6):
            started = time.perf_counter()
            pdf = render_agenda_pdf(selectors.activity_detail(visit.pk), language="ja")
            timings.append(time.perf_counter() - started)
            size = len(pdf)
        transaction.set_rollback(True)  # leave the database as it was
    print(f"agenda PDF, ja, {items} agenda items, {size / 1024:.0f} KB")
    print(f"first render (with WeasyPrint import): {timings[0]:.2f} s")
    print(f"median of the next {len(timings) - 1}: {statistics.median(timings[1:]):.2f} s")


if __name__ == "__main__":
    main()
