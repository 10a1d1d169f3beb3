"""An S3-compatible object store for the tests: moto's server (from PyPI, requirements-dev.txt)
in a subprocess on a free 127.0.0.1 port, with one empty bucket, stopped afterwards."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.server_process import _free_port, stop

BUCKET = "citybridge-test"
ACCESS_KEY, SECRET_KEY = "citybridge", "citybridge-secret"
REGION = "us-east-1"


@dataclass
class ObjectStore:
    endpoint: str  # http://127.0.0.1:PORT
    bucket: str = BUCKET

    def client(self):
        """A boto3 client with the store's credentials (reads what the app wrote)."""
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
            config=Config(connect_timeout=2, read_timeout=10, retries={"max_attempts": 1}),
        )

    def read(self, key: str) -> bytes:
        return self.client().get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listing.get("Contents", []))

    def environment(self) -> dict[str, str]:
        """The variables that put both upload storages in this store (docs/configuration.md)."""
        return {
            "CITYBRIDGE_MEDIA_STORAGE": "s3",
            "CITYBRIDGE_PRIVATE_STORAGE": "s3",
            "CITYBRIDGE_S3_BUCKET": self.bucket,
            "CITYBRIDGE_S3_ENDPOINT_URL": self.endpoint,
            "CITYBRIDGE_S3_REGION": REGION,
            "CITYBRIDGE_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "CITYBRIDGE_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        }

    def storage_options(self, *, location: str) -> dict:
        """The OPTIONS settings.py builds from :meth:`environment`, for a storage made here."""
        return {
            "bucket_name": self.bucket,
            "location": location,
            "endpoint_url": self.endpoint,
            "region_name": REGION,
            "addressing_style": "path",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        }


@contextlib.contextmanager
def object_store(directory: Path) -> Iterator[ObjectStore]:
    """moto's server with an empty bucket, its log in ``directory``."""
    port = _free_port()
    store = ObjectStore(f"http://127.0.0.1:{port}")
    log_path = directory / "object-store.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            cwd=directory,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                store.client().create_bucket(Bucket=store.bucket)
                break
            except Exception:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"The object store did not start:\n{log_path.read_text()}"
                    ) from None
                time.sleep(0.2)
        yield store
    finally:
        stop(process)
