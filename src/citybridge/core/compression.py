"""Pages, JSON and feeds leave the server gzip-compressed (Django's GZipMiddleware).

Django 4.2 and later add a random-length filler to the gzip header of every response
("Heal The BREACH"), so the compressed size no longer reveals a secret on the page (the CSRF
token) to an attacker who can add text to it and watch the size; the CSRF token is also
masked anew on every response. Only text is compressed: images, PDFs, workbooks and archives
are compressed already, and compressing them again costs CPU for nothing. Static files are
compressed once, ahead of time, by WhiteNoise.
"""

from django.middleware.gzip import GZipMiddleware

COMPRESSED_TYPES = (
    "text/",  # HTML, iCalendar, CSV, plain text
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(COMPRESSED_TYPES):
            return response
        return super().process_response(request, response)
