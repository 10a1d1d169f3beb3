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
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
import uuid
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from PIL.Image import Image as PILImage

# Pillow's own guard (about 89 megapixels, an error at twice that) is looser than we need.
MAX_IMAGE_PIXELS = 50_000_000
# A document may unpack to at most this many times the upload limit, and never beyond the cap.
ZIP_EXPANSION_FACTOR = 20
ZIP_MAX_UNPACKED_BYTES = 200 * 1024 * 1024
ZIP_MAX_ENTRIES = 10_000
THUMBNAIL_BOX = (480, 480)
JPEG_QUALITY = 85
DISPLAY_NAME_MAX_LENGTH = 120

# A hint for the browser's file picker (<input accept=…>) only: validate_upload decides.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.docx,.xlsx,.pptx,.odt,.ods,.odp,.txt,.csv"

_SNIFF_BYTES = 4096
_MARKUP_WINDOW = 1024  # browsers decide "this is a page" from the first bytes
_TEXT_SAMPLE = 64 * 1024
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

# Pillow format name -> (MIME type, extension)
_IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}

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

_BINARY_PROGRAM_MAGIC = (
    b"MZ",  # Windows .exe/.dll
    b"\x7fELF",  # Linux
    b"\xfe\xed\xfa\xce",  # macOS Mach-O, 32 and 64 bit, both byte orders
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # macOS universal binary (also Java classes)
)
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, password-protected .docx

# Markup that makes a browser run scripts, wherever it sits in the first KB.
_ACTIVE_HTML = (
    b"<html",
    b"<script",
    b"<!doctype html",
    b"<iframe",
    b"<body",
    b"<object",
    b"<embed",
)
# Tags that make a browser sniff a file as HTML when it starts with them (WHATWG MIME sniffing).
_LEADING_HTML = (
    b"<head",
    b"<title",
    b"<style",
    b"<div",
    b"<table",
    b"<font",
    b"<h1",
    b"<br",
    b"<p",
    b"<a",
    b"<b",
    b"<!--",
)

_ALLOWED_TYPES = _(
    "This file type is not accepted. Allowed: PDF, JPEG, PNG, GIF, WebP, Word, Excel, "
    "PowerPoint, OpenDocument and plain text."
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


def reencode_image(
    uploaded_file: UploadedFile, *, safe_name: str | None = None
) -> tuple[ContentFile, ContentFile]:
    """Re-encode an accepted image and make its thumbnail: ``(image, thumbnail)``.

    The copy keeps the pixels only: EXIF (camera, GPS position), XMP, comments and anything else
    in the original bytes are gone; the EXIF orientation is applied to the pixels and colours are
    converted to sRGB. PNG and GIF become PNG (an animated GIF keeps its first frame), JPEG and
    WebP become JPEG. The thumbnail is a JPEG within 480×480 px. Both files are named after
    ``safe_name`` (from ``validate_upload``; a new random name if not given), e.g.
    ``<hex>.jpg`` and ``<hex>-thumb.jpg``. Checks the image again, so refusals raise
    ``ValidationError`` as in ``validate_upload``. Leaves ``uploaded_file`` at its start.
    """
    from PIL import Image

    display_name = _display_name(uploaded_file.name) or "upload"
    try:
        uploaded_file.seek(0)
        image_format = _image_format(uploaded_file.read(16))
        if image_format is None:
            raise ValidationError(_ALLOWED_TYPES, code="unknown_type")
        with _open_image(uploaded_file, image_format, display_name) as original:
            image = _upright(original)
    finally:
        uploaded_file.seek(0)

    image = _to_srgb(image)
    keep_alpha = image_format in ("PNG", "GIF")
    image = _normalise_mode(image, keep_alpha=keep_alpha)
    image.info = {}  # what is left of the original's metadata (comments, transparency, ICC)

    stem = PurePosixPath(safe_name).stem if safe_name else uuid.uuid4().hex
    if keep_alpha:
        full = ContentFile(_encode(image, "PNG", optimize=True), name=stem + ".png")
    else:
        full = ContentFile(
            _encode(image, "JPEG", quality=JPEG_QUALITY, optimize=True), name=stem + ".jpg"
        )

    thumbnail = image.copy()
    thumbnail.thumbnail(THUMBNAIL_BOX, Image.Resampling.LANCZOS)
    thumbnail = _normalise_mode(thumbnail, keep_alpha=False)
    thumb = ContentFile(
        _encode(thumbnail, "JPEG", quality=JPEG_QUALITY, optimize=True),
        name=stem + "-thumb.jpg",
    )
    return full, thumb


# --- detection --------------------------------------------------------------------------------


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


def _sniff_markup(head: bytes) -> str | None:
    """'svg', 'html' or 'xml' if the first KB looks like markup a browser would render."""
    window = head[:_MARKUP_WINDOW].lower()
    if b"<svg" in window:
        return "svg"
    if any(tag in window for tag in _ACTIVE_HTML):
        return "html"
    start = window.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n\f")
    for tag in _LEADING_HTML:
        if start.startswith(tag) and start[len(tag) : len(tag) + 1] in (
            b" ",
            b">",
            b"\t",
            b"\r",
            b"\n",
            b"",
        ):
            return "html"
    if b"<?xml" in window or b"<!doctype" in window or b"<!entity" in window:
        return "xml"
    if start[:1] == b"<" and start[1:2].isalpha():
        return "xml"
    return None


def _image_format(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def _detect_image(uploaded_file, image_format: str, display_name: str) -> _Detected:
    with _open_image(uploaded_file, image_format, display_name) as image:
        width, height = image.size
        if _orientation(image) in (5, 6, 7, 8):  # shown turned by 90°: report what people see
            width, height = height, width
    mime_type, extension = _IMAGE_FORMATS[image_format]
    return _Detected(UploadKind.IMAGE, mime_type, extension, width=width, height=height)


def _open_image(uploaded_file, image_format: str, display_name: str) -> PILImage:
    """The image, fully decoded; refused if broken or too large to decode safely."""
    from PIL import Image

    uploaded_file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # Only the format the magic bytes named: Pillow would otherwise try dozens.
            image = Image.open(uploaded_file, formats=[image_format])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("This image has more than %(limit)s megapixels; please make it smaller."),
                code="image_too_large",
                params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
            ) from None
        except Exception:  # Pillow reports broken files with many exception types
            raise _bad_image(display_name, image_format) from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); "
                "the limit is %(limit)s megapixels. Please make it smaller."
            ),
            code="image_too_large",
            params={
                "width": width,
                "height": height,
                "megapixels": width * height // 1_000_000,
                "limit": MAX_IMAGE_PIXELS // 1_000_000,
            },
        )
    try:
        image.load()  # decodes every pixel: truncated and corrupt files fail here
    except Exception:
        raise _bad_image(display_name, image_format) from None
    return image


