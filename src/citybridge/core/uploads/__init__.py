"""Checking uploaded materials (presentations, PDFs, photos, minutes) before they are stored.

The file's CONTENT decides what it is, never the name or the Content-Type the browser sent: both
are typed by the person (or the program) uploading, so "photo.png" can be an HTML page with a
script in it, and a browser that is later shown that file may run the script on our domain. So
``validate_upload`` reads the bytes, accepts only a short list of formats it can recognise
(PDF, JPEG/PNG/GIF/WebP, Word/Excel/PowerPoint, OpenDocument, UTF-8 text and CSV), and refuses
everything that a browser could treat as a page (HTML, XML, SVG), programs, archives and files
built to exhaust memory when opened (decompression and zip bombs).

The client's file name is kept only as ``display_name``, for showing to people; files are stored
under ``safe_name``, a random name with the extension that the content earned. Images are best
stored re-encoded (``reencode_image``): that drops metadata (GPS position, camera serial number)
and anything smuggled into the original bytes.

Refusals are ``ValidationError``s whose message tells the person why, and whose ``code`` tells
the program: ``empty``, ``too_large``, ``svg``, ``html``, ``xml``, ``executable``, ``archive``,
``zip_bomb``, ``macros``, ``legacy_office``, ``not_utf8``, ``bad_image``, ``image_too_large``,
``bad_document``, ``unknown_type``.

One module per kind of file: ``images``, ``packages`` (Office and OpenDocument), ``text``,
``markup`` (what is refused as a page); ``kinds`` holds the formats and limits, ``refusals`` the
messages every kind shares. This module reads the first bytes and hands over to the right one.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.images import (
    MAX_IMAGE_PIXELS,
    _detect_image,
    _image_format,
    reencode_image,
)
from citybridge.core.uploads.kinds import (
    _ALLOWED_TYPES,
    _MB,
    _OLE2_MAGIC,
    _PDF,
    _SNIFF_BYTES,
    ACCEPT_ATTRIBUTE,
    DISPLAY_NAME_MAX_LENGTH,
    CheckedUpload,
    UploadKind,
    _Detected,
)
from citybridge.core.uploads.markup import _markup_refusal, _sniff_markup, _svg_refusal
from citybridge.core.uploads.packages import _archive_refusal, _detect_package, _gunzip_start
from citybridge.core.uploads.refusals import _display_name, _format_size, _mismatch
from citybridge.core.uploads.text import _detect_text

# Where callers have always found them.
__all__ = [
    "ACCEPT_ATTRIBUTE",
    "DISPLAY_NAME_MAX_LENGTH",
    "MAX_IMAGE_PIXELS",
    "CheckedUpload",
    "UploadKind",
    "reencode_image",
    "validate_upload",
]

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile


_BINARY_PROGRAM_MAGIC = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS Mach-O, 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal binary (also Java classes)
)


def validate_upload(uploaded_file: UploadedFile, *, max_bytes: int | None = None) -> CheckedUpload:
    """Decide from its content what ``uploaded_file`` is; raise ``ValidationError`` if refused.

    ``max_bytes`` defaults to ``settings.CITYBRIDGE_MAX_UPLOAD_MB``. Reads the file (all of it
    for text and office documents, whose every part is unpacked once to check it) and leaves it
    positioned at the start. Store the file under ``safe_name``, never under its client name.
    """
    if max_bytes is None:
        max_bytes = settings.CITYBRIDGE_MAX_UPLOAD_MB * _MB
    display_name = _display_name(uploaded_file.name)
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("This file is empty (0 bytes)."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="too_large",
            params={
                "size": _format_size(size, round_up=True),
                "limit": _format_size(max_bytes, round_up=False),
            },
        )
    try:
        uploaded_file.seek(0)
        head = uploaded_file.read(_SNIFF_BYTES)
        detected = _detect(
            uploaded_file, head, display_name=display_name or "upload", max_bytes=max_bytes
        )
    finally:
        uploaded_file.seek(0)
    return CheckedUpload(
        kind=detected.kind,
        mime_type=detected.mime_type,
        extension=detected.extension,
        safe_name=uuid.uuid4().hex + detected.extension,
        display_name=display_name or "upload" + detected.extension,
        size=size,
        width=detected.width,
        height=detected.height,
    )


def _detect(uploaded_file, head: bytes, *, display_name: str, max_bytes: int) -> _Detected:
    claimed = PurePosixPath(display_name.lower()).suffix

    if _is_program(head):
        mismatch = _mismatch(display_name, claimed, gettext("a program"), code="executable")
        raise mismatch or ValidationError(
            _("Programs (executable files and scripts) are not accepted."), code="executable"
        )
    if head.startswith(b"\x1f\x8b"):  # gzip: never accepted, but .svgz deserves the right reason
        if b"<svg" in _gunzip_start(uploaded_file).lower():
            raise _svg_refusal(display_name, claimed)
        raise ValidationError(_ALLOWED_TYPES, code="unknown_type")
    if head.startswith(b"PK\x03\x04"):
        return _detect_package(uploaded_file, display_name=display_name, max_bytes=max_bytes)
    if head.startswith((b"PK\x05\x06", b"PK\x07\x08")):
        raise _archive_refusal(display_name)
    if head.startswith(_OLE2_MAGIC):
        raise ValidationError(
            _(
                "“%(name)s” is an older Office file (.doc, .xls, .ppt) or a password-protected "
                "document; neither is accepted. Please save it as .docx, .xlsx or .pptx without "
                "a password, or as PDF."
            ),
            code="legacy_office",
            params={"name": display_name},
        )

    pdf = head.startswith(b"%PDF-")
    image_format = _image_format(head)
    markup = _sniff_markup(head)
    # A PDF or an image with a page inside is a polyglot that a browser could run; XML-ish text
    # (XMP metadata) is normal inside them, so only scripts and SVG count there.
    if markup in ("svg", "html") or (markup == "xml" and not pdf and image_format is None):
        raise _markup_refusal(markup, display_name, claimed)

    if pdf:
        return _PDF
    if image_format is not None:
        return _detect_image(uploaded_file, image_format, display_name)
    return _detect_text(uploaded_file, display_name)


def _is_program(head: bytes) -> bool:
    # Every binary program header holds NUL bytes; requiring one keeps a text file that happens
    # to start with "MZ" acceptable.
    binary = head.startswith(_BINARY_PROGRAM_MAGIC) and b"\x00" in head[:64]
    return binary or head.startswith((b"#!/", b"#! /"))
