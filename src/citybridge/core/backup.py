"""Backups that restore: one archive with a consistent copy of the database and every stored file.

``citybridge backup FILE`` writes a gzip-compressed tar archive::

    database/citybridge.sqlite3   SQLite: a copy made with SQLite's online backup API
    database/citybridge.pgdump    PostgreSQL: ``pg_dump --format=custom``
    media/<name>                  every file of the public media storage (STORAGES["default"])
    private/<name>                every file of the private storage (STORAGES["private"]):
                                  materials, agreement documents, application attachments
    manifest.json                 format version, CityBridge, Django and database versions, the
                                  latest applied migration per app, and the size and SHA-256 of
                                  every file above

Both database copies are consistent snapshots taken while the site runs (SQLite's backup API
reads one snapshot in a single step, which WAL mode lets writers continue through; pg_dump reads
in one repeatable-read transaction). The database is copied BEFORE the files: a file uploaded
while the backup runs is then at worst an unreferenced extra in the archive, never a row that
points at a file the archive lacks. (A file deleted in that window is missing from the archive;
its row was deleted too, a moment later, on the live site.)

``citybridge restore FILE`` reads the whole archive and checks every size and checksum before it
changes anything, refuses a schema newer than this code (a migration it does not have) or a
different database system, and restores only into an empty deployment unless told ``--force``.
The secret key is not in the archive: see docs/deployment.md for why.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

import django
from django.core.files import File
from django.core.files.storage import storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from citybridge.core.cache_stamp import bump_stamp

FORMAT = "citybridge-backup"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
# Archive folder -> storage alias (settings.STORAGES).
STORAGE_FOLDERS = {"media": "default", "private": "private"}
DATABASE_FOLDER = "database"
DATABASE_FILES = {"sqlite": "citybridge.sqlite3", "postgresql": "citybridge.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
CHUNK = 1024 * 1024
# Larger than any manifest a real site writes (about 150 bytes per file), small enough that a
# forged archive cannot make us read gigabytes into memory.
MAX_MANIFEST_BYTES = 256 * 1024 * 1024


class BackupError(Exception):
    """A backup or restore that could not be done; the message tells the administrator why and
    what to do. Raised by a restore before it changes anything, except where it says so."""


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    files: int
    pending_migrations: int


# --- Writing ------------------------------------------------------------------------------


def create_backup(*, path: Path | str, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write one archive of the database and every stored file to ``path``; return its manifest.

    Side effects: writes ``path`` (mode 0600: it holds password hashes and private files) by
    way of ``<path>.partial`` in the same folder, renamed into place only once complete, so an
    interrupted backup never leaves a truncated archive under the final name; a database copy
    is made in a temporary folder beside it and deleted. Reads the database and the storages;
    changes neither. Safe while the site runs."""
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    connection = connections[using]
    vendor = connection.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    # The moment of the snapshot, not of the archive's completion: what a restore goes back to.
    created_at = timezone.now().isoformat()
    migrations = latest_applied_migrations(using=using)
    try:
        return _write_archive(path, connection, vendor, migrations, created_at)
    except OSError as error:
        raise BackupError(f"The backup could not be written to {path}: {error}.") from error


def _write_archive(path: Path, connection, vendor: str, migrations: dict, created_at: str) -> dict:
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory(prefix=".citybridge-backup-", dir=path.parent) as work:
        database_copy = Path(work) / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _copy_sqlite(connection, database_copy)
        else:
            _dump_postgresql(connection, database_copy)
        try:
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as raw:
                # zlib's usual level 6: uploads are mostly PDFs and JPEGs, already compressed,
                # on which tarfile's default 9 spends time for almost nothing.
                with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as archive:
                    entries = [
                        _add_file(
                            archive,
                            f"{DATABASE_FOLDER}/{database_copy.name}",
                            database_copy.open("rb"),
                            database_copy.stat().st_size,
                        )
                    ]
                    for folder, alias in STORAGE_FOLDERS.items():
                        entries += _add_storage(archive, folder, storages[alias])
                    manifest = {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "created_at": created_at,
                        "citybridge_version": _citybridge_version(),
                        "django_version": django.get_version(),
                        "database": {
                            "vendor": vendor,
                            "file": entries[0]["path"],
                            "server_version": _server_version(connection),
                        },
                        "migrations": migrations,
                        "files": entries,
                    }
                    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                    info = _tar_info(MANIFEST_NAME, len(data))
                    archive.addfile(info, io.BytesIO(data))
                raw.flush()
                os.fsync(raw.fileno())
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return manifest


