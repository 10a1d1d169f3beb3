"""Refusals shared by every kind of file, and the names and sizes they show."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.kinds import _MB, DISPLAY_NAME_MAX_LENGTH

if TYPE_CHECKING:
    pass


def _claimed_label(claimed: str) -> str | None:
    """What the client's file name says the file is, for messages only."""
    labels = {
        ".pdf": _("a PDF"),
        ".png": _("a PNG image"),
        ".jpg": _("a JPEG image"),
        ".jpeg": _("a JPEG image"),
        ".gif": _("a GIF image"),
        ".webp": _("a WebP image"),
        ".docx": _("a Word document"),
        ".xlsx": _("an Excel spreadsheet"),
        ".pptx": _("a PowerPoint presentation"),
        ".odt": _("an OpenDocument text"),
        ".ods": _("an OpenDocument spreadsheet"),
        ".odp": _("an OpenDocument presentation"),
        ".txt": _("a text file"),
        ".csv": _("a CSV file"),
    }
    label = labels.get(claimed)
    return str(label) if label is not None else None


def _mismatch(display_name: str, claimed: str, actual: str, *, code: str) -> ValidationError | None:
    """“report.pdf” is not really a PDF: …, when the name promises an accepted type."""
    label = _claimed_label(claimed)
    if label is None:
        return None
    return ValidationError(
        _("“%(name)s” is not really %(claimed)s: its content is %(actual)s."),
        code=code,
        params={"name": display_name, "claimed": label, "actual": actual},
    )


def _bad_document(display_name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” looks like an office document but is damaged, so it cannot be opened."),
        code="bad_document",
        params={"name": display_name},
    )


# Invisible characters that can make "exe.pdf" look like "fdp.exe" (U+202E) or hide text. Zero-
# width (non-)joiners stay: Persian, Hindi and emoji need them.
_KEEP_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def _display_name(raw: str | None) -> str:
    """The client's file name made harmless for showing: base name only, no control characters,
    no leading dots, at most 120 characters (keeping the extension). May be empty."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # Windows and POSIX paths alike
    name = "".join(
        char
        for char in name
        if not unicodedata.category(char).startswith("C") or char in _KEEP_FORMAT_CHARACTERS
    )
    name = re.sub(r"^[\s.]+", "", name).rstrip()
    if len(name) > DISPLAY_NAME_MAX_LENGTH:
        suffix = PurePosixPath(name).suffix
        if len(suffix) > 16:
            suffix = ""
        name = name[: DISPLAY_NAME_MAX_LENGTH - len(suffix)].rstrip() + suffix
    return name


def _format_size(size: int, *, round_up: bool) -> str:
    """'25.3 MB', '800 KB', '12 bytes'. A file's size rounds up and a limit down, so a file
    just over the limit never reads as '20 MB; the limit is 20 MB'."""
    if size < 1024:
        return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}
    unit, template = (
        (_MB, gettext("%(size)s MB")) if size >= _MB else (1024, gettext("%(size)s KB"))
    )
    tenths = size * 10 / unit
    tenths = math.ceil(tenths) if round_up else math.floor(tenths)
    value = tenths / 10
    decimals = 0 if tenths % 10 == 0 else 1
    return template % {"size": number_format(value, decimal_pos=decimals)}
