"""``citybridge serve``: the production web server, gunicorn, with one process per CPU core.

Python runs one thread at a time per process, so a single process uses one core however many
threads it has (measured in issue 9: one waitress process with 8 threads served fewer requests
per second than with 1). gunicorn runs several worker processes; the app is imported once in
the master before they fork (``preload``), so a worker starts at once and shares the imported
code's memory with its siblings. Static files are served by WhiteNoise inside the app; in
production a TLS-terminating proxy stands in front (docs/deployment.md).
"""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from citybridge.env import env_int, env_str

#: Threads per worker process. Measured with wrk on the demo's programme page (docs/deployment.md):
#: a second thread gains little CPU work but lets a worker answer a quick page while another
#: request waits on the database or a slow client.
DEFAULT_THREADS = 2


def available_cores() -> int:
    """The CPU cores this process may run on (a container's or taskset's limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict:
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    return {
        "bind": [bind],
        "workers": workers,
        "threads": threads,
        # More than one thread per worker means the gthread worker, which also keeps
        # connections alive between requests; one thread, the plain sync worker.
        "worker_class": "gthread" if threads > 1 else "sync",
        "preload_app": True,
        # A worker that answers nothing for this long is stuck and is replaced. Long enough
        # for a large workbook import or agenda PDF on a busy machine.
        "timeout": 120,
        # One line per request comes from citybridge.core.request_log (with the request id);
        # gunicorn's own access log would be a second, different one.
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "citybridge",
        # gunicorn's run-time control socket is one fixed path per user: two servers on one
        # machine (tests, a second site) would fight over it, and nothing here uses it.
        "control_socket_disable": True,
    }


class Command(BaseCommand):
    help = (
        "Serve CityBridge with gunicorn: one worker process per CPU core by default, the app "
        "preloaded, static files through WhiteNoise."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=env_str("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=env_int("PORT", 8000))
        parser.add_argument(
            "--workers",
            type=int,
            default=env_int("CITYBRIDGE_WORKERS", 0),
            help="worker processes (default: CITYBRIDGE_WORKERS, else one per CPU core)",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_int("CITYBRIDGE_THREADS", DEFAULT_THREADS),
            help=f"threads per worker (default: CITYBRIDGE_THREADS, else {DEFAULT_THREADS})",
        )

    def handle(self, *args, host, port, workers, threads, **options):
        from gunicorn.app.base import BaseApplication

        workers = workers or available_cores()
        if workers < 1 or threads < 1:
            raise CommandError("--workers and --threads must be at least 1.")
        settings = gunicorn_options(host=host, port=port, workers=workers, threads=threads)

        class CityBridgeServer(BaseApplication):
            def load_config(self):
                for name, value in settings.items():
                    self.cfg.set(name, value)

            def load(self):
                from citybridge.wsgi import application

                return application

        display_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            self.style.SUCCESS(f"CityBridge is running at http://{display_host}:{port}/")
            + f" ({workers} worker processes × {threads} threads)"
        )
        self.stdout.write("Press Ctrl+C to stop.")
        self.stdout.flush()
        # Workers are forked from this process: a database connection opened here (by a
        # start-up check) would be shared by all of them, and their queries would interleave.
        connections.close_all()
        CityBridgeServer().run()
