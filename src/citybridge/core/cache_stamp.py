"""The data stamp: a value in the shared cache that every write to CityBridge's tables replaces.

Pages kept for anonymous visitors (``core.page_cache``) carry the stamp they were made under
and are served only while it is still the current one, so a save shows on every page at once
and nothing needs to know which pages show which rows.

One stamp for the whole site, not one per programme or pairing: people editing write a few
times a minute at most, while the public reads far more often, so emptying every cached page on
every save costs little. A stamp per programme would need, for each write, every page that
shows the row (a city is on the pages of each of its pairings, in several programmes; a theme
on its programme's, its pairings' and its plans' pages); one missed case would keep a draft or
a stale text on a public page, while one stamp cannot miss.

Writes are seen in the SQL the database connection runs (a Django "execute wrapper"), not in
model signals: ``QuerySet.update()``, ``bulk_create()`` (the imports, the synthetic generator,
simple-history's bulk helpers) and restores send no ``post_save``, yet all go through the
connection. Tables of Django's own apps (sessions, users' last login, the task queue) do not
change what the public sees and leave the stamp alone.

The stamp changes once the transaction that wrote commits; a page made by another process
between the write and the commit (from the old data) was stored under the stamp that the commit
then replaces. Inside a transaction it also changes at the first write after the stamp was
last read in this thread, so that a page read later in the same transaction is made afresh:
tests run inside one transaction that never commits.
"""

import logging
import re
import threading
import uuid

from django.apps import apps
from django.core.cache import caches
from django.db.backends.signals import connection_created

STAMP_KEY = "citybridge:data-stamp"
KEPT_PREFIX = "citybridge:kept:"
KEPT_SECONDS = 60
logger = logging.getLogger(__name__)

_WRITE = re.compile(r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+[\"`]?(\w+)", re.I)
_WRITE_VERBS = {"INSERT", "UPDATE", "DELETE", "REPLAC"}
_state = threading.local()  # .unread: this thread changed the stamp and has not read it since
_tables: frozenset[str] | None = None


def _cache():
    return caches["default"]


def read_stamp(*keys: str) -> tuple[str | None, dict]:
    """The current stamp, and the cache entries under ``keys`` fetched with it (one round trip
    to a shared cache). A stamp missing from the cache (a new or emptied cache) is made."""
    cache = _cache()
    found = cache.get_many([STAMP_KEY, *keys])
    stamp = found.pop(STAMP_KEY, None)
    if stamp is None:
        cache.add(STAMP_KEY, uuid.uuid4().hex, timeout=None)
        stamp = cache.get(STAMP_KEY)
    _state.unread = False
    return stamp, found


def bump_stamp() -> None:
    """Replace the stamp: every page cached until now is made afresh on its next request.
    A new random value each time, never a counter: two processes bumping at once could
    otherwise both write the same next number, and a page stored between the two writes
    would outlive the second one.

    A cache that cannot be reached is logged, not raised: a save must not fail, or seem to
    fail after it committed, because of the cache (pages are then made afresh anyway, since
    the page cache cannot be read either)."""
    try:
        _cache().set(STAMP_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        logger.exception("The data stamp could not be replaced in the cache.")


def kept(key: str, compute):
    """``compute()``, kept in the cache under ``key`` until the data changes (the stamp): for
    what nearly every request reads and only a write changes, like a signed-in person's roles
    and unread count. Kept a minute at most (``CITYBRIDGE_PAGE_CACHE_SECONDS`` if shorter; 0:
    nothing is kept): should several app servers wrongly not share one cache, a role taken
    away on one server still reaches the others within that minute."""
    from django.conf import settings

    seconds = settings.CITYBRIDGE_PAGE_CACHE_SECONDS
    if not seconds:
        return compute()
    key = KEPT_PREFIX + key
    try:
        stamp, found = read_stamp(key)
    except Exception:
        logger.exception("The cache could not be read.")
        return compute()
    entry = found.get(key)
    if entry is not None and entry[0] == stamp:
        return entry[1]
    value = compute()  # after the stamp was read: a write meanwhile leaves it out of date
    if stamp is not None:
        try:
            _cache().set(key, (stamp, value), timeout=min(seconds, KEPT_SECONDS))
        except Exception:
            logger.exception("The cache could not be written.")
    return value


def _our_tables() -> frozenset[str]:
    global _tables
    if _tables is None:
        _tables = frozenset(
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.app_config.name.startswith("citybridge.")
        )
    return _tables


def _written(connection) -> None:
    if not connection.in_atomic_block:
        bump_stamp()  # autocommit: the write is committed already
        return
    if not getattr(_state, "unread", False):
        _state.unread = True
        bump_stamp()
    # Once per transaction (Django forgets the callback if the transaction or the savepoint
    # it was registered in rolls back, so the next write registers it again).
    if not any(entry[1] is bump_stamp for entry in connection.run_on_commit):
        connection.on_commit(bump_stamp)


def watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: after a write to one of CityBridge's tables, replace the
    stamp (see the module's docstring)."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and sql.lstrip()[:6].upper() in _WRITE_VERBS:
        match = _WRITE.match(sql)
        if match and match.group(1) in _our_tables():
            _written(context["connection"])
    return result


def _install(sender, connection, **kwargs) -> None:
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


def watch_all_connections() -> None:
    """Called once at start-up (``CoreConfig.ready``): watch every database connection,
    those opened later and any already open."""
    from django.db import connections

    connection_created.connect(_install, dispatch_uid="citybridge.core.cache_stamp")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
