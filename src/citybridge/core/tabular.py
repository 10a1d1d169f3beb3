"""Tables in and out: rows rendered as CSV or XLSX, and uploaded CSV/XLSX files read back.

Exports build their content once, as :class:`Row` objects, and each format only renders those
rows (:func:`render_csv`, :func:`render_xlsx`, :func:`render_workbook`), so two formats of the
same download cannot drift apart. Every text cell passes through :func:`neutralise`: a
spreadsheet would otherwise run a cell such as ``=HYPERLINK(…)`` as a formula (CSV injection).

Imports read an uploaded file with :func:`read_table`, which decides from the content (through
``core.uploads.validate_upload``) whether it really is an XLSX workbook or a CSV file, refuses
anything else, and returns the header and the non-empty rows, each with the row number the
person sees in their spreadsheet (the header is row 1). :func:`restore` undoes ``neutralise``
on a cell read back, so an exported file can be imported again unchanged.
"""

import csv
import io
import string
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class RowKind(StrEnum):
    HEADER = "header"
    DATA = "data"
    BLANK = "blank"


@dataclass(frozen=True)
class Row:
    cells: tuple
    kind: RowKind = RowKind.DATA


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def restore(value):
    """Undo :func:`neutralise` on a cell read back from a file we exported."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def row(*cells, kind: RowKind = RowKind.DATA) -> Row:
    """A row whose text cells are neutralised."""
    return Row(tuple(neutralise(cell) for cell in cells), kind)


# --- Renderers -----------------------------------------------------------------------------


def render_csv(rows: Iterable[Row]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Japanese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for one in rows:
        writer.writerow(one.cells)
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(value) -> int:
    """Roughly how many Latin characters wide a cell is (Japanese characters count twice)."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _sheet_title(title: str) -> str:
    # Sheet names: at most 31 characters, none of []:*?/\
    return str(title).translate(str.maketrans("", "", "[]:*?/\\"))[:31] or "Sheet"


