"""Photos: recognising an image, opening it safely, and re-encoding it for storage."""

from __future__ import annotations

import io
import uuid
import warnings
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from citybridge.core.uploads.kinds import _ALLOWED_TYPES, UploadKind, _Detected
from citybridge.core.uploads.refusals import _display_name

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile
    from PIL.Image import Image as PILImage

# Pillow's own guard (about 89 megapixels, an error at twice that) is looser than we need.
MAX_IMAGE_PIXELS = 50_000_000


THUMBNAIL_BOX = (480, 480)


JPEG_QUALITY = 85


# Pillow format name -> (MIME type, extension)
_IMAGE_FORMATS = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "GIF": ("image/gif", ".gif"),
    "WEBP": ("image/webp", ".webp"),
}


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
