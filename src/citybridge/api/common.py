"""Pieces shared by the API routers: the language parameter and translated text output.

Endpoints declare ``lang: LangParam`` so a bad language is refused with a 422; schemas type
translated fields as ``TranslatedText``, which turns the stored value into a ``Text`` in that
language while the response is validated, so the paginator can slice the queryset first.
"""

from enum import Enum
from typing import Annotated

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from ninja import Field, Query, Schema
from ninja.conf import settings as ninja_settings
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator, ValidationInfo

from citybridge.core.i18n import localize

Language = Enum(
    "Language", {code.replace("-", "_"): code for code, _ in settings.LANGUAGES}, type=str
)


class LanguageQuery(Schema):
    lang: Language = Language("en")  # type: ignore[valid-type]


LangParam = Query[LanguageQuery]


class Text(Schema):
    """A translated text: ``language`` is the one the text is in (it may be a fallback)."""

    text: str
    language: str


def text(value, request) -> Text | None:
    shown = localize(value, request.GET.get("lang") or "en" if request is not None else "en")
    return Text(text=shown.text, language=shown.language) if shown.text else None


def _translate(value, info: ValidationInfo):
    """Turn a stored translated value into ``Text`` in the language the request asked for."""
    if isinstance(value, Text):
        return value
    request = (info.context or {}).get("request")
    return text(value, request)


# Use as the type of any translated field in a response schema.
TranslatedText = Annotated[Text | None, BeforeValidator(_translate)]


# The API is public and read without login: it answers what the portal shows a visitor who is
# not signed in, by asking the portal's selectors on behalf of this user, whoever calls.
ANONYMOUS = AnonymousUser()

MAX_INT = 2**63 - 1


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination, with an offset the database can hold (a huge offset
    is a 422, not a database overflow)."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=ninja_settings.PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_INT // 2)


def get_or_404(queryset, **lookup):
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        name = queryset.model._meta.verbose_name
        raise HttpError(404, f"No published {name} matches {lookup}.") from None
