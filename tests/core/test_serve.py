"""`citybridge serve` runs gunicorn with one worker process per CPU core, DEBUG off, and
serves the static files itself (WhiteNoise), so `make demo` needs no other server."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.server


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_processes(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in children]


def get(port: int, path: str):
    connection = HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


@pytest.fixture
def server(tmp_path):
    """`citybridge serve` with its default number of workers, on an empty database."""
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "CITYBRIDGE_DEBUG"}
    }
    environment.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}", CITYBRIDGE_DATA_DIR=str(tmp_path)
    )
    with open(tmp_path / "server.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "citybridge.cli", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            with contextlib.suppress(OSError):
                get(port, "/static/citybridge/citybridge.css")
                if len(worker_processes(process.pid)) == len(os.sched_getaffinity(0)):
                    break
            time.sleep(0.2)
        yield process, port
    finally:
        process.terminate()
        process.wait(30)


def test_serve_starts_one_worker_process_per_core_and_serves_static_files(server):
    process, port = server

    status, headers, _body = get(port, "/static/citybridge/citybridge.css")

    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert len(worker_processes(process.pid)) == len(os.sched_getaffinity(0))
