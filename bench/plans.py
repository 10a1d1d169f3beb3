"""Latency and SQL query count of the action-plan pages and API, against the database in the
environment.

    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge migrate
    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge load-demo --quiet-logins
    CITYBRIDGE_DATA_DIR=/tmp/bench .venv/bin/python bench/plans.py          # scale 1
    CITYBRIDGE_DATA_DIR=/tmp/bench citybridge generate --scale 100
    CITYBRIDGE_DATA_DIR=/tmp/bench .venv/bin/python bench/plans.py          # + 100 programmes

Measures the demo programme (Ancona–Ikoma: 6 actions, 4 indicators) and, once generated, the
last synthetic programme (a pairing whose approved plan has 100 actions and 10 indicators of
100 measurements each). The programme dashboard is requested as a coordinator of the
programme (an existing one, or a ``bench-coordinator`` account given that role); a page that
does not exist yet is skipped and said so. Prints one line per page: median and
95th-percentile time of a full Django request (no network), and the number of SQL queries,
which must be the same for both programmes and at every scale.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from citybridge.access.enums import RoleKind  # noqa: E402
from citybridge.access.models import Role  # noqa: E402
from citybridge.pairings.enums import PUBLIC_STATUSES  # noqa: E402
from citybridge.plans.enums import PlanStatus, VersionKind  # noqa: E402
from citybridge.plans.models import Action, ActionPlan, Measurement  # noqa: E402
from citybridge.programmes.models import Programme  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm caches (templates, translations)
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[max(int(len(times) * 0.95) - 1, 0)], len(queries)


def coordinator_of(programme: Programme):
    role = (
        Role.objects.filter(kind=RoleKind.PROGRAMME_COORDINATOR, programme=programme)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if role is not None:
        return role.user
    # Synthetic programmes have no accounts: give a benchmark account the role.
    user, _ = get_user_model().objects.get_or_create(username="bench-coordinator")
    Role.objects.get_or_create(user=user, kind=RoleKind.PROGRAMME_COORDINATOR, programme=programme)
    print(f"(gave bench-coordinator the coordinator role on {programme.slug})")
    return user


def published_plan(programme: Programme) -> ActionPlan | None:
    """The programme's first public pairing whose plan is in implementation and approved."""
    return (
        ActionPlan.objects.filter(
            pairing__programme=programme,
            pairing__status__in=PUBLIC_STATUSES,
            status=PlanStatus.IN_IMPLEMENTATION,
            versions__kind=VersionKind.APPROVED,
        )
        .select_related("pairing")
        .order_by("pairing__slug")
        .first()
    )


def dashboard_url(programme: Programme) -> str | None:
    try:
        with translation.override("en"):
            return reverse("plans_dash:programme", args=[programme.slug])
    except NoReverseMatch:
        return None


def pages(programme: Programme, plan: ActionPlan):
    slug = plan.pairing.slug
    indicator = plan.indicators.order_by("id").first()
    yield "programme dashboard (en)", dashboard_url(programme), True
    yield "pairing page (ja)", f"/ja/pairings/{slug}/", False
    yield "public plan page (ja)", f"/ja/plans/{slug}/", False
    yield "API plans list", f"/api/v1/plans?programme={programme.slug}&lang=ja", False
    yield "API plan detail", f"/api/v1/plans/{slug}?lang=it", False
    yield "API indicators", f"/api/v1/plans/{slug}/indicators?lang=ja", False
    if indicator is not None:
        yield (
            "API measurements",
            f"/api/v1/plans/{slug}/indicators/{indicator.pk}/measurements?limit=100",
            False,
        )


def main() -> None:
    print(
        f"database: {connection.vendor}; {Programme.objects.count()} programmes, "
        f"{ActionPlan.objects.count()} plans, {Action.objects.count()} actions, "
        f"{Measurement.objects.count()} measurements; {ROUNDS} requests per page"
    )
    targets = [Programme.objects.filter(slug="iuc-japan").first()]
    targets.append(Programme.objects.filter(slug__startswith="synthetic-").order_by("-id").first())
    public, staff = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    for programme in filter(None, targets):
        plan = published_plan(programme)
        if plan is None:
            print(f"{programme.slug}: no approved plan in implementation; skipped")
            continue
        staff.force_login(coordinator_of(programme))
        print(
            f"\n{programme.slug} · {plan.pairing.slug}: {plan.actions.count()} actions, "
            f"{plan.indicators.count()} indicators"
        )
        print(f"{'page':<26} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, url, as_coordinator in pages(programme, plan):
            if url is None:
                print(f"{name:<26} skipped: the URL plans_dash:programme does not exist yet")
                continue
            median, p95, queries = measure(staff if as_coordinator else public, url)
            print(f"{name:<26} {median:>10.1f} {p95:>8.1f} {queries:>8}")


if __name__ == "__main__":
    sys.exit(main())
