"""Several app servers, one truth: two ``citybridge serve`` processes and the task worker on
one PostgreSQL database, their uploads in an S3-compatible object store (moto's server) and
their cache in Redis, each with a data directory of its own, so that nothing can pass from one
to the other through a local disk. What one server did, the other sees: a login, an uploaded
file, failed logins; what was queued beside them, the worker does.

This is the set-up of docs/deployment.md ("Several app servers"), with the same variables.
PostgreSQL only (``DATABASE_URL``): SQLite is one machine's database. Redis on 127.0.0.1:6379
(.ci/run starts it); the test uses one database number of its own and empties only that one.

    python -m tests.core.test_several_servers seed   (in the servers' environment)
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.object_store import BUCKET, ObjectStore, object_store
from tests.server_process import (
    Database,
    Server,
    Visitor,
    Worker,
    create_tables,
    hidden_inputs,
    run,
    stop,
    temporary_database,
)

ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))

pytestmark = [
    pytest.mark.server,
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="several app servers share one PostgreSQL database: runs when DATABASE_URL "
        "names a PostgreSQL server (the second `make test` of CI)",
    ),
    # About 30 s on an idle machine; 80 s were seen with six test suites running beside it.
    pytest.mark.timeout(180),
]

# Database 11 of the machine's Redis is this test's alone: emptied before and after, and no
# other database is touched.
REDIS_URL = "redis://127.0.0.1:6379/11"
PASSWORD = "secret-pass-123"  # tests.factories.UserFactory's


# --- The shared services ---------------------------------------------------------------------


@contextlib.contextmanager
def empty_redis_database() -> Iterator[None]:
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=5)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    connection.flushdb()
    try:
        yield
    finally:
        connection.flushdb()
        connection.close()


def cluster_environment(store: ObjectStore) -> dict[str, str]:
    """The variables every app server and the worker share (docs/deployment.md)."""
    return {
        # One key for all: a session signed by one server is read by the other.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "CACHE_URL": REDIS_URL,
        **store.environment(),
        # Two cores on the test machine: one worker process per server is enough to show it.
        "CITYBRIDGE_WORKERS": "1",
    }


@dataclass
class Cluster:
    database: Database
    root: Path
    store: ObjectStore
    environment: dict[str, str]
    seed: dict
    first: Server
    second: Server
    worker: Worker

    def logs(self) -> str:
        """The end of each process's log, for a failure's message."""
        return "\n".join(
            f"--- {log.relative_to(self.root)}\n" + "\n".join(log.read_text().splitlines()[-30:])
            for log in (self.first.log, self.second.log, self.worker.log)
        )


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("several-servers")
    with ExitStack() as stack:
        stack.enter_context(empty_redis_database())
        database = stack.enter_context(temporary_database(root, prefix="cb_servers"))
        store = stack.enter_context(object_store(root))
        environment = cluster_environment(store)
        seed_dir = root / "seed"
        seed_dir.mkdir()
        output = run(database, seed_dir, "tests.core.test_several_servers", "seed", **environment)
        seed = json.loads(output.strip().splitlines()[-1])
        for name in ("first", "second", "worker"):
            (root / name).mkdir()
        servers = [
            Server(database, root / name, threads=2, **environment) for name in ("first", "second")
        ]
        worker = Worker(database, root / "worker", **environment)
        for process in (*servers, worker):
            stack.push(process)  # stopped at the end even if another one fails to start
        with ThreadPoolExecutor(3) as pool:  # side by side: each takes seconds to import
            for started in [pool.submit(process.__enter__) for process in (*servers, worker)]:
                started.result()
        yield Cluster(database, root, store, environment, seed, *servers, worker)
        # All told to stop at once (SIGTERM), then killed after 3 s: nothing they hold is worth
        # waiting for, and gunicorn's graceful stop took up to 10 s after this test's requests.
        # Not its quick stop (SIGINT, SIGQUIT): the gthread worker can deadlock in that signal
        # handler until the 30 s graceful timeout.
        for process in (*servers, worker):
            process.process.terminate()
        deadline = time.monotonic() + 3
        for process in (*servers, worker):
            stop(process.process, seconds=max(0, deadline - time.monotonic()))


# --- What the servers share ------------------------------------------------------------------


def log_in(visitor: Visitor, username: str, password: str):
    page = visitor.get("/en/accounts/login/")
    assert page.status == 200, page.status
    return visitor.post(
        "/en/accounts/login/",
        {**hidden_inputs(page.text), "username": username, "password": password},
    )


def upload_minutes(visitor: Visitor, activity: int, content: bytes):
    path = f"/en/workspace/materials/new/activity/{activity}/"
    form = visitor.get(path)
    assert form.status == 200, form.status
    return visitor.post(
        path,
        {
            **hidden_inputs(form.text),
            "material-kind": "minutes",
            "material-title_0": "Minutes of the study visit",
            "material-language": "",
            "material-visibility": "members",
            "material-url": "",
        },
        files={"material-file": ("minutes.pdf", content, "application/pdf")},
    )


def files_under(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory)) for path in directory.rglob("*") if path.is_file()
    )


def wait_for(condition, *, seconds: float):
    """``condition()``'s first true value, asked every 0.2 s for at most ``seconds``."""
    deadline = time.monotonic() + seconds
    while (value := condition()) is None or value is False:
        if time.monotonic() > deadline:
            return value
        time.sleep(0.2)
    return value


