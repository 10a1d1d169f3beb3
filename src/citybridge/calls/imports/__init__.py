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

import re
import string
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from i18nfield.strings import LazyI18nString

from citybridge.calls.enums import ApplicationStatus
from citybridge.calls.models import Application, ApplicationTheme, Call
from citybridge.core.i18n import localize
from citybridge.core.tabular import Row, RowKind, read_table
from citybridge.directory.models import City, Person

MAX_ROWS = 5_000
MAX_THEMES = 20  # ApplicationTheme.rank goes up to 20
TEXTS = {
    "challenges": gettext_lazy("The challenges the city faces"),
    "practices": gettext_lazy("The practices the city can offer"),
    "motivation": gettext_lazy("The motivation"),
}


# --- Columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column, or a group of columns per language, as the import page explains them."""

    names: tuple[str, ...]
    description: str
    required: str = ""  # when it is required, in words; "" when optional


def languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def columns() -> list[Column]:
    """Every column the file may have, documented for the page."""
    codes = languages()
    return [
        Column(
            ("city",),
            _(
                "The city, as its GeoNames id (3183089) or its short name in addresses "
                "(ancona). It must be in the directory, in a country of the call, and must not "
                "have applied to this call already."
            ),
            _("always"),
        ),
        Column(
            ("themes",),
            _(
                "Themes of the call by their English names, most important first, separated "
                "by semicolons: “Clean energy and climate change; Social inclusion”."
            ),
            _("when submitted"),
        ),
        *(
            Column(
                tuple(f"{name}_{code}" for code in codes),
                _("%(text)s, one column per language; any language may stay empty.")
                % {"text": label},
                _("when submitted, in at least one language"),
            )
            for name, label in TEXTS.items()
        ),
        Column(
            ("staff_languages",),
            _("Working languages of the staff as language codes, separated by commas: “ja, en”."),
            _("when submitted"),
        ),
        Column(("contact_name",), _("Name of the contact person."), _("when submitted")),
        Column(
            ("contact_email",),
            _("E-mail address of the contact person; the selection decision is sent there."),
            _("when submitted"),
        ),
        Column(
            ("group_members",),
            _(
                "For a group of municipalities: the other members with their populations, "
                "separated by semicolons: “Camerano:7000; Sirolo:4000”."
            ),
        ),
        Column(
            ("status",),
            _(
                "“draft” or “submitted”; empty means draft. Submitted applications must be complete."
            ),
        ),
    ]


def column_names() -> list[str]:
    return [name for column in columns() for name in column.names]


def template_rows():
    """An empty file with the column names, for ``core.tabular.render_csv``/``render_xlsx``."""
    yield Row(tuple(column_names()), RowKind.HEADER)


def _header_name(cell) -> str:
    text = str(cell or "").strip().lower()
    match = re.fullmatch(r"(.+?)\s*\(\s*([a-z]{2,3}(?:[-_][a-z0-9]+)?)\s*\)", text)
    if match:  # "challenges (ja)", as the plan workbooks write translated columns
        text = f"{match.group(1)}_{match.group(2)}"
    return re.sub(r"[\s\-]+", "_", text)


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


