"""Reading the permission matrix and walking one of its rows.

``permission_matrix.csv`` has one row per URL (by name, ``namespace:name``; a URL without a
name by its route), and for each role the outcome of a GET and of a POST as ``GET/POST``:

- ``200``, ``400`` (form errors), ``404``, ``405``, ``403``: the status code;
- ``302``: a redirect somewhere other than a login page (done, or sent back with a message);
- ``login``: a redirect to the login page (the site's or the admin's).

``args`` gives the URL's arguments (and ``?query``), ``state`` what to change in the scene first
(``plan.status=approved``), ``post`` the minimal POST body. A value names an object of the scene
(``tests/access/scene.py``), which stands for its slug, uid, calendar token or primary key as the
argument needs; a value in quotes is itself (``transition='submit'``); ``first`` is the first
object of an admin page's model. A ``url`` with ``*`` covers every URL it matches (the admin's
are generated from its registered models); rows with the exact name win over a pattern. A URL
may have several rows (one per object or state worth asking about).
"""

import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path

from django.contrib import admin
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from tests.access.scene import ROLES

MATRIX = Path(__file__).with_name("permission_matrix.csv")
REFUSED = {"403", "404", "405", "login"}


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route of a URL without a name
    name: str | None
    route: str
    arguments: tuple[str, ...]


@dataclass(frozen=True)
class Row:
    url: str
    args: str
    state: str
    post: str
    expected: dict  # role → "GET/POST"
    note: str
    line: int

    @property
    def is_pattern(self) -> bool:
        return "*" in self.url


def _arguments(pattern) -> tuple[str, ...]:
    if isinstance(pattern.pattern, RoutePattern):
        return tuple(pattern.pattern.converters)
    return tuple(pattern.pattern.regex.groupindex)


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the URLconf, by its full name (or route when it has none)."""
    found = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                route = prefix + str(entry.pattern)
                found.append(Pattern(name or route, name, route, _arguments(entry)))

    walk(get_resolver(), "", None)
    return found


def read_matrix() -> list[Row]:
    """The rows of the matrix; lines starting with ``#`` are headings for the reader."""
    rows = []
    with MATRIX.open(newline="", encoding="utf-8") as handle:
        numbered = [(n, line) for n, line in enumerate(handle, start=1) if line.strip()]
    header = next(csv.reader([numbered[0][1]]))
    for number, line in numbered[1:]:
        if line.startswith("#"):
            continue
        record = dict(zip(header, next(csv.reader([line])), strict=True))
        rows.append(
            Row(
                url=record["url"].strip(),
                args=record["args"].strip(),
                state=record["state"].strip(),
                post=record["post"].strip(),
                expected={role: record[role].strip() for role in ROLES},
                note=record["note"].strip(),
                line=number,
            )
        )
    return rows


def rows_for(pattern: Pattern, rows: list[Row]) -> list[Row]:
    exact = [r for r in rows if not r.is_pattern and r.url == pattern.key]
    return exact or [r for r in rows if r.is_pattern and fnmatch.fnmatchcase(pattern.key, r.url)]


# --- Building the request ----------------------------------------------------------------


def _pairs(text: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in text.split() if not part.startswith("?"))


def _query(text: str) -> str:
    return next((part for part in text.split() if part.startswith("?")), "")


def _admin_model(pattern: Pattern):
    """The model behind an admin URL (by its name, or by its route when it has none)."""
    for model in admin.site._registry:
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        if (pattern.name or "").startswith(f"admin:{label}_") or pattern.route.startswith(route):
            return model
    raise LookupError(pattern.key)


def _value(scene, pattern: Pattern, argument: str, reference: str):
    if reference.startswith("'"):
        return reference.strip("'")  # a literal: 'activity', 'submit'…
    if reference == "first":  # the first object of the admin's model
        return str(_admin_model(pattern)._default_manager.order_by("pk").first().pk)
    obj = getattr(scene, reference)
    if argument.endswith("slug"):
        return obj.slug
    if argument == "uid":
        return str(obj.uid)
    if argument == "token":
        return str(obj.calendar_token)
    return str(obj.pk)


def path_of(scene, pattern: Pattern, row: Row) -> str:
    given = _pairs(row.args)
    kwargs = {a: _value(scene, pattern, a, given.get(a, "")) for a in pattern.arguments}
    missing = [a for a, v in kwargs.items() if v == ""]
    if missing:
        raise AssertionError(f"line {row.line}: no value for {missing} of {pattern.key}")
    if pattern.name:
        return reverse(pattern.name, kwargs=kwargs) + _query(row.args)
    route = pattern.route
    for argument, value in kwargs.items():
        for converter in ("path", "int", "str", "slug", "uuid"):
            route = route.replace(f"<{converter}:{argument}>", value)
        route = route.replace(f"(?P<{argument}>.*)$", value)
    return "/" + route


def post_data(scene, row: Row) -> dict:
    data = {}
    for key, reference in _pairs(row.post).items():
        literal = reference.startswith("'")
        data[key] = reference.strip("'") if literal else str(getattr(scene, reference).pk)
    return data


def apply_state(scene, row: Row) -> None:
    """``plan.status=approved`` and the like, written to the database."""
    for key, value in _pairs(row.state).items():
        name, field = key.split(".", 1)
        obj = getattr(scene, name)
        type(obj)._base_manager.filter(pk=obj.pk).update(**{field: value})


# --- Reading the answer --------------------------------------------------------------------


def outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        target = response["Location"].split("?", 1)[0]
        if target in (reverse("login"), reverse("admin:login")):
            return "login"
        return "302"
    return str(response.status_code)


class Writes:
    """The statements that would change something stored, sent while the block runs (the
    session table aside: logging in and messages live there)."""

    def __init__(self):
        self.tables: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        words = sql.lstrip().split(None, 3)
        verb = words[0].upper() if words else ""
        if verb in ("INSERT", "UPDATE", "DELETE"):
            table = words[2] if verb in ("INSERT", "DELETE") else words[1]
            table = table.strip('"`')
            if table != "django_session":
                self.tables.append(table)
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