def test_two_app_servers_and_the_worker_share_logins_files_tasks_and_login_limits(cluster):
    first, second = cluster.first, cluster.second

    # Each server finds the database, both storages (in the bucket) and the task queue healthy.
    for server in (first, second):
        health = Visitor(server).get("/healthz")
        assert health.status == 200, health.text

    # A person logs in on the first server and goes on, with the same cookie, on the second.
    maria = Visitor(first)
    assert log_in(maria, "maria", PASSWORD).status == 302, cluster.logs()
    maria.server = second
    workspace = maria.get("/en/workspace/")
    assert workspace.status == 200, cluster.logs()
    assert "maria" in workspace.text

    # A file uploaded through the first server is downloaded byte for byte from the second;
    # it lives in the bucket, not on either server's disk, and the bucket does not give it
    # to anyone who asks without the credentials.
    pdf = b"%PDF-1.4\n%" + os.urandom(3_000_000) + b"\n%%EOF\n"  # past the in-memory limit
    maria.server = first
    assert upload_minutes(maria, cluster.seed["activity"], pdf).status == 302, cluster.logs()
    material, name = cluster.database.fetchone(
        "SELECT id, file FROM activities_material ORDER BY id DESC LIMIT 1"
    )
    maria.server = second
    download = maria.get(f"/en/activities/materials/{material}/")
    assert download.status == 200, cluster.logs()
    assert download.body == pdf
    assert cluster.store.read(f"private/{name}") == pdf
    for server in (first, second):
        assert not [path for path in files_under(server.data_dir) if path.endswith(".pdf")]
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{cluster.store.endpoint}/{BUCKET}/private/{name}", timeout=10)
    assert refused.value.code == 403

    # A reminder queued beside the servers (`citybridge send-reminders`, hourly from cron) is
    # sent by the worker.
    queued = run(
        cluster.database,
        first.data_dir,
        "citybridge.cli",
        "send-reminders",
        **cluster.environment,
    )
    assert "1 activity reminders" in queued
    sent = wait_for(
        lambda: cluster.database.fetchone(
            "SELECT email FROM notifications_sentnotification WHERE activity_id = %s",
            [cluster.seed["activity"]],
        ),
        seconds=30,
    )
    assert sent == ("giulia@example.org",), cluster.worker.log.read_text()
    assert wait_for(lambda: "giulia@example.org" in cluster.worker.log.read_text(), seconds=5)

    # Failed logins count in the shared cache: three wrong passwords on the first server and
    # two on the second lock the account out on both (the fifth is refused, as
    # CITYBRIDGE_LOGIN_ATTEMPTS=5 says), though neither server saw five. Last, because the
    # lockout also holds for the client address, 127.0.0.1.
    statuses = [
        log_in(Visitor(server), "rocco", "not-the-password").status
        for server in (first, first, first, second, second)
    ]
    assert statuses == [200, 200, 200, 200, 429], statuses
    for server in (first, second):
        locked = log_in(Visitor(server), "rocco", PASSWORD)
        assert locked.status == 429, cluster.logs()
        assert "Too many failed logins" in locked.text


# --- The seed, run inside the servers' environment -------------------------------------------


def seed() -> dict:
    """The tables; Maria, an editor of a pairing's first city, and Rocco, both with the
    factories' password; a study visit of the pairing in two days with one participant."""
    create_tables()
    from datetime import timedelta

    from django.utils import timezone

    from citybridge.access.enums import RoleKind
    from tests.factories import (
        ActivityFactory,
        PairingFactory,
        ParticipationFactory,
        PersonFactory,
        UserFactory,
        grant,
    )

    pairing = PairingFactory()
    city = pairing.memberships.order_by("order").first().city
    grant(UserFactory(username="maria", password=PASSWORD), RoleKind.CITY_EDITOR, city)
    UserFactory(username="rocco", password=PASSWORD)
    starts = timezone.now() + timedelta(days=2)
    activity = ActivityFactory(
        pairing=pairing, starts_at=starts, ends_at=starts + timedelta(hours=6)
    )
    ParticipationFactory(activity=activity, person=PersonFactory(email="giulia@example.org"))
    return {"activity": activity.pk}


if __name__ == "__main__":
    if sys.argv[1:2] != ["seed"]:
        sys.exit("usage: python -m tests.core.test_several_servers seed")
    print(json.dumps(seed()))
