"""The columns of an applications import, the template, and the problems reported on rows."""

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citybridge.core.tabular import Row, RowKind

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
