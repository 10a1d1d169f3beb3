from django.core.files.storage import storages


def private_storage():
    """Storage for files that only some people may read: served through permission-checked
    views, never by the web server (settings: STORAGES["private"])."""
    return storages["private"]


# Shown in the browser rather than downloaded: images and PDFs (sandboxed below).
INLINE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")


def serve_private(field, *, name: str, mime_type: str):
    """Send a privately stored upload, after the caller has checked who may read it.

    The type is the one detected when the file was checked (core.uploads), never the
    client's; uploaded content is never rendered as one of our pages (nosniff, sandbox)."""
    from django.http import FileResponse

    mime_type = mime_type or "application/octet-stream"
    response = FileResponse(
        field.open("rb"),
        content_type=mime_type,
        as_attachment=mime_type not in INLINE_TYPES,
        filename=name,
    )
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response
