"""Slugs, the short names in addresses (``/cities/ikoma/``), for names in any script.

A slug is ASCII. A name in Latin letters keeps its base letters (Ioánnina → ``ioannina``);
the English text comes first, then the other languages'. A name with no Latin text takes a
name the caller knows in Latin letters (a city's name in the gazetteer), else its Japanese is
romanised (生駒市 → ``ikoma``: the suffix 市, 町, 村 or 区 is left out, as the cities' own
English names do). A slug is never a meaningless "item": a name that none of this turns into
letters gets the model's name and a short fingerprint of the name (``city-3fa2c1``).
"""

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from django.utils.text import slugify

from citybridge.core.i18n import as_dict, localize

JAPANESE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A municipality's kind after its name (市 city, 町 town, 村 village, 区 ward), kept when it
# is the whole name.
_MUNICIPAL_SUFFIX = re.compile("(?<=.)[市町村区]$")


@lru_cache(maxsize=1)
def _kakasi():
    import pykakasi  # ten megabytes of dictionaries: loaded when a Japanese name needs it

    return pykakasi.kakasi()


def romanise_japanese(text: str) -> str:
    """``text`` in Hepburn romanisation, without a trailing municipal suffix."""
    stem = _MUNICIPAL_SUFFIX.sub("", text.strip())
    return " ".join(part["hepburn"] for part in _kakasi().convert(stem))


def ascii_slug(value, *, also: Iterable[str] = ()) -> str:
    """The slug of a translated value (or a plain text), "" when nothing gives one.

    ``also``: names in Latin letters to try when the value has none (read lazily, so a
    generator that looks them up costs nothing for a name that needs none).
    """
    texts = [localize(value, "en").text, *as_dict(value).values()]
    for text in (*texts, *also):
        if slug := slugify(text or ""):
            return slug
    for text in texts:
        if text and JAPANESE.search(text) and (slug := slugify(romanise_japanese(text))):
            return slug
    return ""


def unique_slug(
    instance, source, field: str = "slug", max_length: int = 80, *, also: Iterable[str] = ()
) -> str:
    """A slug for ``instance`` from ``source`` (see :func:`ascii_slug`), unique in its table."""
    model = type(instance)
    base = ascii_slug(source, also=also)[: max_length - 6].strip("-")
    if not base:
        fingerprint = hashlib.sha256(localize(source, "en").text.encode()).hexdigest()[:6]
        base = f"{model._meta.model_name}-{fingerprint}"
    slug, n = base, 1
    while model.objects.filter(**{field: slug}).exclude(pk=instance.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
