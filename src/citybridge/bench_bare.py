"""Settings for ``citybridge bench-pages`` only: the project's settings, plus one bare page.

The benchmark serves CityBridge's pages and ``/bare/<size>/`` from the same server process, so
that both meet the same server, middleware and machine load. Never used to run a site.
"""

from citybridge.settings import *  # noqa: F403

ROOT_URLCONF = "citybridge.bench_bare_urls"