def _bad_image(display_name: str, image_format: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” looks like a %(format)s image but is damaged or incomplete."),
        code="bad_image",
        params={"name": display_name, "format": "WebP" if image_format == "WEBP" else image_format},
    )


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


def _gunzip_start(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    try:
        return zlib.decompressobj(wbits=31).decompress(uploaded_file.read(_SNIFF_BYTES), 4096)
    except zlib.error:
        return b""


# --- refusals ---------------------------------------------------------------------------------


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


def _svg_refusal(display_name: str, claimed: str) -> ValidationError:
    if claimed in (".svg", ".svgz", ""):
        return ValidationError(
            _(
                "SVG images are not accepted because they can contain scripts. "
                "Please upload a PNG or JPEG."
            ),
            code="svg",
        )
    return ValidationError(
        _(
            "“%(name)s” is really an SVG image. SVG images are not accepted because they can "
            "contain scripts. Please upload a PNG or JPEG."
        ),
        code="svg",
        params={"name": display_name},
    )


def _markup_refusal(markup: str, display_name: str, claimed: str) -> ValidationError:
    if markup == "svg":
        return _svg_refusal(display_name, claimed)
    if markup == "html":
        mismatch = _mismatch(display_name, claimed, "HTML", code="html")
        return mismatch or ValidationError(
            _(
                "Web pages (HTML) are not accepted because they can contain scripts. "
                "Please upload a PDF instead."
            ),
            code="html",
        )
    mismatch = _mismatch(display_name, claimed, "XML", code="xml")
    return mismatch or ValidationError(
        _(
            "XML and other markup files are not accepted because browsers can run scripts "
            "inside them. Please upload a PDF or plain text instead."
        ),
        code="xml",
    )


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


def _bad_document(display_name: str) -> ValidationError:
    return ValidationError(
        _("“%(name)s” looks like an office document but is damaged, so it cannot be opened."),
        code="bad_document",
        params={"name": display_name},
    )


def _not_utf8(display_name: str) -> ValidationError:
    return ValidationError(
        _(
            "“%(name)s” is a text file that is not saved as UTF-8. Please save it again as "
            "UTF-8 (in Excel: “CSV UTF-8”)."
        ),
        code="not_utf8",
        params={"name": display_name},
    )


# --- names and sizes --------------------------------------------------------------------------

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


# --- image helpers ----------------------------------------------------------------------------


def _orientation(image: PILImage) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # malformed EXIF is common and harmless: treat as upright
        return 1


def _upright(image: PILImage) -> PILImage:
    """A copy with the EXIF orientation applied to the pixels."""
    from PIL import ImageOps

    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # malformed EXIF: keep the pixels as stored
        return image.copy()


def _to_srgb(image: PILImage) -> PILImage:
    """Convert to sRGB when the image carries a colour profile, since the profile is dropped."""
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    from PIL import ImageCms

    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc_profile)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: the colours may be slightly off, the picture is fine


def _normalise_mode(image: PILImage, *, keep_alpha: bool) -> PILImage:
    """RGB or L (RGBA when ``keep_alpha`` and the image has transparency); transparency is
    otherwise flattened onto white rather than the black a plain conversion would give."""
    from PIL import Image

    if image.mode.startswith("I"):  # 16/32-bit grey: scale down instead of clipping to white
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    has_alpha = image.mode in ("RGBA", "RGBa", "LA", "La", "PA") or "transparency" in image.info
    if has_alpha:
        rgba = image.convert("RGBA")
        if keep_alpha:
            return rgba
        flattened = Image.new("RGB", rgba.size, "white")
        flattened.paste(rgba, mask=rgba.getchannel("A"))
        return flattened
    if image.mode in ("RGB", "L"):
        return image
    return image.convert("RGB")


def _encode(image: PILImage, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **options)
    return buffer.getvalue()