def render_workbook(sheets: Iterable[tuple[str, Iterable[Row]]]) -> bytes:
    """An Excel workbook with one sheet per ``(title, rows)``: header rows bold, first row
    frozen, columns sized to their content."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "CityBridge"
    bold = Font(bold=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title))
        widths: dict[int, int] = {}
        for row_number, one in enumerate(rows, start=1):
            for column, value in enumerate(one.cells, start=1):
                if isinstance(value, str):
                    value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell = sheet.cell(row=row_number, column=column, value=value)
                if one.kind == RowKind.HEADER:
                    cell.font = bold
                widths[column] = max(widths.get(column, 0), _display_width(value))
        for column, width in widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
        sheet.freeze_panes = "A2"
    if not workbook.worksheets:
        workbook.create_sheet("Sheet")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render_xlsx(rows: Iterable[Row], *, sheet_title: str) -> bytes:
    """An Excel workbook of one sheet (see :func:`render_workbook`)."""
    return render_workbook([(sheet_title, rows)])


# --- Reading uploads -----------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """An uploaded sheet: the header cells and the non-empty rows after it.

    ``rows`` holds ``(row_number, cells)``; the header is row 1, so ``row_number`` is the
    number the person sees at the left of their spreadsheet. Cells keep the type the file gave
    them (XLSX: numbers, dates, booleans, text; CSV: text) and have :func:`restore` applied.
    """

    headers: tuple[str, ...]
    rows: list[tuple[int, tuple]]
    file_format: str  # "xlsx" or "csv"


def read_table(
    uploaded_file, *, max_rows: int, max_bytes: int, sheet_name: str | None = None
) -> Table:
    """Read an uploaded XLSX workbook or CSV file (UTF-8, with or without a byte-order mark).

    The content decides the format, never the file name. ``sheet_name`` picks the sheet of a
    workbook (case-insensitive; a workbook of one sheet is read whatever its name). Raises
    ``ValidationError`` with a message for the person when the file is not a real XLSX or
    CSV, is larger than ``max_bytes``, is damaged, has no header row, or has more than
    ``max_rows`` rows after the header.
    """
    from citybridge.core.uploads import UploadKind, validate_upload

    checked = validate_upload(uploaded_file, max_bytes=max_bytes)
    if checked.mime_type == XLSX_TYPE:
        headers, rows = _read_xlsx(uploaded_file, checked.display_name, sheet_name, max_rows)
        file_format = "xlsx"
    elif checked.kind == UploadKind.TEXT:
        headers, rows = _read_csv(uploaded_file, checked.display_name, max_rows)
        file_format = "csv"
    else:
        raise ValidationError(
            _("“%(name)s” is not an Excel workbook (.xlsx) or a CSV file."),
            code="not_a_table",
            params={"name": checked.display_name},
        )
    if not any(header for header in headers):
        raise ValidationError(
            _("The first row must hold the column names, but it is empty."), code="no_header"
        )
    return Table(headers=headers, rows=rows, file_format=file_format)


def _too_many_rows(max_rows: int) -> ValidationError:
    return ValidationError(
        _("The file has more than %(limit)s rows after the header; please split it."),
        code="too_many_rows",
        params={"limit": f"{max_rows:,}"},
    )


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _collect(records, max_rows: int):
    """Header and non-empty rows from ``(row_number, cells)`` records."""
    headers: tuple[str, ...] = ()
    rows = []
    # Formatted but empty rows still take time to read: stop well after the last allowed row.
    hard_stop = max_rows * 2 + 1000
    for row_number, cells in records:
        if row_number == 1:
            headers = tuple("" if _is_empty(c) else str(c).strip().lstrip("\ufeff") for c in cells)
            continue
        if row_number > hard_stop:
            raise _too_many_rows(max_rows)
        if all(_is_empty(cell) for cell in cells):
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(max_rows)
        rows.append((row_number, tuple(restore(cell) for cell in cells)))
    return headers, rows


def _read_xlsx(uploaded_file, display_name: str, sheet_name: str | None, max_rows: int):
    import zipfile

    from openpyxl import load_workbook

    damaged = ValidationError(
        _("“%(name)s” looks like an Excel workbook but cannot be read; it may be damaged."),
        code="bad_document",
        params={"name": display_name},
    )
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise damaged
        uploaded_file.seek(0)
        workbook = load_workbook(uploaded_file, read_only=True, data_only=True)
    except ValidationError:
        raise
    except Exception:  # openpyxl reports broken files with many exception types
        raise damaged from None
    try:
        sheet = _pick_sheet(workbook, sheet_name)
        records = (
            (number, cells)
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        try:
            return _collect(records, max_rows)
        except ValidationError:
            raise
        except Exception:
            raise damaged from None
    finally:
        workbook.close()
        uploaded_file.seek(0)


def _pick_sheet(workbook, sheet_name: str | None):
    sheets = workbook.worksheets
    if sheet_name:
        for sheet in sheets:
            if sheet.title.strip().casefold() == sheet_name.casefold():
                return sheet
        if len(sheets) != 1:
            raise ValidationError(
                _("The workbook has no sheet called “%(wanted)s”; its sheets are: %(sheets)s."),
                code="no_sheet",
                params={"wanted": sheet_name, "sheets": ", ".join(s.title for s in sheets)},
            )
    return sheets[0] if workbook.active is None else workbook.active


def _read_csv(uploaded_file, display_name: str, max_rows: int):
    uploaded_file.seek(0)
    try:
        text = uploaded_file.read().decode("utf-8-sig")  # validate_upload checked it is UTF-8
    finally:
        uploaded_file.seek(0)
    first_line = text.split("\n", 1)[0]
    # Excel writes ";" where the decimal separator is a comma (Italy), "," elsewhere.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _collect(
            ((number, tuple(cells)) for number, cells in enumerate(reader, 1)), max_rows
        )
    except csv.Error:
        raise ValidationError(
            _("“%(name)s” is not a well-formed CSV file (check the quotes)."),
            code="bad_csv",
            params={"name": display_name},
        ) from None


# --- Refusing an import ------------------------------------------------------------------------


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


def file_problem(message: str) -> ImportRefused:
    """A refusal of the file as a whole (not one of its rows)."""
    return ImportRefused([Problem(None, "", "", message)])


def column_letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters
