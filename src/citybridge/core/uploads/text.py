"""Plain text and CSV: UTF-8 only, no control characters."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.kinds import _ALLOWED_TYPES, _CSV, _TEXT, _Detected

if TYPE_CHECKING:
    pass

_TEXT_SAMPLE = 64 * 1024


def _detect_text(uploaded_file, display_name: str) -> _Detected:
    uploaded_file.seek(0)
    data = uploaded_file.read()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _not_utf8(display_name)
    if b"\x00" in data:
        raise ValidationError(_ALLOWED_TYPES, code="unknown_type")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        # Text in another encoding (an Excel CSV in Windows-1252) rather than binary data?
        if _control_share(data[:_TEXT_SAMPLE].decode("latin-1")) < 0.01:
            raise _not_utf8(display_name) from None
        raise ValidationError(_ALLOWED_TYPES, code="unknown_type") from None
    sample = text[:_TEXT_SAMPLE]
    if _control_share(sample) >= 0.01:
        raise ValidationError(_ALLOWED_TYPES, code="unknown_type")
    return _CSV if _looks_like_csv(sample, complete=len(text) <= _TEXT_SAMPLE) else _TEXT


def _control_share(text: str) -> float:
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f\v\x1a\x1b")
    return controls / max(len(text), 1)


def _looks_like_csv(sample: str, *, complete: bool) -> bool:
    """At least two lines with the same number (≥ 2) of fields for one common delimiter."""
    lines = [line for line in sample.splitlines() if line.strip()]
    if not complete:
        lines = lines[:-1]  # the last line of a sample may be cut short
    lines = lines[:20]
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t"):
        try:
            widths = {len(row) for row in csv.reader(lines, delimiter=delimiter)}
        except csv.Error:
            continue
        if len(widths) == 1 and widths.pop() >= 2:
            return True
    return False


def _not_utf8(display_name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is a text file that is not saved as UTF-8. Please save it again as "
            "UTF-8 (in Excel: “CSV UTF-8”)."
        ),
        code="not_utf8",
        params={"name": display_name},
    )
