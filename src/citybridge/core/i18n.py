"""Translated content: one approach for the whole project.

Every human text field is a django-i18nfield ``I18nCharField``/``I18nTextField``: a JSON object
``{"en": "…", "it": "…", "ja": "…"}`` in one column, so adding a deployment language needs no
schema change. Reading a text goes through :func:`localize`, which walks the fallback chain
requested → English → any other language and says which language it actually returned, so
pages can mark a fallback as "not yet translated".
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from i18nfield.strings import LazyI18nString

FALLBACK_LANGUAGE = "en"


@dataclass(frozen=True)
class Localized:
    text: str
    language: str  # the language of ``text``; "" when there is no text at all
    requested: str

    @property
    def is_fallback(self) -> bool:
        return bool(self.text) and self.language.split("-")[0] != self.requested.split("-")[0]

    def __str__(self) -> str:
        return self.text


def as_dict(value) -> dict[str, str]:
    """The translations of a stored value as a plain dict (empty strings dropped)."""
    if value is None:
        return {}
    if isinstance(value, str):
        value = LazyI18nString(value)  # parses a JSON object; keeps a plain string as it is
    if isinstance(value, LazyI18nString):
        value = value.data
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if v}
    if isinstance(value, str) and value:
        return {FALLBACK_LANGUAGE: value}
    return {}


def localize(value, language: str | None = None) -> Localized:
    """Return the text of ``value`` in ``language`` (default: the active one), with fallback."""
    requested = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    data = as_dict(value)
    base = requested.split("-")[0]
    for code in (requested, base, FALLBACK_LANGUAGE):
        if data.get(code):
            return Localized(data[code], code, requested)
    for code, text in data.items():
        return Localized(text, code, requested)
    return Localized("", "", requested)


def i18n(**translations: str) -> LazyI18nString:
    """Build a translated value in code: ``i18n(en="Social inclusion", it="Inclusione sociale")``."""
    return LazyI18nString({k.replace("_", "-"): v for k, v in translations.items() if v})
