"""Who is asking: the address of the person's machine, also behind a proxy.

Login throttling, the limit on password-reset e-mails and the request log count and name
clients by this address. Behind a reverse proxy every request comes from the proxy, so the
address is read from ``X-Forwarded-For`` instead — but only as many entries from its right
end as there are proxies we trust (``CITYBRIDGE_PROXY_COUNT``): each proxy appends the address
it saw, while anything further left was written by the client and could be forged to dodge
the limits.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the outermost trusted proxy saw it (``REMOTE_ADDR`` when
    there is no proxy, or when the header is missing or malformed)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.CITYBRIDGE_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
