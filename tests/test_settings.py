"""Settings come from the environment, fail loudly when malformed, and pass deploy checks."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from citybridge.env import env_bool, env_int, env_list


def run_citybridge(*args, **env):
    return subprocess.run(
        [sys.executable, "-m", "citybridge.cli", *args],
        # The browser tests' allowance must not leak into a "production" process.
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_malformed_values_stop_with_a_clear_message(monkeypatch):
    monkeypatch.setenv("X_BOOL", "maybe")
    monkeypatch.setenv("X_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_BOOL='maybe' is not a boolean"):
        env_bool("X_BOOL")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_INT", 1)


def test_lists_are_comma_separated(monkeypatch):
    monkeypatch.setenv("X_LIST", " en, it ,ja,")
    assert env_list("X_LIST") == ["en", "it", "ja"]


def test_production_requires_a_secret_key():
    result = run_citybridge(
        "check", CITYBRIDGE_PRODUCTION="1", SECRET_KEY="", ALLOWED_HOSTS="example.org"
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_unknown_languages_are_refused():
    result = run_citybridge("check", CITYBRIDGE_LANGUAGES="en,xx")
    assert result.returncode != 0
    assert "unknown languages ['xx']" in result.stderr


def test_deploy_checks_pass_with_production_settings(tmp_path):
    result = run_citybridge(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CITYBRIDGE_PRODUCTION="1",
        SECRET_KEY="x" * 64 + "a-long-random-production-secret",
        ALLOWED_HOSTS="citybridge.example.org",
        CITYBRIDGE_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
