"""The action plan as a workbook, and spreadsheets imported back into it.

Export: one XLSX with the sheets "Actions", "Indicators", "Measurements" and "Progress", ids
included, every translated text in one column per deployment language ("title (en)",
"title (ja)"…). Rows are built here and rendered by ``core.tabular``.

Import (actions, or measurements): the same sheets, as XLSX or CSV. The columns are described
once (:func:`action_columns`, :func:`measurement_columns`) for the export, the checks and the
help on the import page, so they cannot drift apart. An import is all or nothing: every row is
checked first, and if any row has a problem nothing changes and every problem is reported with
its row (as numbered in the spreadsheet, the header being row 1) and column; otherwise all rows
are applied in one transaction. Column names are matched without regard to case, spaces or
underscores ("Lead city" = "lead_city"). A column left out of the file leaves that field of
existing actions as it is; an empty cell in a column that is there clears the field.
"""

import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from i18nfield.strings import LazyI18nString

from citybridge.core.i18n import as_dict, localize
from citybridge.core.tabular import Row, RowKind, read_table, render_workbook, row
from citybridge.directory.models import Organisation
from citybridge.plans import selectors
from citybridge.plans.models import Action, ActionPlan, Measurement, ProgressUpdate
from citybridge.plans.services import next_action_order, stamp_translations

MAX_IMPORT_ROWS = 10_000
MAX_IMPORT_MB = 10  # or the site's upload limit, if lower

SHEET_ACTIONS = "Actions"
SHEET_INDICATORS = "Indicators"
SHEET_MEASUREMENTS = "Measurements"
SHEET_PROGRESS = "Progress"

ACTION_TEXTS = {  # field → max length (None: long text)
    "title": 300,
    "description": None,
    "funding_source": 300,
    "expected_results": None,
    "benefits": None,
    "risks": None,
}
SOURCE_MAX_LENGTH = 300
TRUE_WORDS = {"yes", "true", "1", "y"}
FALSE_WORDS = {"no", "false", "0", "n", ""}
IMPORT_REASON = "Imported from a spreadsheet"


# --- Columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    language: str = ""
    help: str = ""
    required: bool = False
    ignored: bool = False  # exported for reading, ignored on import

    @property
    def header(self) -> str:
        return f"{self.field} ({self.language})" if self.language else self.field


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _per_language(name: str, help_text) -> list[Column]:
    return [Column(name, language=code, help=help_text) for code in _languages()]


DATE_HELP = gettext_lazy("A date written YYYY-MM-DD (2019-11-05), or a date cell.")


def action_columns() -> list[Column]:
    """The columns of the "Actions" sheet, in order, for export and import alike."""
    columns = [
        Column(
            "id",
            help=gettext_lazy(
                "The action's number in CityBridge. Leave it empty to add an action."
            ),
            required=True,
        ),
        Column("order", help=gettext_lazy("Position in the plan, a whole number.")),
        *_per_language(
            "title", gettext_lazy("The title; an action needs one in at least one language.")
        ),
        Column("theme", help=gettext_lazy("The theme's English name, or its number.")),
        Column(
            "lead_city",
            help=gettext_lazy("The lead city's short name in addresses, e.g. “ancona”."),
        ),
        Column(
            "lead_organisation",
            help=gettext_lazy(
                "The lead organisation's English name, or its number; it must belong to the lead city."
            ),
        ),
        Column(
            "partners",
            help=gettext_lazy(
                "Partner organisations of the pairing's cities: English names or numbers, "
                "separated by “;”."
            ),
        ),
        Column("start_date", help=DATE_HELP),
        Column("end_date", help=gettext_lazy("Like start_date; not before it.")),
        Column(
            "budget",
            help=gettext_lazy("A number of at least 0, with a dot before the decimals: 12500.50."),
        ),
        Column("currency", help=gettext_lazy("A three-letter code such as EUR or JPY.")),
        Column("is_pilot", help=gettext_lazy("Pilot project: yes or no (or true/false, 1/0).")),
        Column("sdgs", help=gettext_lazy("UN SDG numbers (1–17) separated by “;”, e.g. 7; 11.")),
    ]
    for name in ACTION_TEXTS:
        if name != "title":
            columns += _per_language(name, gettext_lazy("Text in this language."))
    return columns


