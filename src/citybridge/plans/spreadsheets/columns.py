"""The columns of the plan workbook, described once for the export, the import checks and the
help on the import page."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy

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
