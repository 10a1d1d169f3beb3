"""A real CityBridge server in a subprocess, on a database of its own.

For the tests and the benchmark that need what the test client cannot give: requests that
arrive at the same instant on separate threads of a real server (gunicorn, `citybridge serve`),
and another process holding a database lock meanwhile. The database is of the kind the test
suite runs on: a fresh PostgreSQL database ``cb_concurrency_<pid>`` beside the suite's own when
``DATABASE_URL`` names a PostgreSQL server (dropped afterwards), else a temporary SQLite file.

    python -m tests.server_process seed USERS ACTIONS   (in the server's environment)
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


# --- The database ----------------------------------------------------------------------------


@dataclass
class Database:
    url: str  # DATABASE_URL for the server
    path: Path | None = None  # the SQLite file, None on PostgreSQL

    @property
    def kind(self) -> str:
        return "sqlite" if self.path else "postgresql"

    def connect(self):
        if self.path:
            return sqlite3.connect(self.path, isolation_level=None, timeout=30)
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def fetchone(self, sql: str, params=()):
        """One row, read outside the server (``%s`` placeholders on both databases)."""
        with contextlib.closing(self.connect()) as connection:
            if self.path:
                sql = sql.replace("%s", "?")
            return connection.execute(sql, params).fetchone()

    @contextlib.contextmanager
    def writer_holding_lock(self, *, action_pk: int) -> Iterator[None]:
        """Another writer in the middle of a transaction for as long as the block runs: on
        SQLite it holds the database's write lock, on PostgreSQL a lock on the action's row."""
        connection = self.connect()
        try:
            if self.path:
                connection.execute("BEGIN IMMEDIATE")
            else:
                connection.execute("BEGIN")
                connection.execute(
                    "SELECT id FROM plans_action WHERE id = %s FOR UPDATE", [action_pk]
                )
            yield
            connection.execute("ROLLBACK")
        finally:
            connection.close()


def _postgres_url(base: str, name: str) -> str:
    return urllib.parse.urlparse(base)._replace(path=f"/{name}").geturl()


@contextlib.contextmanager
def temporary_database(directory: Path, *, prefix: str = "cb_concurrency") -> Iterator[Database]:
    """An empty database of the kind ``DATABASE_URL`` names: a PostgreSQL database
    ``<prefix>_<pid>`` dropped afterwards, or (when unset) a SQLite file in ``directory``, which
    the caller removes."""
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        yield Database(
            url=f"sqlite:///{directory / 'citybridge.sqlite3'}",
            path=directory / "citybridge.sqlite3",
        )
        return
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database(url=_postgres_url(base, name))
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Commands and the server -----------------------------------------------------------------


def server_environment(database: Database, data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        # The browser tests' allowance and pytest's settings must not leak into the server.
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"}
    }
    env.update(
        DATABASE_URL=database.url,
        CITYBRIDGE_DATA_DIR=str(data_dir),
        CITYBRIDGE_DEBUG="0",
        LOG_LEVEL="ERROR",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")])),
    )
    return {**env, **extra}


def run(database: Database, data_dir: Path, *args: str, **env: str) -> str:
    """Run ``python -m <args>`` in the server's environment (plus ``env``) and return what it
    printed."""
    result = subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=server_environment(database, data_dir, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(database: Database, data_dir: Path, *, users: int, actions: int) -> dict:
    """Create the schema and a draft plan with ``actions`` actions that ``users`` city editors
    may edit, each already logged in; returns the seed (see :func:`seed`)."""
    output = run(database, data_dir, "tests.server_process", "seed", str(users), str(actions))
    return json.loads(output.strip().splitlines()[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``citybridge serve`` (gunicorn) on a free port, started and stopped by ``with``."""

    def __init__(self, database: Database, data_dir: Path, *, threads: int = 16, **env: str):
        self.database, self.data_dir, self.threads, self.env = database, data_dir, threads, env
        self.port = _free_port()
        self.process: subprocess.Popen | None = None
        self.log = data_dir / f"server-{self.port}.log"

    def __enter__(self) -> Server:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "citybridge.cli",
                    "serve",
                    "--port",
                    str(self.port),
                    "--threads",
                    str(self.threads),
                ],  # fmt: skip
                cwd=ROOT,
                env=server_environment(self.database, self.data_dir, **self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The server stopped:\n{self.log.read_text()}")
            with contextlib.suppress(OSError):
                if Visitor(self).get("/en/").status == 200:
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"The server did not answer within 30 s:\n{self.log.read_text()}")

    def __exit__(self, *exc_info) -> None:
        stop(self.process)


