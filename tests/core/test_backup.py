"""`citybridge backup` and `citybridge restore`, run as an administrator runs them.

Each test drives whole deployments in subprocesses: a temporary folder with its own media roots
and its own database — a SQLite file, or, when the suite runs on PostgreSQL, a new database
``cb_backup_<pid>_<name>`` on the same server (the suite's own test database is not touched).
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# Whole deployments are migrated and loaded in subprocesses: the round trip took 27 s on SQLite
# and 46–61 s on PostgreSQL on a 2-core machine busy with other suites.
pytestmark = pytest.mark.timeout(300)


class Deployment:
    """A CityBridge site of its own: database, public media and private files."""

    def __init__(self, root: Path, name: str):
        self.root = root
        root.mkdir(parents=True)
        if POSTGRESQL:
            self.database = f"cb_backup_{os.getpid()}_{name}"
            with _server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
                server.execute(f'CREATE DATABASE "{self.database}"')
            db = settings.DATABASES["default"]
            credentials = quote(db["USER"]) + (
                ":" + quote(db["PASSWORD"]) if db["PASSWORD"] else ""
            )
            # Commits that do not wait for the disk: migrate and load-demo commit hundreds of
            # times, and these databases are thrown away after the tests.
            fast = "?options=-c%20synchronous_commit%3Doff"
            self.url = (
                f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{self.database}{fast}"
            )
        else:
            self.sqlite_file = root / "citybridge.sqlite3"
            self.url = f"sqlite:///{self.sqlite_file}"

    def citybridge(self, *args) -> subprocess.CompletedProcess:
        keep = {
            key: value
            for key, value in os.environ.items()
            # The browser tests' allowance, and any storage backend chosen for the suite, stay out.
            if key != "DJANGO_ALLOW_ASYNC_UNSAFE" and not key.startswith("CITYBRIDGE_")
        }
        return subprocess.run(
            [sys.executable, "-m", "citybridge.cli", *map(str, args)],
            env={
                **keep,
                "DATABASE_URL": self.url,
                "CITYBRIDGE_DATA_DIR": str(self.root),
                "CITYBRIDGE_MEDIA_ROOT": str(self.root / "media"),
                "CITYBRIDGE_PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            },
            capture_output=True,
            text=True,
            timeout=300,
        )

    def run(self, *args) -> str:
        result = self.citybridge(*args)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def upload(self, name: str, content: bytes) -> None:
        """Put a file where the storages keep it (``media/…`` or ``private/…``)."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)

    def execute(self, *statements: str) -> None:
        if POSTGRESQL:
            with psycopg.connect(dbname=self.database, **_server_params()) as db:
                for statement in statements:
                    db.execute(statement)
        else:
            with sqlite3.connect(self.sqlite_file) as db:
                for statement in statements:
                    db.execute(statement)
            db.close()

    def state(self) -> dict:
        """Everything the deployment holds: schema, every row of every table, sequence
        positions, and every stored file's bytes."""
        files = {
            str(path.relative_to(self.root)): path.read_bytes()
            for folder in ("media", "private")
            for path in sorted((self.root / folder).rglob("*"))
            if path.is_file()
        }
        return {
            **(_postgresql_state(self.database) if POSTGRESQL else self._sqlite_state()),
            "files": files,
        }

    def _sqlite_state(self) -> dict:
        if not self.sqlite_file.exists():
            return {"schema": [], "rows": {}}
        db = sqlite3.connect(self.sqlite_file)
        try:
            schema = sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
            tables = [name for kind, name, _, _ in schema if kind == "table"]
            rows = {table: _sorted(db.execute(f'SELECT * FROM "{table}"')) for table in tables}
        finally:
            db.close()
        return {"schema": schema, "rows": rows}

    def drop(self) -> None:
        if POSTGRESQL:
            with _server() as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _server_params() -> dict:
    db = settings.DATABASES["default"]
    return {
        "host": db["HOST"],
        "port": db["PORT"] or 5432,
        "user": db["USER"],
        "password": db["PASSWORD"] or None,
    }


