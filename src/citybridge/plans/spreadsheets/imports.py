"""Importing actions and measurements: check every row, then apply all of them or none."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from i18nfield.strings import LazyI18nString

from citybridge.core.i18n import as_dict
from citybridge.core.revisions import keep_baseline, save_recorded, stamp_translations
from citybridge.core.tabular import ImportRefused, Problem, column_letter, file_problem
from citybridge.plans.models import Action, ActionPlan, Measurement
from citybridge.plans.services import next_action_order
from citybridge.plans.spreadsheets.cells import (
    ImportResult,
    _as_text,
    _Bad,
    _date,
    _decimal,
    _is_blank,
    _match_headers,
    _read,
    _text,
    _whole_number,
    _yes_no,
)
from citybridge.plans.spreadsheets.columns import (
    ACTION_TEXTS,
    IMPORT_REASON,
    SHEET_ACTIONS,
    SHEET_MEASUREMENTS,
    SOURCE_MAX_LENGTH,
    Column,
    action_columns,
    measurement_columns,
)
from citybridge.plans.spreadsheets.lookups import _Lookups

# --- Import: actions ------------------------------------------------------------------------


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
                        column_letter(index),
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
                problems.append(
                    Problem(row_number, headers[index], column_letter(index), str(error))
                )
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
                problems.append(
                    Problem(row_number, table.headers[index], column_letter(index), message)
                )
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
    if not is_new:
        keep_baseline(action)  # before the values change: the version the import replaces
    old_texts = {} if is_new else {name: getattr(action, name) for name in ACTION_TEXTS}
    for name, value in change.values.items():
        if name in ACTION_TEXTS:
            value = LazyI18nString(value) if value else None
        setattr(action, name, value)
    stamp_translations(action, list(ACTION_TEXTS), old_texts)
    action.revision = 1 if is_new else action.revision + 1

    def set_choices():
        for name, ids in change.m2m.items():
            getattr(action, name).set(ids)

    save_recorded(action, created=is_new, by=by, reason=IMPORT_REASON, then=set_choices)


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
            raise file_problem(_("Actions can be imported only while the plan is a draft."))
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
                    column_letter(index),
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
                    column_letter(index),
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
        raise file_problem(
            _(
                "Someone recorded measurements at the same time; nothing was imported. Please try again."
            )
        ) from None
    return ImportResult(created=len(new))