def measurement_columns() -> list[Column]:
    """The columns of the "Measurements" sheet, in order, for export and import alike."""
    ignored = gettext_lazy("Shown for reading; ignored on import (measurements are only added).")
    return [
        Column("id", help=ignored, ignored=True),
        Column(
            "indicator_id",
            help=gettext_lazy("The indicator's number (see the Indicators sheet)."),
            required=True,
        ),
        Column("indicator", help=ignored, ignored=True),
        Column("unit", help=ignored, ignored=True),
        Column("date", help=DATE_HELP, required=True),
        Column(
            "value",
            help=gettext_lazy("A number with a dot before the decimals (at most 4)."),
            required=True,
        ),
        *_per_language("source", gettext_lazy("Where the figure comes from, in this language.")),
    ]


def indicator_columns() -> list[Column]:
    return [
        Column("id"),
        Column("action_id"),
        *_per_language("name", ""),
        Column("unit"),
        Column("direction"),
        Column("baseline_value"),
        Column("baseline_date"),
        Column("target_value"),
        Column("target_date"),
        Column("latest_value"),
        Column("latest_date"),
        Column("is_sample"),
    ]


def progress_columns() -> list[Column]:
    return [
        Column("id"),
        Column("action_id"),
        Column("action"),
        Column("date"),
        Column("status"),
        Column("percent"),
        *_per_language("narrative", ""),
    ]


# --- Export --------------------------------------------------------------------------------


def _labels(objects) -> dict[int, str]:
    """How each object is written in a cell: its English name, or its number when another
    object has the same name (or the name holds the list separator)."""
    names = {obj.pk: localize(obj.name, "en").text.strip() for obj in objects}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    return {
        pk: name
        if name and counts[name.casefold()] == 1 and ";" not in name and not name.isdigit()
        else str(pk)
        for pk, name in names.items()
    }


def _sheet(columns: list[Column], items) -> list[Row]:
    """A header, then one row per ``(obj, plain)``: translated columns read ``obj``'s field in
    their language, the others come from the ``plain`` dict."""
    rows = [row(*(c.header for c in columns), kind=RowKind.HEADER)]
    for obj, plain in items:
        rows.append(
            row(
                *(
                    as_dict(getattr(obj, c.field)).get(c.language) or None
                    if c.language
                    else plain[c.field]
                    for c in columns
                )
            )
        )
    return rows


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _action_items(plan: ActionPlan, lookups: "_Lookups"):
    actions = (
        plan.actions.select_related("lead_city")
        .prefetch_related("partners", "sdgs")
        .order_by("order", "id")
    )
    organisation = lookups.organisation_labels
    for a in actions:
        yield (
            a,
            {
                "id": a.pk,
                "order": a.order,
                "theme": lookups.theme_labels.get(a.theme_id),
                "lead_city": a.lead_city.slug if a.lead_city_id else None,
                "lead_organisation": organisation.get(a.lead_organisation_id),
                "partners": "; ".join(organisation.get(o.pk, str(o.pk)) for o in a.partners.all())
                or None,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "budget": a.budget,
                "currency": a.currency,
                "is_pilot": _yes(a.is_pilot),
                "sdgs": "; ".join(str(s.number) for s in a.sdgs.all()) or None,
            },
        )


def _indicator_items(plan: ActionPlan):
    for i in selectors.indicators_with_latest(plan):
        yield (
            i,
            {
                "id": i.pk,
                "action_id": i.action_id,
                "unit": i.unit,
                "direction": i.direction,
                "baseline_value": i.baseline_value,
                "baseline_date": i.baseline_date,
                "target_value": i.target_value,
                "target_date": i.target_date,
                "latest_value": i.latest_value,
                "latest_date": i.latest_date,
                "is_sample": _yes(i.is_sample),
            },
        )


def _measurement_items(plan: ActionPlan):
    measurements = (
        Measurement.objects.filter(indicator__plan=plan)
        .select_related("indicator")
        .order_by("indicator_id", "date", "id")
    )
    for m in measurements:
        yield (
            m,
            {
                "id": m.pk,
                "indicator_id": m.indicator_id,
                "indicator": localize(m.indicator.name).text,
                "unit": m.indicator.unit,
                "date": m.date,
                "value": m.value,
            },
        )