def _as_text(value) -> str:
    """A cell as text: XLSX cells keep their types (a GeoNames id typed as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


# --- Problems --------------------------------------------------------------------------------


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


def _file_problem(message: str) -> ImportRefused:
    return ImportRefused([Problem(None, "", "", message)])


# --- Checking the rows ---------------------------------------------------------------------


@dataclass
class _Parsed:
    number: int
    city: City
    themes: list = field(default_factory=list)
    texts: dict = field(default_factory=dict)
    staff_languages: list = field(default_factory=list)
    contact_name: str = ""
    contact_email: str = ""
    group_members: list = field(default_factory=list)
    status: str = ApplicationStatus.DRAFT


class _Lookups:
    """What the rows are checked against, read in a few queries for the whole file."""

    def __init__(self, call: Call, city_values: list[str]):
        self.call = call
        ids = {int(v) for v in city_values if v.isdigit()}
        slugs = {v.lower() for v in city_values if v and not v.isdigit()}
        self.by_geonames, self.by_slug = {}, {}
        for city in City.objects.filter(Q(geonames_id__in=ids) | Q(slug__in=slugs)):
            if city.geonames_id is not None:
                self.by_geonames[city.geonames_id] = city
            self.by_slug[city.slug] = city
        self.themes = {}
        for theme in call.themes.all():
            self.themes.setdefault(_theme_key(localize(theme.name, "en").text), theme)
        self.theme_names = sorted(localize(t.name, "en").text for t in self.themes.values())
        self.applied = set(call.applications.values_list("city_id", flat=True))
        self.city_rows: dict[int, int] = {}  # city id -> first row naming it


def _theme_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _match_headers(headers) -> dict[str, int]:
    """Column name → its position; raises ImportRefused listing every header problem."""
    known = {_header_name(name): name for name in column_names()}
    found: dict[str, int] = {}
    problems = []
    for index, header in enumerate(headers):
        if not _header_name(header):
            continue
        name = known.get(_header_name(header))
        if name is None:
            problems.append(
                Problem(
                    1,
                    str(header),
                    _letter(index),
                    _("Unknown column “%(header)s”. The columns are listed on this page.")
                    % {"header": header},
                )
            )
        elif name in found:
            problems.append(
                Problem(
                    1,
                    str(header),
                    _letter(index),
                    _("The column “%(header)s” appears twice (also in column %(other)s).")
                    % {"header": header, "other": _letter(found[name])},
                )
            )
        else:
            found[name] = index
    if "city" not in found:
        problems.append(Problem(1, "city", "", _("The column “city” is missing.")))
    if problems:
        raise ImportRefused(problems)
    return found


def check_rows(call: Call, table) -> list[_Parsed]:
    """Read and check every row of ``table`` (``core.tabular.Table``) without writing;
    raises ImportRefused with every problem found."""
    where = _match_headers(table.headers)
    if not table.rows:
        raise _file_problem(_("The file has the column names but no application below them."))

    def values_of(cells) -> dict[str, str]:
        return {name: _as_text(cells[i]) if i < len(cells) else "" for name, i in where.items()}

    rows = [(number, values_of(cells), cells) for number, cells in table.rows]
    lookups = _Lookups(call, [values["city"] for _number, values, _cells in rows])
    letters = {name: _letter(index) for name, index in where.items()}
    named = set(where.values())
    parsed, problems = [], []
    for number, values, cells in rows:
        before = len(problems)
        for index, cell in enumerate(cells):
            if index not in named and _as_text(cell):
                problems.append(
                    Problem(
                        number,
                        "",
                        _letter(index),
                        _("This cell is in a column without a name in the first row."),
                    )
                )
        row = _check_row(number, values, lookups, letters, problems)
        if row is not None and len(problems) == before:
            parsed.append(row)
    if problems:
        raise ImportRefused(problems)
    return parsed


def _check_row(number: int, values: dict[str, str], lookups: _Lookups, letters, problems):
    """The row's application, or None when its city is unusable; problems are appended."""

    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, letters.get(column, ""), message))

    status = values.get("status", "").lower() or ApplicationStatus.DRAFT
    if status not in ApplicationStatus.values:
        problem("status", _("Write “draft” or “submitted”."))
    submitted = status == ApplicationStatus.SUBMITTED

    city = _check_city(values.get("city", ""), number, lookups, problem)

    themes, named = [], [p.strip() for p in values.get("themes", "").split(";") if p.strip()]
    for name in named:
        theme = lookups.themes.get(_theme_key(name))
        if theme is None:
            problem(
                "themes",
                _("“%(name)s” is not a theme of this call. Its themes are: %(themes)s.")
                % {"name": name, "themes": "; ".join(lookups.theme_names) or "—"},
            )
        elif theme in themes:
            problem("themes", _("“%(name)s” is given twice.") % {"name": name})
        else:
            themes.append(theme)
    if len(themes) > MAX_THEMES:
        problem("themes", _("Give at most %(limit)s themes.") % {"limit": MAX_THEMES})
    if submitted and not named:
        problem("themes", _("A submitted application needs at least one theme."))

    texts = {}
    for name, label in TEXTS.items():
        texts[name] = {
            code: values[f"{name}_{code}"] for code in languages() if values.get(f"{name}_{code}")
        }
        if submitted and not texts[name]:
            problem(
                f"{name}_en",
                _("A submitted application needs %(text)s in at least one language.")
                % {"text": str(label).lower()},
            )

    staff_languages = []
    for code in [c.strip().lower() for c in values.get("staff_languages", "").split(",")]:
        if code and code not in staff_languages:
            staff_languages.append(code)
    unknown = [code for code in staff_languages if code not in settings.KNOWN_LANGUAGES]
    if unknown:
        problem(
            "staff_languages",
            _("Unknown language codes: %(codes)s. Use codes such as %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(settings.KNOWN_LANGUAGES)},
        )
    elif submitted and not staff_languages:
        problem("staff_languages", _("A submitted application needs the staff's languages."))

    contact_name = values.get("contact_name", "")
    contact_email = values.get("contact_email", "")
    if contact_email:
        try:
            validate_email(contact_email)
            if len(contact_email) > Person._meta.get_field("email").max_length:
                raise ValidationError("too long")
        except ValidationError:
            problem(
                "contact_email",
                _("“%(value)s” is not an e-mail address.") % {"value": contact_email},
            )
    if len(contact_name) > Person._meta.get_field("name").max_length:
        problem("contact_name", _("The name is too long."))
    if contact_email and not contact_name:
        problem("contact_name", _("Give the contact person's name with the e-mail address."))
    if contact_name and not contact_email:
        problem("contact_email", _("Give the contact person's e-mail address with the name."))
    if submitted and not contact_name and not contact_email:
        problem("contact_email", _("A submitted application needs a contact person."))

    group_members = _check_group(values.get("group_members", ""), problem)

    if city is None:
        return None
    return _Parsed(
        number=number,
        city=city,
        themes=themes,
        texts=texts,
        staff_languages=staff_languages,
        contact_name=contact_name,
        contact_email=contact_email,
        group_members=group_members,
        status=status,
    )


def _check_city(value: str, number: int, lookups: _Lookups, problem) -> City | None:
    if not value:
        problem("city", _("Give the city's GeoNames id or short name."))
        return None
    if value.isdigit():
        city = lookups.by_geonames.get(int(value))
        if city is None:
            problem(
                "city", _("No city in the directory has the GeoNames id %(id)s.") % {"id": value}
            )
            return None
    else:
        city = lookups.by_slug.get(value.lower())
        if city is None:
            problem(
                "city",
                _("No city in the directory has the short name “%(slug)s”.") % {"slug": value},
            )
            return None
    if lookups.call.side_of(city.country.code) is None:
        problem(
            "city",
            _("%(city)s is in %(country)s, which is not among the countries of this call.")
            % {"city": city, "country": city.country.name},
        )
    if city.pk in lookups.applied:
        problem("city", _("%(city)s has already applied to this call.") % {"city": city})
    first = lookups.city_rows.setdefault(city.pk, number)
    if first != number:
        problem("city", _("%(city)s is already on row %(row)s.") % {"city": city, "row": first})
    return city


def _check_group(value: str, problem) -> list[dict]:
    members = []
    for part in [p.strip() for p in value.split(";") if p.strip()]:
        name, _sep, population = part.rpartition(":")
        digits = re.sub(r"[\s,.'_]", "", population)
        if not name.strip() or not digits.isdigit() or int(digits) == 0:
            problem(
                "group_members",
                _("“%(value)s” should be a name and a population, such as “Camerano:7000”.")
                % {"value": part},
            )
            continue
        members.append({"name": name.strip(), "population": int(digits)})
    return members


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
        raise _file_problem(
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
