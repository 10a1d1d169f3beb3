"""Importing applications from a spreadsheet, for a programme whose cities applied through
another form (a survey tool, e-mails, a spreadsheet kept by hand).

The file is an Excel workbook (.xlsx, its first sheet) or a CSV file (UTF-8, a byte-order mark
is fine), read by ``core.tabular.read_table``: its content decides what it is, never its name.
Its first row names the columns (:func:`columns`), in any order, not case-sensitive
("Contact name" = "contact_name", "challenges (ja)" = "challenges_ja").

All or nothing, like the action plan import (``plans.spreadsheets``): every row is checked
first, without writing. If any row has a problem, :class:`ImportRefused` lists every problem
with its row (as numbered in the spreadsheet, the header being row 1) and column, and nothing is
created. Otherwise all the applications are created in one transaction. The call's deadline does
not apply: the coordinators import on the cities' behalf.

Contacts: a person of the applicant city (or of no organisation) with the same e-mail address
is reused as they are; otherwise a person is added to the directory, without an organisation,
with the staff languages as their languages (the decision e-mail goes out in the first of them
that the site is translated into).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from i18nfield.strings import LazyI18nString

from citybridge.calls.enums import ApplicationStatus
from citybridge.calls.imports.checks import _Parsed, check_rows
from citybridge.calls.imports.columns import (
    MAX_ROWS,
    column_names,
    columns,
    template_rows,
)
from citybridge.calls.models import Application, ApplicationTheme, Call
from citybridge.core.tabular import ImportRefused, Problem, file_problem, read_table
from citybridge.directory.models import Person

# Where the views and tests have always found them.
__all__ = [
    "MAX_ROWS",
    "ImportRefused",
    "Problem",
    "check_rows",
    "column_names",
    "columns",
    "import_applications",
    "import_limit_bytes",
    "template_rows",
]


# --- Creating ------------------------------------------------------------------------------


def import_limit_bytes() -> int:
    return settings.CITYBRIDGE_MAX_UPLOAD_MB * 1024 * 1024


def import_applications(call: Call, uploaded_file, *, by) -> list[Application]:
    """Create an application per row of ``uploaded_file`` (XLSX or CSV), all or nothing.

    Raises ``PermissionDenied`` unless ``by`` manages the call, and ``ImportRefused`` with every
    problem found (the file itself, its columns, each row), creating nothing. Side effects
    otherwise: the applications (``created_by`` = ``by``; submitted ones with the time of the
    import), their ranked themes and the new contact persons, in one transaction.
    """
    if not by.has_perm("calls.manage_call", call):
        raise PermissionDenied
    try:
        table = read_table(uploaded_file, max_rows=MAX_ROWS, max_bytes=import_limit_bytes())
    except ValidationError as error:
        raise ImportRefused([Problem(None, "", "", m) for m in error.messages]) from None
    rows = check_rows(call, table)
    try:
        with transaction.atomic():
            return _create(call, rows, by=by)
    except IntegrityError:
        # Someone applied (or imported) for one of these cities while we were checking.
        raise file_problem(
            _(
                "An application for one of these cities was created meanwhile; nothing was "
                "imported. Please import the file again."
            )
        ) from None


def _create(call: Call, rows: list[_Parsed], *, by) -> list[Application]:
    now = timezone.now()
    contacts = _contacts(rows)
    applications = Application.objects.bulk_create(
        Application(
            call=call,
            city=row.city,
            status=row.status,
            submitted_at=now if row.status == ApplicationStatus.SUBMITTED else None,
            staff_languages=row.staff_languages,
            contact=contacts.get(row.number),
            group_members=row.group_members,
            created_by=by,
            **{name: LazyI18nString(text) if text else None for name, text in row.texts.items()},
        )
        for row in rows
    )
    ApplicationTheme.objects.bulk_create(
        ApplicationTheme(application=application, theme=theme, rank=rank)
        for application, row in zip(applications, rows, strict=True)
        for rank, theme in enumerate(row.themes, start=1)
    )
    return applications


def _contacts(rows: list[_Parsed]) -> dict[int, Person]:
    """The contact person of each row (by row number): reused when the city (or nobody's
    organisation) already has a person with that address, added otherwise."""
    wanted = [row for row in rows if row.contact_email]
    emails = {row.contact_email.lower() for row in wanted}
    known: dict[tuple[str, int | None], Person] = {}
    for person in (
        Person.objects.annotate(address=Lower("email"))
        .filter(address__in=emails)
        .select_related("organisation")
        .order_by("id")
    ):
        city_id = person.organisation.city_id if person.organisation_id else None
        known.setdefault((person.address, city_id), person)
    contacts, new = {}, {}
    for row in wanted:
        address = row.contact_email.lower()
        person = known.get((address, row.city.pk)) or known.get((address, None))
        if person is None:
            person = new.get(address)
        if person is None:
            person = new[address] = Person(
                name=row.contact_name,
                email=row.contact_email,
                languages=row.staff_languages,
            )
        contacts[row.number] = person
    Person.objects.bulk_create(new.values())
    return contacts