class Worker:
    """``citybridge db_worker`` (the task queue's worker), started and stopped by ``with``;
    what it prints (the console e-mail backend's messages included) goes to :attr:`log`."""

    def __init__(self, database: Database, data_dir: Path, **env: str):
        self.database, self.data_dir, self.env = database, data_dir, env
        self.process: subprocess.Popen | None = None
        self.log = data_dir / "worker.log"

    def __enter__(self) -> Worker:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "citybridge.cli", "db_worker", "--interval", "0.2"],
                cwd=ROOT,
                env=server_environment(self.database, self.data_dir, **self.env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def __exit__(self, *exc_info) -> None:
        stop(self.process)


def stop(process: subprocess.Popen | None, *, seconds: float = 10) -> None:
    """End a process started here: politely, then for good after ``seconds``, with its
    children (gunicorn's workers would outlive a killed master)."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            for child in _children(process.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
            process.kill()
            process.wait()


def _children(pid: int) -> list[int]:
    with contextlib.suppress(OSError):
        tasks = Path(f"/proc/{pid}/task")
        return [int(c) for task in tasks.iterdir() for c in (task / "children").read_text().split()]
    return []  # not Linux, or already gone


# --- Someone using the site ------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str
    seconds: float
    body: bytes = b""  # the bytes as sent (a downloaded file); ``text`` is them decoded


@dataclass
class Visitor:
    """One person's browser: keeps its cookies, follows no redirects."""

    server: Server
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, data: dict | None = None, files: dict | None = None
    ) -> Response:
        """``files`` maps a field name to ``(file name, bytes, content type)`` and sends the
        form as multipart/form-data, as a browser does with a file input."""
        headers = {"Host": f"127.0.0.1:{self.server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if files:
            body, headers["Content-Type"] = _multipart(data or {}, files)
        elif data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            body = None
        if body is not None:
            headers["Referer"] = f"http://127.0.0.1:{self.server.port}{path}"
        connection = HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            raw = answer.read()
            seconds = time.monotonic() - started
            for header in answer.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            text = raw.decode(errors="replace")
            return Response(answer.status, dict(answer.headers), text, seconds, raw)
        finally:
            connection.close()

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, data: dict, files: dict | None = None) -> Response:
        return self.request("POST", path, data, files)


def _multipart(data: dict, files: dict) -> tuple[bytes, str]:
    boundary = f"----citybridge{os.urandom(8).hex()}"
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + str(item).encode()
                + b"\r\n"
            )
    for name, (file_name, content, content_type) in files.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{file_name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


def hidden_inputs(page: str) -> dict[str, str]:
    """The hidden fields of a form page (CSRF token, revision, formset management form)."""
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", page):
        if 'type="hidden"' not in tag:
            continue
        name = re.search(r'\bname="([^"]*)"', tag)
        value = re.search(r'\bvalue="([^"]*)"', tag)
        if name:
            fields[html.unescape(name.group(1))] = html.unescape(value.group(1) if value else "")
    return fields


def open_action_form(visitor: Visitor, action_pk: int, language: str = "en") -> dict[str, str]:
    """Open the action's edit page, as a person does before typing: returns the form's hidden
    fields (with the revision the page was opened at)."""
    page = visitor.get(f"/{language}/workspace/actions/{action_pk}/edit/")
    if page.status != 200:
        raise RuntimeError(f"The edit page answered {page.status}")
    return hidden_inputs(page.text)


def action_form_data(hidden: dict[str, str], *, title: str) -> dict[str, str]:
    """What the edit page sends with a new English title. The milestone formset's empty extra
    forms are left out: a browser sends them untouched, with their visible defaults, which
    :func:`hidden_inputs` does not read (and nobody is adding a milestone here)."""
    data = {**hidden, "title_0": title, "currency": "EUR"}
    for key in [k for k in data if k.endswith("-TOTAL_FORMS")]:
        prefix = key.removesuffix("-TOTAL_FORMS")
        kept = int(data[f"{prefix}-INITIAL_FORMS"])
        data[key] = str(kept)
        extra = re.compile(rf"^{re.escape(prefix)}-(\d+)-")
        for name in list(data):
            if (match := extra.match(name)) and int(match.group(1)) >= kept:
                del data[name]
    return data


def simultaneous(calls) -> list:
    """Run the functions on one thread each, released at the same instant by a barrier."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:  # reported to the caller, not lost in the thread
            results[index] = error

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def logged_in(server: Server, seed: dict) -> list[Visitor]:
    """One visitor per seeded editor, carrying the editor's session."""
    return [Visitor(server, {"sessionid": key}) for key in seed["sessions"]]


# --- The seed, run inside the server's environment -------------------------------------------


def create_tables() -> None:
    """Set Django up in this process and create the tables straight from the models, as
    pytest-django's ``--no-migrations`` does (a second instead of the seven that replaying every
    migration takes), with the one data migration's rows (the SDGs) loaded as it loads them."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citybridge.settings")
    django.setup()
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command

    from citybridge.programmes.models import SustainableDevelopmentGoal
    from citybridge.programmes.sdgs import sync_sdgs

    settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    sync_sdgs(SustainableDevelopmentGoal)


def seed(users: int, actions: int) -> dict:
    """Create the tables, then a draft plan of a pairing with ``actions`` actions and ``users``
    editors of its first city, each with a session (as after logging in: the password hasher
    would make logging in eight people take seconds). Returns the primary keys and sessions.
    The tables come from :func:`create_tables`.
    """
    create_tables()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from citybridge.access.enums import RoleKind
    from tests.factories import ActionFactory, ActionPlanFactory, PairingFactory, UserFactory, grant

    pairing = PairingFactory()
    city = pairing.memberships.order_by("order").first().city
    plan = ActionPlanFactory(pairing=pairing)
    sessions = []
    for number in range(users):
        user = UserFactory(username=f"editor{number}", password=None)  # no hashing: no login
        grant(user, RoleKind.CITY_EDITOR, city)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return {
        "plan": plan.pk,
        "actions": [ActionFactory(plan=plan).pk for _ in range(actions)],
        "sessions": sessions,
    }


if __name__ == "__main__":
    if sys.argv[1:2] != ["seed"]:
        sys.exit("usage: python -m tests.server_process seed USERS ACTIONS")
    print(json.dumps(seed(int(sys.argv[2]), int(sys.argv[3]))))