def _progress_items(plan: ActionPlan):
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan)
        .select_related("action")
        .order_by("action__order", "action_id", "date", "id")
    )
    for u in updates:
        yield (
            u,
            {
                "id": u.pk,
                "action_id": u.action_id,
                "action": localize(u.action.title).text,
                "date": u.date,
                "status": u.status,
                "percent": u.percent,
            },
        )


def render_plan_workbook(plan: ActionPlan) -> bytes:
    """The plan's actions, indicators, measurements and progress as one XLSX workbook.

    Sheet names and column names are fixed (not translated): the import reads them back.
    Names shown for reading (an indicator's name on the Measurements sheet) follow the
    active language.
    """
    lookups = _Lookups(plan)
    return render_workbook(
        [
            (SHEET_ACTIONS, _sheet(action_columns(), _action_items(plan, lookups))),
            (SHEET_INDICATORS, _sheet(indicator_columns(), _indicator_items(plan))),
            (SHEET_MEASUREMENTS, _sheet(measurement_columns(), _measurement_items(plan))),
            (SHEET_PROGRESS, _sheet(progress_columns(), _progress_items(plan))),
        ]
    )


# --- Import: problems and results -----------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an uploaded file. ``row`` is None for the file as a whole."""

    row: int | None
    column: str
    letter: str
    message: str