def _server():
    return psycopg.connect(dbname="postgres", autocommit=True, **_server_params())


def _postgresql_state(database: str) -> dict:
    with psycopg.connect(dbname=database, **_server_params()) as db:
        tables = [
            name
            for (name,) in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        columns = db.execute(
            "SELECT table_name, column_name, data_type, is_nullable, column_default, is_identity "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"
        ).fetchall()
        indexes = db.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        constraints = db.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
        ).fetchall()
        # Where each id counter stands: a restored site must not hand out ids already used.
        sequences = db.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' "
            "ORDER BY 1"
        ).fetchall()
        rows = {table: _sorted(db.execute(f'SELECT * FROM "{table}"')) for table in tables}
    return {
        "schema": [columns, indexes, constraints],
        "sequences": sequences,
        "rows": rows,
    }


def _sorted(rows) -> list:
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def deployments(tmp_path_factory):
    """Make deployments; their PostgreSQL databases are dropped after the module's tests."""
    made = []

    def make(name: str) -> Deployment:
        deployment = Deployment(tmp_path_factory.mktemp("deployments") / name, name)
        made.append(deployment)
        return deployment

    yield make
    # Side by side: each DROP DATABASE waits for the server's disk, not for our CPU.
    with ThreadPoolExecutor(max_workers=len(made) or 1) as pool:
        list(pool.map(Deployment.drop, made))


@pytest.fixture(scope="module")
def small_backup(deployments, tmp_path_factory) -> Path:
    """A backup of a small deployment: one migrated app, one file in each storage."""
    site = deployments("small")
    site.run("migrate", "sessions", "--verbosity", "0")
    site.upload("media/programme/banner.txt", b"IUC Japan")
    site.upload("private/materials/2018/10/minutes.txt", "生駒市 — Ancona\n".encode())
    archive = tmp_path_factory.mktemp("backups") / "small.tar.gz"
    site.run("backup", archive)
    return archive


