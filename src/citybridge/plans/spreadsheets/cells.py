"""Importing: problems, results, reading the file and its header, and reading one cell."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from citybridge.core.limits import LONG_TEXT_LENGTH, DateBoundsValidator, clean_line
from citybridge.core.tabular import ImportRefused, Problem, column_letter, read_table
from citybridge.plans.spreadsheets.columns import (
    FALSE_WORDS,
    MAX_IMPORT_MB,
    MAX_IMPORT_ROWS,
    TRUE_WORDS,
    Column,
    _languages,
)

# --- Import: problems and results -----------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Bad(Exception):
    """A cell that cannot be read; the message says what to write instead."""


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
            problems.append(Problem(1, header, column_letter(index), message))
        elif key in seen:
            problems.append(
                Problem(
                    1,
                    header,
                    column_letter(index),
                    _("The column “%(header)s” appears twice (also in column %(other)s).")
                    % {"header": header, "other": column_letter(seen[key])},
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
    """A one-line text (it has a ``max_length``) is cleaned as forms clean names; a long
    text has the limit of long texts in forms."""
    text = clean_line(_as_text(value)) if max_length else _as_text(value)
    limit = max_length or LONG_TEXT_LENGTH
    if len(text) > limit:
        raise _Bad(
            _("At most %(limit)s characters (this has %(count)s).")
            % {"limit": limit, "count": len(text)}
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
    """A date between 1900 and 2100, as forms accept."""
    day = _any_date(value)
    try:
        DateBoundsValidator()(day)
    except ValidationError as error:
        raise _Bad(error.messages[0]) from None
    return day


def _any_date(value) -> date | None:
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
