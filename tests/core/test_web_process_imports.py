"""A web process loads the heavy libraries only for the pages that use them.

NumPy and SciPy (matchmaking), WeasyPrint (PDFs) and openpyxl (workbooks) cost tens of
megabytes in every worker process. The check runs in a fresh interpreter, because this test
process has imported everything the other tests needed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ["numpy", "openpyxl", "scipy", "weasyprint"]

PROBE = """
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "citybridge.settings"
from citybridge.wsgi import application  # what gunicorn imports

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client

# Tables straight from the models: migration files are no part of a web process.
settings.MIGRATION_MODULES = {app.label: None for app in apps.get_app_configs()}
call_command("migrate", run_syncdb=True, verbosity=0)
from tests.factories import PairingFactory

pairing = PairingFactory()
client = Client(HTTP_HOST="127.0.0.1")
for url in ("/en/", pairing.programme.get_absolute_url(), pairing.get_absolute_url()):
    status = client.get(url).status_code
    assert status == 200, (url, status)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))))
"""


def test_serving_the_public_programme_and_pairing_pages_imports_no_heavy_library(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "PYTEST_XDIST_WORKER"}
    }
    environment.update(
        DATABASE_URL="sqlite://:memory:",
        CITYBRIDGE_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=100,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
