"""A Content-Security-Policy on every response: only our own scripts, styles and images run.

No script or style is written into a page: htmx and the stylesheet are files under /static/,
htmx is told not to add its own ``<style>`` (the ``htmx-config`` meta tag in base.html) and
no page uses ``style=""`` attributes or inline event handlers. So a text someone manages to
smuggle into a page as HTML still cannot run. Images may also be ``data:`` URLs (the API
docs' icons) and, when uploads are served by an object store, come from its address
(``MEDIA_URL``). ``CONTENT_SECURITY_POLICY`` in the environment replaces the whole policy.
"""

from urllib.parse import urlsplit

from django.conf import settings


def default_policy() -> str:
    images = ["'self'", "data:"]
    media = urlsplit(settings.MEDIA_URL)
    if media.scheme in {"http", "https"} and media.netloc:
        images.append(f"{media.scheme}://{media.netloc}")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {' '.join(images)}",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY or default_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
