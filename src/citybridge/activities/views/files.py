"""Downloads of an activity: the agenda as PDF, the participants as CSV and XLSX.

The participant list is built once, as rows (:func:`participant_rows`), and each format
only renders those rows (``core.tabular.render_csv``, ``render_xlsx``), so the two files
cannot drift apart. Participant lists hold personal data: only people who may change the activity
get them, and responses are never cached.
"""

from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from citybridge.activities import selectors
from citybridge.activities.models import Activity
from citybridge.activities.pdf import (
    by_delegation,
    ordered_participations,
    render_agenda_pdf,
)
from citybridge.activities.times import to_zone
from citybridge.core.i18n import localize
from citybridge.core.tabular import XLSX_TYPE, Row, RowKind, render_csv, render_xlsx
from citybridge.core.tabular import row as _row
from citybridge.core.views import require

# --- Rows ----------------------------------------------------------------------------------


def _local(moment, zone: ZoneInfo) -> str:
    return to_zone(moment, zone.key).strftime("%Y-%m-%d %H:%M") if moment else ""


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


# --- Views ---------------------------------------------------------------------------------


def _activity(pk: int) -> Activity:
    try:
        return selectors.activity_detail(pk)
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
