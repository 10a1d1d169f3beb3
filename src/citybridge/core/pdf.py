"""HTML to PDF with WeasyPrint, the same way for every download (agendas, action plans).

WeasyPrint is imported inside the functions: it loads Pango through cffi, which is slow and
needed by no other page. Nothing is fetched while rendering: templates inline their
stylesheet, fonts come from the system (the Noto CJK fonts, so Japanese has real glyphs;
``make system-deps`` installs them), and any URL other than ``data:`` is refused.
"""


def offline_url_fetcher():
    """A URL fetcher that only reads ``data:`` URIs: rendering never touches the network
    or the file system, whatever ends up in the HTML."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False)


def html_to_pdf(html: str) -> bytes:
    """Render a complete HTML document (with its styles inline) as PDF bytes, offline."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=offline_url_fetcher()).write_pdf()
