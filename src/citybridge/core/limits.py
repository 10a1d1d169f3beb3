"""Bounds on what people type, applied to every field of every form of the project.

- Texts: a maximum length on every text, per language for translated texts, shown on the
  form (the browser's ``maxlength`` and a help text "At most 2,000 characters.") and enforced
  with a message that says the limit. A field's own limit (a model's ``max_length``) is
  kept.
- Dates: between 1900-01-01 and 2100-12-31. Every date of the programme falls in it, and any
  moment in it can be shown in every time zone (year 9999 overflows in Tokyo, year 1 in
  Honolulu).
- One-line texts (names, titles): Unicode NFC, no bidirectional controls and no zero-width
  characters (which make a name that looks exactly like another), no control characters,
  one space between words; a text with nothing visible left is refused.

The shared form bases in ``core.forms`` call :func:`apply_limits`; a form that adds fields
after its base's ``__init__`` calls it again (it is idempotent). A form may choose another
length for a field by name: ``text_limits = {"comment": SHORT_TEXT_LENGTH}``.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import ErrorDict
from django.utils import formats
from django.utils.deconstruct import deconstructible
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from i18nfield.forms import I18nFormField, I18nTextarea

NAME_LENGTH = 200  # a name or a title: one line
SHORT_TEXT_LENGTH = 2_000  # a comment, a reason: a paragraph or two
LONG_TEXT_LENGTH = 20_000  # a description, minutes, a plan's context: several pages

EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Bidirectional controls (LRE…RLO, LRI…PDI, LRM, RLM, ALM), zero-width characters (ZWSP,
# ZWNJ, ZWJ, word joiner, BOM) and other invisible format characters.
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")
_DONE = "_citybridge_limits"  # marks a field already bounded, so applying twice is harmless


def clean_line(text: str) -> str:
    """A one-line text as it is stored: NFC, without invisible or control characters, with
    single spaces between words and none around them (a lone ideographic space, as between a
    Japanese family and given name, is kept)."""
    text = unicodedata.normalize("NFC", text)
    text = INVISIBLE.sub("", text)
    text = _SPACES.sub(lambda m: m.group() if m.group() in (" ", "\u3000") else " ", text)
    return _CONTROLS.sub("", text).strip()


def _number(value: int) -> str:
    return formats.number_format(value, force_grouping=True)


def _limit_help(limit: int, per_language: bool) -> str:
    if per_language:
        return _("At most %(limit)s characters in each language.") % {"limit": _number(limit)}
    return _("At most %(limit)s characters.") % {"limit": _number(limit)}


@deconstructible
class TextLengthValidator:
    """At most ``limit`` characters, counted as the browser counts them (a line break is one
    character, although the browser sends two)."""

    code = "max_length"

    def __init__(self, limit: int, language: str = ""):
        self.limit, self.language = limit, language

    def __call__(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(map(str, value))
        if not isinstance(value, str):
            return
        length = len(value.replace("\r\n", "\n"))
        if length <= self.limit:
            return
        params = {"limit": _number(self.limit), "length": _number(length)}
        if self.language:
            params["language"] = dict(settings.LANGUAGES).get(self.language, self.language)
            message = _("%(language)s: at most %(limit)s characters; this text has %(length)s.")
        else:
            message = _("At most %(limit)s characters; this text has %(length)s.")
        raise ValidationError(message, code=self.code, params=params)

    def __eq__(self, other):
        return isinstance(other, TextLengthValidator) and (self.limit, self.language) == (
            other.limit,
            other.language,
        )


@deconstructible
class DateBoundsValidator:
    """A date (or the day of a date and time) between 1900-01-01 and 2100-12-31.

    ``slack_days`` widens the range for moments stored in UTC: 1 January 1900 at 00:00 in Tokyo
    is still 31 December 1899 in UTC.
    """

    code = "date_out_of_range"

    def __init__(self, slack_days: int = 0):
        self.slack = timedelta(days=slack_days)

    def __call__(self, value):
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not (
            EARLIEST_DATE - self.slack <= day <= LATEST_DATE + self.slack
        ):
            raise ValidationError(
                _("Give a date between %(earliest)s and %(latest)s."),
                code=self.code,
                params={"earliest": EARLIEST_DATE.year, "latest": LATEST_DATE.year},
            )

    def __eq__(self, other):
        return isinstance(other, DateBoundsValidator) and self.slack == other.slack


def within_date_limits(*values) -> bool:
    """True when every given moment in UTC (None is skipped) lies within the limits."""
    try:
        for value in values:
            if value is not None:
                DateBoundsValidator(slack_days=1)(value)
    except ValidationError:
        return False
    return True


def check_date_bounds(**moments) -> None:
    """For model ``clean()``: raise one error per field whose moment (in UTC) is out of range."""
    errors = {}
    for name, value in moments.items():
        try:
            DateBoundsValidator(slack_days=1)(value)
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)


def _is_hidden_or_choice(widget) -> bool:
    return widget.is_hidden or isinstance(widget, forms.Select | forms.CheckboxSelectMultiple)


def _is_one_line(widget) -> bool:
    return not isinstance(widget, forms.Textarea | I18nTextarea | forms.PasswordInput)


def _default_limit(widget) -> int:
    return NAME_LENGTH if _is_one_line(widget) else LONG_TEXT_LENGTH


def _normalising(to_python):
    """Wrap a one-line field's ``to_python`` so that its value is :func:`clean_line`-ed."""

    def normalised(value):
        text = to_python(value)
        if not isinstance(text, str) or not text:
            return text
        cleaned = clean_line(text)
        if not cleaned:
            raise ValidationError(_("This text has no visible characters."), code="invisible")
        return cleaned

    return normalised


