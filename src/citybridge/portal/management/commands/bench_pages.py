"""``citybridge bench-pages``: how fast the main pages are, next to a bare Django page.

Starts the production server (``citybridge serve``) on the current database with the settings
of ``citybridge.bench_bare`` (the project's settings plus ``/bare/<size>/``, a template of the
same size rendered with no query), then loads each page and a bare page of its size with wrk,
alternately, on 127.0.0.1 only. Prints one line per page, then the smallest ratio::

    programme 612.0 req/s bare 1022.4 req/s ratio 0.60 p95 21 ms
    …
    min ratio 0.60

The figures and the way to read them are in docs/benchmarks.md.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

# wrk reports the 50th, 75th, 90th and 99th percentiles only: this prints the 95th, and the
# errors (non-2xx answers included) that would make a run meaningless.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("CITYBRIDGE %d %d %d %d\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(95)))
end
"""


@dataclass
class Page:
    name: str
    path: str
    cookie: str = ""
    size: int = 0
    runs: list = field(default_factory=list)  # (requests, seconds, p95 µs) per round
    bare_runs: list = field(default_factory=list)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def choose_pages(*, language: str) -> tuple[list[Page], object]:
    """The pages to load on this database: the largest programme's pages, the largest published
    plan and its pairing, the city in most public pairings, a coordinator's dashboard (and
    the coordinator, whose session the dashboard is loaded with), the API list, a feed."""
    from citybridge.access.enums import RoleKind
    from citybridge.access.models import Role
    from citybridge.directory.models import City
    from citybridge.pairings.enums import PUBLIC_STATUSES
    from citybridge.plans import selectors as plan_selectors
    from citybridge.programmes.models import Programme

    programme = Programme.objects.annotate(size=Count("pairings")).order_by("-size", "id").first()
    plan = (
        plan_selectors.published_plans()
        .annotate(size=Count("actions"))
        .order_by("-size", "id")
        .first()
    )
    city = (
        City.objects.filter(memberships__pairing__status__in=PUBLIC_STATUSES)
        .annotate(size=Count("memberships"))
        .order_by("-size", "id")
        .first()
    )
    role = (
        Role.objects.filter(kind=RoleKind.PROGRAMME_COORDINATOR, user__is_active=True)
        .annotate(size=Count("programme__pairings"))
        .select_related("user", "programme")
        .order_by("-size", "id")
        .first()
    )
    if programme is None or plan is None or city is None:
        raise CommandError(
            "The database has no programme with a published plan: run `citybridge load-demo` "
            "and `citybridge generate --scale N` first."
        )
    prefix = f"/{language}"
    pages = [
        Page("programme", f"{prefix}/programmes/{programme.slug}/"),
        Page("pairing", f"{prefix}/pairings/{plan.pairing.slug}/"),
        Page("plan", f"{prefix}/plans/{plan.pairing.slug}/"),
        Page("calendar", f"{prefix}/activities/calendar/{programme.slug}/"),
        Page("city", f"{prefix}/cities/{city.slug}/"),
    ]
    if role is not None:
        pages.append(Page("dashboard", f"{prefix}/dashboards/programmes/{role.programme.slug}/"))
    pages += [
        Page("api-pairings", "/api/v1/pairings"),
        Page("feed", f"/calendar/programmes/{programme.slug}.ics?lang={language}"),
    ]
    return pages, (role.user if role else None)


