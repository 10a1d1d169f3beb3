"""What an upload may be: the kinds, the checked result, the formats recognised and the limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

_MB = 1024 * 1024


class UploadKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    IMAGE = "image", _("Image")
    DOCUMENT = "document", _("Document")
    SPREADSHEET = "spreadsheet", _("Spreadsheet")
    PRESENTATION = "presentation", _("Presentation")
    TEXT = "text", _("Text")


@dataclass(frozen=True)
class CheckedUpload:
    """What an accepted upload really is. Store it under ``safe_name``; show ``display_name``."""

    kind: UploadKind
    mime_type: str
    extension: str
    safe_name: str
    display_name: str
    size: int
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True)
class _Detected:
    kind: UploadKind
    mime_type: str
    extension: str
    width: int | None = None
    height: int | None = None


_PDF = _Detected(UploadKind.PDF, "application/pdf", ".pdf")


_TEXT = _Detected(UploadKind.TEXT, "text/plain", ".txt")


_CSV = _Detected(UploadKind.TEXT, "text/csv", ".csv")


_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, password-protected .docx

DISPLAY_NAME_MAX_LENGTH = 120

# A hint for the browser's file picker (<input accept=…>) only: validate_upload decides.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv"

_SNIFF_BYTES = 4096

_ALLOWED_TYPES = _(
    "This file type is not accepted. Allowed: PDF, JPEG, PNG, GIF, WebP, Word, Excel, "
    "PowerPoint, OpenDocument and plain text."
)
