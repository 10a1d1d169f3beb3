import os
import tempfile

from django.core.files.storage import FileSystemStorage, storages
from django.utils.translation import gettext_lazy as _


class StorageFailure(Exception):
    """The file could not be written (disk full, quota, permissions, storage unreachable).

    Raised instead of the bare ``OSError`` so the request answers a clear, translated page
    (``core.failures``) and, because the error propagates out of the model's ``save()``, no
    database row ever points at a file that is not there."""

    message = _(
        "The file could not be stored: the server's storage is full or unavailable. "
        "Nothing was saved. Please try again later or tell the site's administrators."
    )


class SafeFileSystemStorage(FileSystemStorage):
    """``FileSystemStorage`` that never leaves a partial file behind.

    Django's own writes in place, so a full disk mid-upload leaves a truncated file that no
    record refers to. Here the content goes to a temporary file beside its destination and is
    linked into place only once it is complete; any failure removes the temporary file."""

    def _save(self, name, content):
        directory = os.path.dirname(self.path(name))
        try:
            os.makedirs(directory, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        except OSError as error:
            raise StorageFailure(str(error)) from error
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            while True:
                try:
                    # link() refuses an existing name, so two uploads never overwrite each other.
                    os.link(temporary, self.path(name))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
            if self.file_permissions_mode is not None:
                os.chmod(self.path(name), self.file_permissions_mode)
        except OSError as error:
            raise StorageFailure(str(error)) from error
        finally:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
        return str(os.path.relpath(self.path(name), self.location)).replace("\\", "/")


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