def latest_applied_migrations(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, str]:
    """The latest (highest-numbered) applied migration of every app, as the database records it."""
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        # Django numbers migrations (0001_…, 0002_…), so the greatest name is the latest.
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _copy_sqlite(connection, target: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        # One step (pages=-1): the whole copy is one read snapshot. In several steps, every
        # write to the live database in between would restart the copy.
        connection.connection.backup(copy)
        # A self-contained file: no -wal beside it to lose.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()


def _dump_postgresql(connection, target: Path) -> None:
    command = [
        _client_program("pg_dump"),
        "--format=custom",
        # The archive is gzipped as a whole; compressing twice only costs time.
        "--compress=0",
        # Restorable by whichever role owns the target database.
        "--no-owner",
        "--no-privileges",
        f"--file={target}",
    ]
    result = subprocess.run(command, env=_postgresql_env(connection), capture_output=True)
    if result.returncode != 0:
        raise BackupError(
            "pg_dump could not copy the database: "
            + result.stderr.decode(errors="replace").strip()
            + "\n(pg_dump must be the PostgreSQL server's major version or newer.)"
        )


def _add_storage(archive: tarfile.TarFile, folder: str, storage) -> list[dict]:
    entries = []
    for name in stored_file_names(storage):
        try:
            size = storage.size(name)
            source = storage.open(name, "rb")
        except FileNotFoundError:
            continue  # deleted since it was listed; its row is gone too (see the module doc)
        entries.append(_add_file(archive, f"{folder}/{name}", source, size))
    return entries


def stored_file_names(storage, directory: str = ""):
    """Every file name in ``storage``, depth first, sorted; uploads still being written are
    skipped (``SafeFileSystemStorage`` writes them as ``.upload-*.part`` and links them into
    place when complete, so such a file is never one a row refers to)."""
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return  # a storage folder nobody has uploaded to yet
    for file_name in sorted(files):
        if file_name.startswith(".upload-") and file_name.endswith(".part"):
            continue
        yield f"{directory}/{file_name}" if directory else file_name
    for folder in sorted(folders):
        yield from stored_file_names(storage, f"{directory}/{folder}" if directory else folder)


def _add_file(archive: tarfile.TarFile, member: str, source, size: int) -> dict:
    with source:
        reader = _HashingReader(source)
        archive.addfile(_tar_info(member, size), reader)
    return {"path": member, "size": size, "sha256": reader.hexdigest()}


def _tar_info(member: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(member)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


class _HashingReader:
    """A file-like reader that hashes what tarfile copies out of it."""

    # A stream read once, front to back: Django's File and the S3 storage ask before seeking.
    closed = False

    def __init__(self, source):
        self._source = source
        self._hash = hashlib.sha256()

    def seekable(self) -> bool:
        return False

    def read(self, size=-1):
        data = self._source.read(size)
        self._hash.update(data)
        return data

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


# --- Reading and checking ---------------------------------------------------------------------


def verify_backup(*, path: Path | str) -> dict:
    """Read the whole archive at ``path`` and return its manifest if every file it lists is
    there with the size and SHA-256 it lists, and nothing else is.

    Raises ``BackupError`` for a missing, truncated or altered archive, one without a manifest,
    or one written by a newer backup format. Side effects: none (reads the file)."""
    path = Path(path)
    digests: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(path, "r|gz") as archive:
            for member in archive:
                if not member.isfile():
                    raise BackupError(_damaged(path, f"it holds {member.name!r}, not a file"))
                if member.name in digests or member.name == MANIFEST_NAME and manifest_bytes:
                    raise BackupError(_damaged(path, f"it holds {member.name!r} twice"))
                source = archive.extractfile(member)
                if member.name == MANIFEST_NAME:
                    manifest_bytes = source.read(MAX_MANIFEST_BYTES)
                    continue
                checksum, size = hashlib.sha256(), 0
                while chunk := source.read(CHUNK):
                    checksum.update(chunk)
                    size += len(chunk)
                digests[member.name] = (size, checksum.hexdigest())
    except FileNotFoundError:
        raise BackupError(f"There is no backup at {path}.") from None
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(_damaged(path, f"it cannot be read to the end ({error})")) from None
    if manifest_bytes is None:
        raise BackupError(_damaged(path, f"it has no {MANIFEST_NAME}"))
    try:
        manifest = json.loads(manifest_bytes)
        listed = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        vendor = manifest["database"]["vendor"]
        database_file = manifest["database"]["file"]
        migrations = manifest["migrations"]
        version = manifest["format_version"]
        fmt = manifest["format"]
    except (ValueError, KeyError, TypeError):
        raise BackupError(_damaged(path, f"its {MANIFEST_NAME} cannot be read")) from None
    if fmt != FORMAT:
        raise BackupError(f"{path} is not a CityBridge backup.")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(
            f"{path} was written by a newer CityBridge (backup format {version}; this one reads "
            f"format {FORMAT_VERSION}). Restore it with the CityBridge version that wrote it "
            f"({manifest.get('citybridge_version', 'unknown')}) or a newer one."
        )
    if not isinstance(migrations, dict) or vendor not in DATABASE_FILES:
        raise BackupError(_damaged(path, f"its {MANIFEST_NAME} cannot be read"))
    problems = []
    for name, expected in listed.items():
        if name not in digests:
            problems.append(f"{name} is missing")
        elif digests[name] != expected:
            problems.append(f"{name} does not match its size and checksum")
    problems += [f"{name} is not in the manifest" for name in digests if name not in listed]
    problems += [f"{name} is not a valid name" for name in listed if not _valid_member(name)]
    if database_file not in listed or not database_file.startswith(DATABASE_FOLDER + "/"):
        problems.append("the database copy is missing")
    if problems:
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise BackupError(_damaged(path, shown + more))
    return manifest


def _damaged(path: Path, why: str) -> str:
    return f"{path} is damaged or is not a CityBridge backup: {why}. Nothing was changed."


def _valid_member(name: str) -> bool:
    parts = PurePosixPath(name).parts
    return (
        len(parts) >= 2
        and not name.startswith("/")
        and parts[0] in (DATABASE_FOLDER, *STORAGE_FOLDERS)
        and ".." not in parts
        and "\\" not in name
    )


def check_compatible(*, manifest: dict, using: str = DEFAULT_DB_ALIAS) -> None:
    """Refuse a backup of another database system, or one whose schema is newer than this code
    (a migration this code does not have). Side effects: none (reads migration files only)."""
    from django.db.migrations.loader import MigrationLoader

    vendor = manifest["database"]["vendor"]
    here = connections[using].vendor
    if vendor != here:
        raise BackupError(
            f"This backup was made on {VENDOR_NAMES.get(vendor, vendor)} and this deployment "
            f"uses {VENDOR_NAMES.get(here, here)} (DATABASE_URL). Restoring across database "
            "systems is not supported: restore it into a deployment that uses "
            f"{VENDOR_NAMES.get(vendor, vendor)}. Nothing was changed."
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations) | set(loader.graph.nodes)
    unknown = [
        f"{app} {name}" for app, name in manifest["migrations"].items() if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "This backup's database schema is newer than this CityBridge: it has migrations this "
            f"code does not have ({', '.join(unknown)}). Install the CityBridge version that made "
            f"the backup ({manifest.get('citybridge_version', 'unknown')}) or a newer one, then "
            "restore. Nothing was changed."
        )


def deployment_contents(*, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What this deployment already holds, one description per place; empty when it holds
    nothing (no database tables, no stored files). Side effects: none — in particular, no
    SQLite file is created when there is none."""
    found = []
    tables = _table_names(connections[using])
    if tables:
        found.append(f"the database has {_count(len(tables), 'table')}")
    for folder, alias in STORAGE_FOLDERS.items():
        storage = storages[alias]
        count = sum(1 for _ in stored_file_names(storage))
        if count:
            where = getattr(storage, "location", alias)
            label = "public media" if folder == "media" else "private files"
            found.append(f"the {label} storage ({where}) holds {_count(count, 'file')}")
    return found


def _table_names(connection) -> list[str]:
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        if not path.exists() or path.stat().st_size == 0:
            return []
        # Read-only, through sqlite3 itself: Django's connection would create the file and
        # switch it to WAL mode, which is a change.
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = probe.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
        finally:
            probe.close()
        return [name for (name,) in rows]
    with connection.cursor() as cursor:
        return connection.introspection.table_names(cursor)


# --- Restoring ----------------------------------------------------------------------------


def restore_backup(
    *, path: Path | str, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreResult:
    """Restore the archive at ``path`` into this deployment's database and storages.

    Checks first, changing nothing if any check fails: the archive is complete and every
    checksum matches (``verify_backup``), it comes from the same database system and no newer
    schema (``check_compatible``), and the deployment is empty (no database tables, no stored
    files) unless ``force``. Side effects: replaces the whole database with the archive's (on
    PostgreSQL in one transaction: a failure leaves the database as it was); writes every
    archived file into its storage, replacing a file of the same name when ``force``; other
    files already in the storages are left alone. A failure while writing files leaves the
    database restored and the files written so far. Everything kept in the cache until the data
    changes (core.cache_stamp) is made afresh."""
    path = Path(path)
    manifest = verify_backup(path=path)
    check_compatible(manifest=manifest, using=using)
    if not force:
        contents = deployment_contents(using=using)
        if contents:
            raise BackupError(
                "This deployment is not empty: "
                + "; ".join(contents)
                + ". Restore into an empty deployment (a new database and empty storage folders), "
                "or give --force to replace its database and overwrite files of the same names. "
                "Nothing was changed."
            )
    connection = connections[using]
    expected = {entry["path"]: entry for entry in manifest["files"]}
    database_file = manifest["database"]["file"]
    files = 0
    with tarfile.open(path, "r|gz") as archive:
        for member in archive:
            if member.name == MANIFEST_NAME:
                continue
            if member.name not in expected:
                raise BackupError(f"{member.name} appeared after the archive was checked.")
            source = _CheckedReader(archive.extractfile(member), expected[member.name])
            if member.name == database_file:
                _restore_database(connection, source, replace=force)
                continue
            folder, name = member.name.split("/", 1)
            try:
                _restore_file(storages[STORAGE_FOLDERS[folder]], name, source, replace=force)
            except Exception as error:
                # Any storage's failure (full disk, unreachable object store) ends here.
                raise BackupError(
                    f"Restoring {member.name} failed ({error}). The database and {files} files "
                    "are restored; fix the cause and run the restore again with --force."
                ) from error
            files += 1
    # The database was replaced behind Django's back (sqlite3, psql): pages and roles kept in
    # the cache (core.cache_stamp) describe the data that was there before.
    bump_stamp()
    return RestoreResult(
        manifest=manifest, files=files, pending_migrations=_pending_migrations(connection)
    )


def _restore_file(storage, name: str, source: _CheckedReader, *, replace: bool) -> None:
    if replace and storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(source, name=name))
    source.check()
    if saved != name:
        raise BackupError(f"it was stored as {saved}")


class _CheckedReader(_HashingReader):
    """Re-checks each file while it is restored, should the archive change after it was
    verified."""

    def __init__(self, source, entry: dict):
        super().__init__(source)
        self._entry = entry
        self.size = entry["size"]  # for storages that want to know before they read

    def check(self) -> None:
        if self.hexdigest() != self._entry["sha256"]:
            raise BackupError(
                f"{self._entry['path']} changed while it was being restored; restore stopped."
            )


def _restore_database(connection, source: _CheckedReader, *, replace: bool) -> None:
    connection.close()
    with tempfile.TemporaryDirectory(prefix="citybridge-restore-") as work:
        copy = Path(work) / "database"
        with copy.open("wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        source.check()
        if connection.vendor == "sqlite":
            try:
                _restore_sqlite(connection, copy)
            except (sqlite3.Error, OSError) as error:
                raise BackupError(
                    f"The database could not be restored ({error}); it was left as it was."
                ) from error
        else:
            _restore_postgresql(connection, copy, replace=replace)


def _restore_sqlite(connection, copy: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(target, timeout=20)
    try:
        # SQLite's backup API, not a file copy: it goes through SQLite's locks and replaces
        # the whole content, so a -wal file left beside an old database cannot be replayed
        # onto the restored one.
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _restore_postgresql(connection, dump: Path, *, replace: bool) -> None:
    env = _postgresql_env(connection)
    command = [
        _client_program("psql"),
        "--no-psqlrc",
        "--quiet",
        # Every statement in one transaction, rolled back at the first error: a failed
        # restore leaves the database as it was, even with --force.
        "--single-transaction",
        "--set=ON_ERROR_STOP=1",
    ]
    if replace:
        command += ["--command", _drop_everything_sql(connection)]
    command += ["--file=-"]
    with tempfile.TemporaryFile() as errors:
        reader = subprocess.Popen(
            [_client_program("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=subprocess.PIPE,
            stderr=errors,
            env=env,
        )
        loaded = subprocess.run(
            command, stdin=reader.stdout, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env
        )
        reader.stdout.close()
        reader.wait()
        errors.seek(0)
        reader_errors = errors.read().decode(errors="replace").strip()
    if reader.returncode != 0 or loaded.returncode != 0:
        raise BackupError(
            "The database could not be restored; it was left as it was. "
            + (reader_errors + " " + loaded.stderr.decode(errors="replace")).strip()
        )


def _drop_everything_sql(connection) -> str:
    """DROP statements for every table, view and sequence of the current schema (--force)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relkind, quote_ident(n.nspname) || '.' || quote_ident(c.relname)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            """
        )
        rows = cursor.fetchall()
    connection.close()
    kinds = [
        ("v", "VIEW"),
        ("m", "MATERIALIZED VIEW"),
        ("f", "FOREIGN TABLE"),
        ("r", "TABLE"),
        ("p", "TABLE"),
        ("S", "SEQUENCE"),
    ]
    statements = []
    for kind, keyword in kinds:
        names = [name for relkind, name in rows if relkind == kind]
        if names:
            statements.append(f"DROP {keyword} IF EXISTS {', '.join(names)} CASCADE;")
    return "\n".join(statements) or "SELECT 1;"


def _pending_migrations(connection) -> int:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    count = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    connection.close()
    return count


# --- Helpers ------------------------------------------------------------------------------


def _postgresql_env(connection) -> dict[str, str]:
    """The environment that points libpq's programs at this database (password included, never
    on the command line)."""
    from django.db.backends.postgresql.client import DatabaseClient

    settings = connection.settings_dict
    _, env = DatabaseClient.settings_to_cmd_args_env(settings, [])
    env = {**os.environ, **(env or {})}
    options = settings.get("OPTIONS", {})
    for variable, value in (
        ("PGHOST", settings.get("HOST")),
        ("PGPORT", settings.get("PORT")),
        ("PGUSER", settings.get("USER") or options.get("user")),
        ("PGDATABASE", settings.get("NAME") or options.get("database")),
        ("PGOPTIONS", options.get("options")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _client_program(name: str) -> str:
    program = shutil.which(name)
    if not program:
        raise BackupError(
            f"{name} is not installed. Install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client), the server's major version or newer."
        )
    return program


def _server_version(connection) -> str:
    if connection.vendor == "sqlite":
        return sqlite3.sqlite_version
    connection.ensure_connection()
    number = connection.pg_version  # e.g. 150020
    return f"{number // 10000}.{number % 10000}"


def _citybridge_version() -> str:
    try:
        return metadata.version("citybridge")
    except metadata.PackageNotFoundError:
        return "unknown"