def _bound_text(field: forms.CharField, limit: int, language: str, one_line: bool) -> None:
    field.max_length = limit
    # Django's own validator says neither the language nor the limit in the reader's format.
    field.validators = [
        v for v in field.validators if not isinstance(v, MaxLengthValidator | TextLengthValidator)
    ] + [TextLengthValidator(limit, language)]
    if one_line:
        field.to_python = _normalising(field.to_python)


def _add_help(field: forms.Field, limit: int, per_language: bool) -> None:
    """Append "At most N characters." to the field's help, unless the field is shown by then
    as a hidden input or a list of choices (a form may change the widget after its base)."""
    own = field.help_text

    def text():
        if _is_hidden_or_choice(field.widget):
            return str(own)
        note = _limit_help(limit, per_language)
        return f"{own} {note}" if own else note

    field.help_text = lazy(text, str)()


def _limit_text(field: forms.CharField, limit: int) -> None:
    widget = field.widget
    _bound_text(field, limit, "", _is_one_line(widget))
    if _is_hidden_or_choice(widget):
        return
    widget.attrs["maxlength"] = str(limit)
    # An address (e-mail, web) is never near its limit: the browser's maxlength is enough.
    if getattr(widget, "input_type", "") not in ("email", "url"):
        _add_help(field, limit, per_language=False)


def _limit_translated(field: I18nFormField, limit: int | None) -> None:
    one_line = _is_one_line(field.widget)
    for subfield, widget in zip(field.fields, field.widget.widgets, strict=True):
        length = limit or subfield.max_length or _default_limit(field.widget)
        _bound_text(subfield, length, subfield.locale, one_line)
        widget.attrs["maxlength"] = str(length)
    _add_help(field, max(f.max_length for f in field.fields), per_language=True)


def _limit_dates(field: forms.Field) -> None:
    if not any(isinstance(v, DateBoundsValidator) for v in field.validators):
        field.validators = [*field.validators, DateBoundsValidator()]
    if isinstance(field, forms.DateTimeField):
        low, high = f"{EARLIEST_DATE.isoformat()}T00:00", f"{LATEST_DATE.isoformat()}T23:59"
    else:
        low, high = EARLIEST_DATE.isoformat(), LATEST_DATE.isoformat()
    field.widget.attrs.setdefault("min", low)
    field.widget.attrs.setdefault("max", high)


def apply_limits(form: forms.BaseForm) -> None:
    """Bound every text and date field of ``form`` (see the module's docstring)."""
    chosen = getattr(form, "text_limits", {})
    for name, field in form.fields.items():
        if getattr(field, _DONE, False):
            continue
        # The form's choice, else the field's own (a model's max_length), else the table's.
        limit = chosen.get(name)
        if isinstance(field, I18nFormField):
            _limit_translated(field, limit)
        elif isinstance(field, forms.CharField):
            _limit_text(field, limit or field.max_length or _default_limit(field.widget))
        elif isinstance(field, forms.DateField | forms.DateTimeField):
            _limit_dates(field)
        setattr(field, _DONE, True)


class BoundedFormMixin:
    """Part of every shared form base (``core.forms``), which also call :func:`apply_limits`
    at the end of their ``__init__``.

    Validation applies the limits again, for fields a form added after its base's
    ``__init__``. A model's validation errors are shown on the form fields the person typed:
    a model's ``clean()`` names its own fields (``ends_at``); a form that types them as other
    fields (a day and a time) maps them with ``model_error_fields = {"ends_at": "end_day"}``.
    An error about a field the form does not have goes to the top of the form instead of
    crashing the page, and a message already shown on a field is not repeated.
    """

    model_error_fields: dict[str, str] = {}

    def full_clean(self):
        apply_limits(self)
        super().full_clean()

    def add_error(self, field, error):
        if field is None and isinstance(error, dict | ValidationError):
            by_field = error if isinstance(error, dict) else getattr(error, "error_dict", None)
            if by_field is not None:
                for name, errors in by_field.items():
                    self._add_mapped(name, errors)
                return
        if field is not None:
            self._add_mapped(field, error)
            return
        super().add_error(field, error)

    def _add_mapped(self, name, errors):
        from django.forms.forms import NON_FIELD_ERRORS

        target = name
        if name not in self.fields and name != NON_FIELD_ERRORS:
            target = self.model_error_fields.get(name, NON_FIELD_ERRORS)
            if target not in self.fields:
                target = NON_FIELD_ERRORS
        if not isinstance(errors, ValidationError):
            errors = ValidationError(errors)
        shown = set((self._errors or ErrorDict()).get(target, []))
        fresh = [e for e in errors.error_list if ValidationError(e).messages[0] not in shown]
        if fresh:
            super().add_error(None if target == NON_FIELD_ERRORS else target, fresh)