def make_session(user) -> tuple[str, str]:
    """A logged-in session for ``user`` (no password needed): its key, and the Cookie header a
    browser would send with it (the session and the CSRF cookie it got at login)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = (
        f"{settings.SESSION_COOKIE_NAME}={session.session_key}; "
        f"{settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
    )
    return session.session_key, cookie


class Command(BaseCommand):
    help = (
        "Load the main pages and a bare Django page of the same size through the production "
        "server with wrk, alternately, and print each page's requests per second, its ratio "
        "to the bare page and its 95th-percentile time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=5, help="length of one run (5)")
        parser.add_argument("--rounds", type=int, default=2, help="runs per page (2)")
        parser.add_argument("--connections", type=int, default=8, help="open connections (8)")
        parser.add_argument("--language", default="ja", help="language of the pages (ja)")
        parser.add_argument("--workers", type=int, help="server worker processes (serve's default)")
        parser.add_argument(
            "--pages", default="", help="comma-separated page names to load (default: all)"
        )
        parser.add_argument(
            "--no-page-cache",
            action="store_true",
            help="serve every request without the anonymous page cache",
        )

    def handle(self, *args, seconds, rounds, connections, language, workers, pages, **options):
        if not (1 <= seconds <= 60 and 1 <= rounds <= 10 and 1 <= connections <= 64):
            raise CommandError("Use 1–60 --seconds, 1–10 --rounds and 1–64 --connections.")
        wrk = self._wrk()
        chosen, coordinator = choose_pages(language=language)
        if pages:
            wanted = set(pages.split(","))
            chosen = [page for page in chosen if page.name in wanted]
        session_key = ""
        if coordinator is not None and any(page.name == "dashboard" for page in chosen):
            session_key, cookie = make_session(coordinator)
            next(page for page in chosen if page.name == "dashboard").cookie = cookie
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        with tempfile.TemporaryDirectory(prefix="citybridge-bench-") as folder:
            script = Path(folder, "report.lua")
            script.write_text(WRK_SCRIPT)
            log = Path(folder, "server.log")
            server = self._start_server(
                port=port, workers=workers, log=log, page_cache=not options["no_page_cache"]
            )
            try:
                self._wait_until_up(server, f"{base}/bare/1000/", log)
                for page in chosen:
                    page.size = self._check(base, page)
                self.stdout.write(
                    f"{len(chosen)} pages, {rounds} rounds of {seconds} s per page and per bare "
                    f"page, {connections} connections, language {language}, page cache "
                    f"{'off' if options['no_page_cache'] else 'on'}"
                )
                for page in chosen:
                    self.stdout.write(f"  {page.name}: {page.path} ({page.size:,} bytes)")
                self.stdout.flush()
                for number in range(rounds):
                    for page in chosen:
                        bare = f"{base}/bare/{page.size}/"
                        # Alternate which goes first, so that neither always meets a warmer
                        # or a busier machine.
                        order = [
                            (page.runs, base + page.path, page.cookie),
                            (page.bare_runs, bare, ""),
                        ]
                        for runs, url, cookie in order if number % 2 == 0 else reversed(order):
                            runs.append(
                                self._run_wrk(wrk, url, cookie, script, seconds, connections)
                            )
            finally:
                self._stop_server(server)
                if session_key:
                    from django.contrib.sessions.models import Session

                    Session.objects.filter(session_key=session_key).delete()
        self._report(chosen)

    # --- Tools -------------------------------------------------------------------------------

    def _wrk(self) -> str:
        found = shutil.which("wrk")
        if found:
            return found
        self.stdout.write("wrk is missing: installing the Debian package (apt-get install wrk)…")
        self.stdout.flush()
        installed = subprocess.run(
            ["apt-get", "install", "--yes", "--no-install-recommends", "wrk"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        found = shutil.which("wrk")
        if installed.returncode or not found:
            raise CommandError("Could not install wrk; install the Debian package 'wrk' and retry.")
        return found

    def _start_server(self, *, port: int, workers: int | None, log: Path, page_cache: bool):
        command = [sys.executable, "-m", "citybridge.cli", "serve", "--host", "127.0.0.1"]
        command += ["--port", str(port)]
        if workers:
            command += ["--workers", str(workers)]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "citybridge.bench_bare"}
        if not page_cache:
            env["CITYBRIDGE_PAGE_CACHE_SECONDS"] = "0"
        with log.open("wb") as output:
            # A session of its own: stopping it stops its worker processes and nothing else.
            return subprocess.Popen(
                command,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )

    def _wait_until_up(self, server, url: str, log: Path) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(f"The server stopped:\n{log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                time.sleep(0.3)
        raise CommandError(f"The server did not answer within 90 s:\n{log.read_text()[-3000:]}")

    def _stop_server(self, server) -> None:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()

    def _check(self, base: str, page: Page) -> int:
        """The page answers 200 (not a redirect to the login page); its size in bytes. A few
        requests also fill the page cache, so that the runs measure the steady state."""
        opener = urllib.request.build_opener(_NoRedirect)
        request = urllib.request.Request(base + page.path)
        if page.cookie:
            request.add_header("Cookie", page.cookie)
        for _attempt in range(3):
            try:
                with opener.open(request, timeout=60) as response:
                    body = response.read()
            except urllib.error.HTTPError as error:
                raise CommandError(f"{page.name} {page.path} answered {error.code}.") from None
        return len(body)

    def _run_wrk(self, wrk, url, cookie, script, seconds, connections):
        command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", str(script)]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
        line = next((x for x in output.splitlines() if x.startswith("CITYBRIDGE ")), None)
        if line is None:
            raise CommandError(f"wrk printed no summary for {url}:\n{output}")
        requests, microseconds, errors, p95 = (int(x) for x in line.split()[1:])
        if errors:
            raise CommandError(f"{errors} of {requests} requests to {url} failed:\n{output}")
        return requests, microseconds / 1e6, p95

    def _report(self, pages: list[Page]) -> None:
        ratios = []
        for page in pages:
            rate = sum(r for r, _s, _p in page.runs) / sum(s for _r, s, _p in page.runs)
            bare = sum(r for r, _s, _p in page.bare_runs) / sum(s for _r, s, _p in page.bare_runs)
            ratio = rate / bare
            ratios.append(ratio)
            p95 = max(p for _r, _s, p in page.runs) / 1000
            self.stdout.write(
                f"{page.name} {rate:.1f} req/s bare {bare:.1f} req/s ratio {ratio:.2f} "
                f"p95 {p95:.0f} ms"
            )
        self.stdout.write(f"min ratio {min(ratios):.2f}")
