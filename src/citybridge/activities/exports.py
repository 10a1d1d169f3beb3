"""Downloads of an activity: the agenda as PDF, the participants as CSV and XLSX.

The participant list is built once, as rows (:func:`participant_rows`), and each format
only renders those rows (:func:`render_csv`, :func:`render_xlsx`), so the two files cannot
drift apart. Participant lists hold personal data: only people who may change the activity
get them, and responses are never cached.
"""

import csv
import io
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from citybridge.activities.models import Activity
from citybridge.activities.pdf import (
    activity_for_export,
    by_delegation,
    ordered_participations,
    render_agenda_pdf,
)
from citybridge.core.i18n import localize
from citybridge.core.views import require

# --- Rows ----------------------------------------------------------------------------------

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


def _row(*cells, kind: RowKind = RowKind.DATA) -> Row:
    return Row(tuple(neutralise(cell) for cell in cells), kind)


def _local(moment, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def participant_rows(activity: Activity) -> Iterator[Row]:
    """The participant list in the active language: a header, one row per participant, then
    a block of counts by delegation city.

    Arrival and departure are in the host city's time zone, named in the header.
    """
    zone_name = activity.host_city.time_zone
    zone = ZoneInfo(zone_name)
    participations = ordered_participations(activity)
    yield _row(
        _("Name"),
        _("Role"),
        _("Organisation"),
        _("Delegation"),
        _("E-mail"),
        _("Arrival (%(zone)s)") % {"zone": zone_name},
        _("Departure (%(zone)s)") % {"zone": zone_name},
        kind=RowKind.HEADER,
    )
    for participation in participations:
        person = participation.person
        yield _row(
            person.name,
            str(participation.get_role_display()),
            localize(person.organisation.name).text if person.organisation_id else "",
            localize(participation.city.name).text if participation.city_id else "",
            person.email,
            _local(participation.arrives_at, zone),
            _local(participation.departs_at, zone),
        )
    yield Row((), RowKind.BLANK)
    yield _row(_("Delegation"), _("Participants"), kind=RowKind.HEADER)
    for group in by_delegation(participations):
        city = localize(group.city.name).text if group.city else _("No delegation")
        yield _row(city, len(group.participations))
    yield _row(_("Total"), len(participations))


# --- Renderers -----------------------------------------------------------------------------


def render_csv(rows: Iterable[Row]) -> bytes:
    """CSV in UTF-8 with a byte-order mark, so Excel opens Japanese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row.cells)
    return buffer.getvalue().encode("utf-8-sig")


def _display_width(value) -> int:
    """Roughly how many Latin characters wide a cell is (Japanese characters count twice)."""
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def render_xlsx(rows: Iterable[Row], *, sheet_title: str) -> bytes:
    """An Excel workbook of one sheet: header rows bold, first row frozen, columns sized."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    # Sheet names: at most 31 characters, none of []:*?/\
    sheet.title = sheet_title.translate(str.maketrans("", "", "[]:*?/\\"))[:31] or "Sheet"
    workbook.properties.creator = "CityBridge"
    bold = Font(bold=True)
    widths: dict[int, int] = {}
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row.cells, start=1):
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            cell = sheet.cell(row=row_number, column=column, value=value)
            if row.kind == RowKind.HEADER:
                cell.font = bold
            widths[column] = max(widths.get(column, 0), _display_width(value))
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 10), 60)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Views ---------------------------------------------------------------------------------

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _activity(pk: int) -> Activity:
    try:
        return activity_for_export(pk)
    except Activity.DoesNotExist:
        raise Http404 from None


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_safe
@cache_control(private=True)
def agenda_pdf(request, pk):
    """The agenda in the language of the address; ``?participants=1`` adds the delegation
    for those who may change the activity."""
    activity = _activity(pk)
    if not request.user.has_perm("activities.view_activity", activity):
        # Like a proposed pairing's page: the public gets "not found", not a hint it exists.
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    include_participants = request.GET.get("participants") == "1"
    if include_participants:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require(request.user, "activities.change_activity", activity)
    language = get_language()
    pdf = render_agenda_pdf(activity, language=language, include_participants=include_participants)
    return _attachment(pdf, "application/pdf", f"agenda-{activity.pk}-{language}.pdf")


def _managed_activity(request, pk: int) -> Activity:
    activity = _activity(pk)
    require(request.user, "activities.change_activity", activity)
    return activity


@require_safe
@login_required
@never_cache
def participants_csv(request, pk):
    activity = _managed_activity(request, pk)
    return _attachment(
        render_csv(participant_rows(activity)),
        "text/csv; charset=utf-8",
        f"participants-{activity.pk}-{get_language()}.csv",
    )


@require_safe
@login_required
@never_cache
def participants_xlsx(request, pk):
    activity = _managed_activity(request, pk)
    return _attachment(
        render_xlsx(participant_rows(activity), sheet_title=_("Participants")),
        XLSX_TYPE,
        f"participants-{activity.pk}-{get_language()}.xlsx",
    )
