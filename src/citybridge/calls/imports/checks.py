"""Checking every row of an applications import before anything is created."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext as _

from citybridge.calls.enums import ApplicationStatus
from citybridge.calls.imports.columns import (
    MAX_THEMES,
    TEXTS,
    _as_text,
    _header_name,
    column_names,
    languages,
)
from citybridge.calls.models import Call
from citybridge.core.i18n import localize
from citybridge.core.limits import LONG_TEXT_LENGTH, NAME_LENGTH, TextLengthValidator, clean_line
from citybridge.core.tabular import ImportRefused, Problem, column_letter, file_problem
from citybridge.directory.models import City, Person

MAX_GROUP_MEMBERS = 20  # as many as the application form takes

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
                    column_letter(index),
                    _("Unknown column “%(header)s”. The columns are listed on this page.")
                    % {"header": header},
                )
            )
        elif name in found:
            problems.append(
                Problem(
                    1,
                    str(header),
                    column_letter(index),
                    _("The column “%(header)s” appears twice (also in column %(other)s).")
                    % {"header": header, "other": column_letter(found[name])},
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
        raise file_problem(_("The file has the column names but no application below them."))

    def values_of(cells) -> dict[str, str]:
        return {name: _as_text(cells[i]) if i < len(cells) else "" for name, i in where.items()}

    rows = [(number, values_of(cells), cells) for number, cells in table.rows]
    lookups = _Lookups(call, [values["city"] for _number, values, _cells in rows])
    letters = {name: column_letter(index) for name, index in where.items()}
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
                        column_letter(index),
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
        for code, text in texts[name].items():
            try:
                TextLengthValidator(LONG_TEXT_LENGTH)(text)  # as the application form
            except ValidationError as error:
                problem(f"{name}_{code}", error.messages[0])
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
        name = clean_line(name)  # as forms clean names
        digits = re.sub(r"[\s,.'_]", "", population)
        if not name or not digits.isdigit() or int(digits) == 0:
            problem(
                "group_members",
                _("“%(value)s” should be a name and a population, such as “Camerano:7000”.")
                % {"value": part},
            )
            continue
        try:
            TextLengthValidator(NAME_LENGTH)(name)  # as the application form
        except ValidationError as error:
            problem("group_members", error.messages[0])
            continue
        members.append({"name": name, "population": int(digits)})
    if len(members) > MAX_GROUP_MEMBERS:
        problem(
            "group_members",
            _("Give at most %(limit)s cities in a group.") % {"limit": MAX_GROUP_MEMBERS},
        )
    return members
