"""Office documents and OpenDocument files: zip packages checked for bombs, archives and macros."""

from __future__ import annotations

import zipfile
import zlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.kinds import _SNIFF_BYTES, UploadKind, _Detected
from citybridge.core.uploads.refusals import _bad_document, _format_size

if TYPE_CHECKING:
    pass

# A document may unpack to at most this many times the upload limit, and never beyond the cap.
ZIP_EXPANSION_FACTOR = 20


ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


ZIP_MAX_ENTRIES = 10_000


# Office Open XML: a zip with [Content_Types].xml and its main part under this folder.
_OOXML = (
    (
        "word/",
        _Detected(
            UploadKind.DOCUMENT,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
        ),
    ),
    (
        "xl/",
        _Detected(
            UploadKind.SPREADSHEET,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
        ),
    ),
    (
        "ppt/",
        _Detected(
            UploadKind.PRESENTATION,
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx",
        ),
    ),
)


# OpenDocument: a zip whose first entry, "mimetype", holds exactly one of these.
_ODF = {
    b"application/vnd.oasis.opendocument.text": _Detected(
        UploadKind.DOCUMENT, "application/vnd.oasis.opendocument.text", ".odt"
    ),
    b"application/vnd.oasis.opendocument.spreadsheet": _Detected(
        UploadKind.SPREADSHEET, "application/vnd.oasis.opendocument.spreadsheet", ".ods"
    ),
    b"application/vnd.oasis.opendocument.presentation": _Detected(
        UploadKind.PRESENTATION, "application/vnd.oasis.opendocument.presentation", ".odp"
    ),
}


def _detect_package(uploaded_file, *, display_name: str, max_bytes: int) -> _Detected:
    """Office Open XML or OpenDocument; every other zip is refused."""
    budget = min(ZIP_EXPANSION_FACTOR * max_bytes, ZIP_MAX_UNPACKED_BYTES)
    uploaded_file.seek(0)
    try:
        with zipfile.ZipFile(uploaded_file) as archive:
            entries = archive.infolist()
            unpacked = sum(entry.file_size for entry in entries)
            if len(entries) > ZIP_MAX_ENTRIES:
                raise ValidationError(
                    _(
                        "This file is packed from %(count)s parts, more than the %(limit)s "
                        "allowed. It may be damaged, or built to overload the server."
                    ),
                    code="zip_bomb",
                    params={"count": len(entries), "limit": ZIP_MAX_ENTRIES},
                )
            if unpacked > budget:
                raise ValidationError(
                    _(
                        "This file would unpack to %(size)s, more than the %(limit)s allowed. "
                        "It may be damaged, or built to overload the server."
                    ),
                    code="zip_bomb",
                    params={
                        "size": _format_size(unpacked, round_up=True),
                        "limit": _format_size(budget, round_up=False),
                    },
                )
            detected = _package_kind(archive, entries, display_name)
            # Unpack every part once to check its CRC. zipfile stops at each part's declared
            # size, so the work is bounded by the budget checked above.
            if archive.testzip() is not None:
                raise _bad_document(display_name)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError):
        # RuntimeError: encrypted parts; NotImplementedError: compression zipfile cannot read
        raise _bad_document(display_name) from None
    return detected


def _package_kind(archive: zipfile.ZipFile, entries, display_name: str) -> _Detected:
    names = [entry.filename for entry in entries]
    if entries and names[0] == "mimetype" and entries[0].file_size <= 100:
        detected = _ODF.get(archive.read(entries[0]).strip())
        if detected is not None:
            if any(name.startswith(("Basic/", "Scripts/")) for name in names):
                raise _macros_refusal(display_name)
            return detected
    if "[Content_Types].xml" in names:
        for folder, detected in _OOXML:
            if any(name.startswith(folder) for name in names):
                if any(name.lower().endswith("vbaproject.bin") for name in names):
                    raise _macros_refusal(display_name)
                return detected
    raise _archive_refusal(display_name)


def _gunzip_start(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    try:
        return zlib.decompressobj(wbits=31).decompress(uploaded_file.read(_SNIFF_BYTES), 4096)
    except zlib.error:
        return b""


def _archive_refusal(display_name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is a ZIP archive (or another packed format), which is not accepted. "
            "Please upload the files inside it one by one."
        ),
        code="archive",
        params={"name": display_name},
    )


def _macros_refusal(display_name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” contains macros (small programs), which are not accepted. Please save "
            "it as an ordinary document without macros, or as PDF."
        ),
        code="macros",
        params={"name": display_name},
    )
