"""/healthz says whether the database, both file storages and the task worker are working."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from citybridge.notifications.tasks import send_notification

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _storages_in(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "citybridge.core.storage.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def test_a_working_site_answers_200_with_every_check_passed(client, tmp_path):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert {name: check["ok"] for name, check in response.json()["checks"].items()} == {
        "database": True,
        "public_storage": True,
        "private_storage": True,
        "tasks": True,
    }
    assert list((tmp_path / "private").rglob("*.txt")) == []  # the test file is deleted
    assert "no-cache" in response["Cache-Control"]


def test_a_private_storage_that_cannot_be_written_answers_503(client, tmp_path):
    (tmp_path / "private").write_text("a file where the folder should be")

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "failing"
    assert response.json()["checks"]["private_storage"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_an_e_mail_waiting_for_the_worker_too_long_answers_503(client):
    result = send_notification.enqueue(1)
    DBTaskResult.objects.filter(id=result.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=11)
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == {
        "ok": False,
        "overdue": 1,
        "overdue_after_minutes": 10,
    }


def test_an_e_mail_queued_a_moment_ago_is_not_overdue(client):
    send_notification.enqueue(1)

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["overdue"] == 0