def _rewrite(archive: Path, target: Path, *, change) -> Path:
    """Copy ``archive`` to ``target`` with ``change(name, data)`` applied to every member:
    it returns the new bytes, or None to leave the member out."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                out.addfile(member, io.BytesIO(data))
    return target


def test_a_backup_restores_every_row_and_every_file_byte_for_byte(deployments, tmp_path):
    site = deployments("demo")
    site.run("migrate", "--verbosity", "0")
    site.run("load-demo")
    site.upload("media/programme/banner.png", os.urandom(50_000))
    site.upload("private/materials/2018/10/ikoma-visit.jpg", os.urandom(300_000))
    site.upload(
        "private/agreements/2019/協定書 Ancona–Ikoma.pdf", b"%PDF-1.7\n" + os.urandom(9_000)
    )
    site.upload("private/applications/2017/empty.txt", b"")
    archive = tmp_path / "citybridge.tar.gz"
    site.run("backup", archive)

    restored = deployments("restored")
    restored.run("restore", archive)

    assert restored.state() == site.state()


def test_the_archive_lists_versions_migrations_and_a_checksum_for_every_file(small_backup):
    with tarfile.open(small_backup) as archive:
        manifest = json.load(archive.extractfile("manifest.json"))
        members = sorted(archive.getnames())

    assert manifest["format_version"] == 1
    assert manifest["database"]["vendor"] == ("postgresql" if POSTGRESQL else "sqlite")
    assert manifest["migrations"] == {"sessions": "0001_initial"}
    assert sorted(entry["path"] for entry in manifest["files"]) == [
        name for name in members if name != "manifest.json"
    ]
    assert [
        entry["size"] for entry in manifest["files"] if entry["path"].startswith("private/")
    ] == [len("生駒市 — Ancona\n".encode())]
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def _truncate(archive: Path, target: Path) -> Path:
    data = archive.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def _alter_a_private_file(archive: Path, target: Path) -> Path:
    return _rewrite(
        archive,
        target,
        change=lambda name, data: (
            data.replace(b"Ancona", b"Ankona") if name.startswith("private/") else data
        ),
    )


def _drop_the_manifest(archive: Path, target: Path) -> Path:
    return _rewrite(
        archive, target, change=lambda name, data: None if name == "manifest.json" else data
    )


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (_truncate, "cannot be read to the end"),
        (
            _alter_a_private_file,
            "private/materials/2018/10/minutes.txt does not match its size and checksum",
        ),
        (_drop_the_manifest, "it has no manifest.json"),
    ],
    ids=["truncated", "altered file", "no manifest"],
)
def test_a_damaged_archive_is_refused_and_nothing_changes_even_with_force(
    damage, reason, small_backup, deployments, tmp_path
):
    damaged = damage(small_backup, tmp_path / "damaged.tar.gz")
    target = deployments(f"damaged_{damage.__name__.strip('_')}")
    target.execute("CREATE TABLE kept (note TEXT)", "INSERT INTO kept VALUES ('the live data')")
    target.upload("private/kept.txt", b"a file of the live site")
    before = target.state()

    result = target.citybridge("restore", "--force", damaged)

    assert result.returncode == 1
    assert "is damaged or is not a CityBridge backup" in result.stderr
    assert reason in result.stderr
    assert "Nothing was changed." in result.stderr
    assert target.state() == before


def test_a_backup_of_a_newer_schema_is_refused_and_nothing_changes(
    small_backup, deployments, tmp_path
):
    def add_a_future_migration(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"]["core"] = "9999_from_a_newer_citybridge"
        return json.dumps(manifest).encode()

    newer = _rewrite(small_backup, tmp_path / "newer.tar.gz", change=add_a_future_migration)
    target = deployments("newer")
    before = target.state()

    result = target.citybridge("restore", newer)

    assert result.returncode == 1
    assert "schema is newer than this CityBridge" in result.stderr
    assert "core 9999_from_a_newer_citybridge" in result.stderr
    assert target.state() == before
    if not POSTGRESQL:
        assert not target.sqlite_file.exists()


def test_a_deployment_whose_database_has_tables_is_not_restored_into(small_backup, deployments):
    target = deployments("tables")
    target.execute("CREATE TABLE kept (note TEXT)")
    before = target.state()

    result = target.citybridge("restore", small_backup)

    assert result.returncode == 1
    assert "This deployment is not empty: the database has 1 table." in result.stderr
    assert "--force" in result.stderr
    assert target.state() == before


def test_a_deployment_whose_storage_holds_files_is_not_restored_into(small_backup, deployments):
    target = deployments("files")
    target.upload("private/materials/kept.pdf", b"%PDF-1.7")
    before = target.state()

    result = target.citybridge("restore", small_backup)

    assert result.returncode == 1
    assert "the private files storage" in result.stderr
    assert "holds 1 file." in result.stderr
    assert target.state() == before


def test_force_replaces_the_database_and_keeps_files_the_archive_does_not_have(
    small_backup, deployments
):
    target = deployments("forced")
    target.execute("CREATE TABLE kept (note TEXT)")
    target.upload("private/materials/2018/10/minutes.txt", b"an older version")
    target.upload("private/kept.txt", b"not in the archive")

    target.run("restore", "--force", small_backup)

    state = target.state()
    assert sorted(table for table in state["rows"] if not table.startswith("sqlite_")) == [
        "django_migrations",
        "django_session",
    ]
    assert state["files"] == {
        "media/programme/banner.txt": b"IUC Japan",
        "private/kept.txt": b"not in the archive",
        "private/materials/2018/10/minutes.txt": "生駒市 — Ancona\n".encode(),
    }