class ImportRefused(Exception):
    """The file was not imported; nothing changed. ``problems`` says why, all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Bad(Exception):
    """A cell that cannot be read; the message says what to write instead."""


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


def _file_problem(message: str) -> ImportRefused:
    return ImportRefused([Problem(None, "", "", message)])


def import_limit_mb() -> int:
    """The largest file an import accepts, in MB."""
    return min(MAX_IMPORT_MB, settings.CITYBRIDGE_MAX_UPLOAD_MB)


def _read(uploaded_file, sheet_name: str):
    limit = import_limit_mb() * 1024 * 1024
    try:
        return read_table(
            uploaded_file, max_rows=MAX_IMPORT_ROWS, max_bytes=limit, sheet_name=sheet_name
        )
    except ValidationError as error:
        raise ImportRefused(
            [Problem(None, "", "", message) for message in error.messages]
        ) from None


def _normalise_header(text: str) -> str:
    text = text.strip().lower()
    match = re.fullmatch(r"(.+?)\s*\(\s*([a-z]{2,3}(?:[-_][a-z0-9]+)?)\s*\)", text)
    if match:
        base, language = match.groups()
        base = re.sub(r"[\s_]+", "_", base.strip())
        return f"{base} ({language.replace('_', '-')})"
    return re.sub(r"[\s_]+", "_", text)


def _match_headers(headers: tuple[str, ...], columns: list[Column]) -> dict[int, Column]:
    """Which column each header is; raises ImportRefused listing every header problem."""
    known = {c.header: c for c in columns}
    translated = {c.field for c in columns if c.language}
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        if not header:
            continue
        key = _normalise_header(header)
        column = known.get(key)
        if column is None:
            if key in translated:
                message = _(
                    "Unknown column “%(header)s”: texts have one column per language, "
                    "for example “%(example)s”."
                ) % {"header": header, "example": f"{key} ({_languages()[0]})"}
            else:
                message = _(
                    "Unknown column “%(header)s”. The columns this import reads are listed "
                    "on the import page."
                ) % {"header": header}
            problems.append(Problem(1, header, _letter(index), message))
        elif key in seen:
            problems.append(
                Problem(
                    1,
                    header,
                    _letter(index),
                    _("The column “%(header)s” appears twice (also in column %(other)s).")
                    % {"header": header, "other": _letter(seen[key])},
                )
            )
        else:
            seen[key] = index
            found[index] = column
    for column in columns:
        if column.required and column.header not in seen:
            problems.append(
                Problem(
                    1,
                    column.header,
                    "",
                    _("The column “%(header)s” is missing.") % {"header": column.header},
                )
            )
    if problems:
        raise ImportRefused(problems)
    return found


# --- Import: reading cells ------------------------------------------------------------------


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _text(value, max_length: int | None) -> str:
    text = _as_text(value)
    if max_length is not None and len(text) > max_length:
        raise _Bad(
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": max_length, "count": len(text)}
        )
    return text


def _whole_number(value, *, minimum: int = 0) -> int | None:
    if _is_blank(value):
        return None
    if isinstance(value, bool):
        raise _Bad(_("Write a whole number."))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if not isinstance(value, int) or value < minimum:
        raise _Bad(_("Write a whole number of at least %(minimum)s.") % {"minimum": minimum})
    return value


def _decimal(value, *, digits: int, places: int, minimum: Decimal | None = None) -> Decimal | None:
    if _is_blank(value):
        return None
    if isinstance(value, (bool, date)):  # datetime is a date too
        raise _Bad(_("Write a number."))
    if isinstance(value, float):
        value = format(value, ".15g")  # Excel keeps 15 significant digits; drop float noise
    text = str(value).strip()
    if isinstance(value, str) and "," in text:
        raise _Bad(
            _(
                "Write the number with a dot before the decimals and no thousands separators: 12500.50."
            )
        )
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Bad(_("“%(text)s” is not a number.") % {"text": text}) from None
    if not number.is_finite():
        raise _Bad(_("“%(text)s” is not a number.") % {"text": text})
    if minimum is not None and number < minimum:
        raise _Bad(_("The number cannot be below %(minimum)s.") % {"minimum": minimum})
    exponent = number.normalize().as_tuple().exponent  # 1.500 has one decimal
    if isinstance(exponent, int) and -exponent > places:
        raise _Bad(_("At most %(places)s decimals.") % {"places": places})
    if abs(number) >= Decimal(10) ** (digits - places):
        raise _Bad(_("The number is too large."))
    return number.quantize(Decimal(1).scaleb(-places))


def _date(value) -> date | None:
    if _is_blank(value):
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Bad(_("Write a date without a time."))
        return value.date()
    if isinstance(value, date):
        return value
    text = _as_text(value)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise _Bad(_("“%(text)s” is not a date written YYYY-MM-DD (2019-11-05).") % {"text": text})


def _yes_no(value) -> bool:
    if isinstance(value, bool):
        return value
    word = _as_text(value).casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _Bad(_("Write yes or no."))


# --- Import: actions ------------------------------------------------------------------------


class _Lookups:
    """What cells may name, for one plan: themes, cities, organisations, SDGs."""

    def __init__(self, plan: ActionPlan):
        from citybridge.programmes.models import SustainableDevelopmentGoal

        pairing = plan.pairing
        self.themes = {t.pk: t for t in pairing.programme.themes.all()}
        self.cities = {
            m.city.slug.casefold(): m.city for m in pairing.memberships.select_related("city")
        }
        self.organisations = {
            o.pk: o for o in Organisation.objects.filter(city__in=self.cities.values())
        }
        self.sdgs = set(SustainableDevelopmentGoal.objects.values_list("number", flat=True))
        self.theme_labels = _labels(self.themes.values())
        self.organisation_labels = _labels(self.organisations.values())

    @staticmethod
    def _find(text: str, objects: dict, what: str):
        if text.isdigit():
            found = objects.get(int(text))
            if found is None:
                raise _Bad(
                    _("There is no %(what)s number %(number)s here.")
                    % {"what": what, "number": text}
                )
            return found
        matches = [
            o
            for o in objects.values()
            if localize(o.name, "en").text.strip().casefold() == text.casefold()
        ]
        if not matches:
            raise _Bad(
                _("There is no %(what)s called “%(name)s” here.") % {"what": what, "name": text}
            )
        if len(matches) > 1:
            raise _Bad(
                _("Several of them are called “%(name)s”; write the number instead (%(numbers)s).")
                % {"name": text, "numbers": ", ".join(str(o.pk) for o in matches)}
            )
        return matches[0]

    def theme(self, value):
        text = _as_text(value)
        return self._find(text, self.themes, _("theme")) if text else None

    def city(self, value):
        text = _as_text(value)
        if not text:
            return None
        city = self.cities.get(text.casefold())
        if city is None:
            raise _Bad(
                _("“%(text)s” is not a city of this pairing; write one of: %(slugs)s.")
                % {"text": text, "slugs": ", ".join(sorted(self.cities))}
            )
        return city

    def organisation(self, value):
        text = _as_text(value)
        return self._find(text, self.organisations, _("organisation")) if text else None

    def organisation_list(self, value) -> set[int]:
        found, bad = set(), []
        for part in _as_text(value).split(";"):
            if part.strip():
                try:
                    found.add(self._find(part.strip(), self.organisations, _("organisation")).pk)
                except _Bad as error:
                    bad.append(str(error))
        if bad:
            raise _Bad(" ".join(bad))
        return found

    def sdg_list(self, value) -> set[int]:
        numbers = set()
        for part in re.split(r"[;,\s]+", _as_text(value)):
            if not part:
                continue
            if not part.isdigit() or int(part) not in self.sdgs:
                raise _Bad(_("“%(part)s” is not an SDG number (1–17).") % {"part": part})
            numbers.add(int(part))
        return numbers


def _currency(value) -> str:
    text = _as_text(value).upper()
    if not text:
        return "EUR"
    if not re.fullmatch(r"[A-Z]{3}", text):
        raise _Bad(_("Write a three-letter currency code such as EUR or JPY."))
    return text


@dataclass
class _ActionChange:
    row: int
    action: Action | None  # None: a new action
    values: dict = field(default_factory=dict)  # field → new value (texts: dicts)
    m2m: dict = field(default_factory=dict)  # "partners"/"sdgs" → set of ids

    def current(self, name: str):
        """The field's value after this change (the action's own when the file leaves it)."""
        if name in self.values:
            return self.values[name]
        return getattr(self.action, name) if self.action else None


def _cell_parser(column: Column, lookups: _Lookups):
    name = column.field
    if name in ACTION_TEXTS:
        return lambda v: _text(v, ACTION_TEXTS[name])
    return {
        "id": lambda v: _whole_number(v, minimum=1),
        "order": _whole_number,
        "theme": lookups.theme,
        "lead_city": lookups.city,
        "lead_organisation": lookups.organisation,
        "partners": lookups.organisation_list,
        "start_date": _date,
        "end_date": _date,
        "budget": lambda v: _decimal(v, digits=14, places=2, minimum=Decimal(0)),
        "currency": _currency,
        "is_pilot": _yes_no,
        "sdgs": lookups.sdg_list,
    }[name]


def _read_rows(table, columns: dict[int, Column], parsers: dict, problems: list):
    """Each row's cells read by column: ``(row_number, {index: value}, failed)``.

    Cells that cannot be read become problems and are left out of the values; ``failed``
    holds their headers, so that checks across columns skip what is already reported.
    """
    headers = table.headers
    for row_number, cells in table.rows:
        failed = set()
        for index, cell in enumerate(cells):
            if index not in columns and not _is_blank(cell):
                problems.append(
                    Problem(
                        row_number,
                        "",
                        _letter(index),
                        _("This cell is in a column without a name in the first row."),
                    )
                )
        parsed = {}
        for index, column in columns.items():
            if column.ignored:
                continue
            try:
                parsed[index] = parsers[index](cells[index] if index < len(cells) else None)
            except _Bad as error:
                problems.append(Problem(row_number, headers[index], _letter(index), str(error)))
                failed.add(column.header)
        yield row_number, parsed, failed


def _check_actions(plan: ActionPlan, table, columns: dict[int, Column]):
    lookups = _Lookups(plan)
    existing = {
        a.pk: a
        for a in plan.actions.select_for_update()
        .prefetch_related("partners", "sdgs")
        .order_by("order", "id")
    }
    parsers = {index: _cell_parser(column, lookups) for index, column in columns.items()}
    where = {column.header: index for index, column in columns.items()}
    problems: list[Problem] = []
    changes: list[_ActionChange] = []
    seen_ids: dict[int, int] = {}

    def blame(row_number, message, *headers, unless=()):
        """Report on the first of ``headers`` in the file, unless one of the columns the
        check reads could not be read (that problem is reported already)."""
        if any(header in unless for header in headers):
            return
        for header in headers:
            if header in where:
                index = where[header]
                problems.append(Problem(row_number, table.headers[index], _letter(index), message))
                return

    for row_number, parsed, failed in _read_rows(table, columns, parsers, problems):
        if "id" in failed:
            continue
        by_header = {columns[index].header: value for index, value in parsed.items()}
        action = None
        action_id = by_header.get("id")
        if action_id is not None:
            action = existing.get(action_id)
            if action is None:
                blame(
                    row_number,
                    _("There is no action number %(id)s in this plan.") % {"id": action_id},
                    "id",
                )
                continue
            if action_id in seen_ids:
                blame(
                    row_number,
                    _("Action %(id)s is already changed in row %(row)s.")
                    % {"id": action_id, "row": seen_ids[action_id]},
                    "id",
                )
                continue
            seen_ids[action_id] = row_number
        change = _ActionChange(row=row_number, action=action)
        for index, value in parsed.items():
            column = columns[index]
            if column.field == "id":
                continue
            if column.language:
                texts = change.values.setdefault(
                    column.field, as_dict(getattr(action, column.field)) if action else {}
                )
                if value:
                    texts[column.language] = value
                else:
                    texts.pop(column.language, None)
            elif column.field in ("partners", "sdgs"):
                change.m2m[column.field] = value
            elif column.field in ("theme", "lead_city", "lead_organisation"):
                change.values[f"{column.field}_id"] = value.pk if value is not None else None
            else:
                change.values[column.field] = value
        if action is not None and "order" in change.values and change.values["order"] is None:
            del change.values["order"]  # an empty position keeps the action where it is

        if not as_dict(change.current("title")):
            blame(
                row_number,
                _("An action needs a title in at least one language."),
                *[c.header for c in columns.values() if c.field == "title"],
                "id",
                unless=failed,
            )
        start, end = change.current("start_date"), change.current("end_date")
        if start and end and end < start:
            blame(
                row_number,
                _("The end cannot be before the start."),
                "end_date",
                "start_date",
                unless=failed,
            )
        lead_city_id = change.current("lead_city_id")
        lead = lookups.organisations.get(change.current("lead_organisation_id"))
        if lead is not None and lead_city_id and lead.city_id != lead_city_id:
            blame(
                row_number,
                _("The lead organisation must belong to the lead city."),
                "lead_organisation",
                "lead_city",
                unless=failed,
            )
        changes.append(change)
    return changes, problems


def _differs(action: Action, change: _ActionChange) -> bool:
    for name, value in change.values.items():
        old = getattr(action, name)
        if name in ACTION_TEXTS:
            if as_dict(old) != value:
                return True
        elif old != value:
            return True
    for name, ids in change.m2m.items():
        if {o.pk for o in getattr(action, name).all()} != ids:
            return True
    return False


def _save_action(action: Action, change: _ActionChange, *, by, is_new: bool) -> None:
    old_texts = {} if is_new else {name: getattr(action, name) for name in ACTION_TEXTS}
    for name, value in change.values.items():
        if name in ACTION_TEXTS:
            value = LazyI18nString(value) if value else None
        setattr(action, name, value)
    stamp_translations(action, list(ACTION_TEXTS), old_texts)
    action.revision = 1 if is_new else action.revision + 1
    action._history_user = by
    action._change_reason = IMPORT_REASON
    action.save()
    for name, ids in change.m2m.items():
        getattr(action, name).set(ids)


def import_actions(plan: ActionPlan, uploaded_file, *, by) -> ImportResult:
    """Create and update the plan's actions from an XLSX ("Actions" sheet) or CSV file.

    Only while the plan is a draft (checked under a lock on the plan). All or nothing: raises
    ``ImportRefused`` with every problem found and changes nothing, or applies every row in one
    transaction. Side effects: each changed action's revision goes up (an editor who opened it
    earlier gets a conflict, not an overwrite), changed texts are stamped per language, and the
    history records the importing user. Rows that change nothing count as unchanged.
    """
    table = _read(uploaded_file, SHEET_ACTIONS)
    columns = _match_headers(table.headers, action_columns())
    with transaction.atomic():
        plan = (
            ActionPlan.objects.select_for_update()
            .select_related("pairing__programme")
            .get(pk=plan.pk)
        )
        if not plan.is_editable:
            raise _file_problem(_("Actions can be imported only while the plan is a draft."))
        changes, problems = _check_actions(plan, table, columns)
        if problems:
            raise ImportRefused(problems)
        created = updated = unchanged = 0
        order = next_action_order(plan)
        for change in changes:
            if change.action is None:
                action = Action(plan=plan)
                if change.values.get("order") is None:
                    change.values["order"] = order
                    order += 1
                _save_action(action, change, by=by, is_new=True)
                created += 1
            elif _differs(change.action, change):
                _save_action(change.action, change, by=by, is_new=False)
                updated += 1
            else:
                unchanged += 1
    return ImportResult(created=created, updated=updated, unchanged=unchanged)


# --- Import: measurements -------------------------------------------------------------------


def _check_measurements(plan: ActionPlan, table, columns: dict[int, Column], *, by):
    indicators = {i.pk: i for i in plan.indicators.all()}
    recorded = {
        (indicator_id, day): True
        for indicator_id, day in Measurement.objects.filter(indicator__plan=plan).values_list(
            "indicator_id", "date"
        )
    }

    def indicator(value):
        number = _whole_number(value, minimum=1)
        if number is None:
            raise _Bad(_("Write the indicator's number."))
        if number not in indicators:
            raise _Bad(_("There is no indicator number %(id)s in this plan.") % {"id": number})
        return number

    def required(parse):
        def parser(value):
            result = parse(value)
            if result is None:
                raise _Bad(_("This cell cannot be empty."))
            return result

        return parser

    parsers = {}
    for index, column in columns.items():
        parsers[index] = {
            "indicator_id": indicator,
            "date": required(_date),
            "value": required(lambda v: _decimal(v, digits=18, places=4)),
            "source": lambda v: _text(v, SOURCE_MAX_LENGTH),
        }.get(column.field, lambda v: None)
    where = {column.header: index for index, column in columns.items()}
    problems: list[Problem] = []
    new: list[Measurement] = []
    in_file: dict[tuple, int] = {}
    for row_number, parsed, failed in _read_rows(table, columns, parsers, problems):
        if failed:
            continue  # the same indicator and date cannot be compared, or nothing is added
        by_header = {columns[index].header: value for index, value in parsed.items()}
        indicator_id, day = by_header["indicator_id"], by_header["date"]
        index = where["date"]
        key = (indicator_id, day)
        if key in in_file:
            problems.append(
                Problem(
                    row_number,
                    table.headers[index],
                    _letter(index),
                    _("Row %(row)s already has a measurement of this indicator on this date.")
                    % {"row": in_file[key]},
                )
            )
            continue
        in_file[key] = row_number
        if key in recorded:
            problems.append(
                Problem(
                    row_number,
                    table.headers[index],
                    _letter(index),
                    _("There is already a measurement of indicator %(id)s on this date.")
                    % {"id": indicator_id},
                )
            )
            continue
        source = {
            c.language: by_header.get(c.header) for c in columns.values() if c.field == "source"
        }
        source = {code: text for code, text in source.items() if text}
        new.append(
            Measurement(
                indicator_id=indicator_id,
                date=day,
                value=by_header["value"],
                source=LazyI18nString(source) if source else None,
                recorded_by=by,
            )
        )
    return new, problems


def import_measurements(plan: ActionPlan, uploaded_file, *, by) -> ImportResult:
    """Add measurements to the plan's indicators from an XLSX ("Measurements" sheet) or CSV.

    All or nothing, like :func:`import_actions`. A measurement of an indicator on a date that
    already has one, in the file or in the database, is a problem: measurements are only added
    here, never changed. Side effects: the measurements are recorded by ``by``, with history.
    """
    from simple_history.utils import bulk_create_with_history

    table = _read(uploaded_file, SHEET_MEASUREMENTS)
    columns = _match_headers(table.headers, measurement_columns())
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
            new, problems = _check_measurements(plan, table, columns, by=by)
            if problems:
                raise ImportRefused(problems)
            bulk_create_with_history(
                new,
                Measurement,
                batch_size=500,
                default_user=by,
                default_change_reason=IMPORT_REASON,
            )
    except IntegrityError:
        raise _file_problem(
            _(
                "Someone recorded measurements at the same time; nothing was imported. Please try again."
            )
        ) from None
    return ImportResult(created=len(new))
