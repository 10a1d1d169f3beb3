"""A storage that cannot take a file answers a clear page and keeps nothing half-written.

The disk is made "full" for real with the process's file-size limit (RLIMIT_FSIZE): writes
past it fail with EFBIG, as they would with ENOSPC on a full disk."""

import os
import resource
import signal
from contextlib import contextmanager

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from citybridge.activities.models import Material
from citybridge.core.storage import SafeFileSystemStorage, StorageFailure
from tests.factories import ActivityFactory


@contextmanager
def disk_full_after(limit: int):
    """Files written by this process cannot grow past ``limit`` bytes until the block ends."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def files_under(root) -> list[str]:
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def test_a_write_that_fails_midway_leaves_no_file_behind(tmp_path):
    storage = SafeFileSystemStorage(location=tmp_path)
    with disk_full_after(10_000), pytest.raises(StorageFailure):
        storage.save("materials/big.pdf", ContentFile(b"x" * 50_000))
    assert files_under(tmp_path) == []


def test_a_complete_write_is_stored_under_a_free_name(tmp_path):
    storage = SafeFileSystemStorage(location=tmp_path)
    first = storage.save("materials/slides.pdf", ContentFile(b"first"))
    second = storage.save("materials/slides.pdf", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"
    assert len(files_under(tmp_path)) == 2


@pytest.mark.django_db
def test_an_upload_to_a_full_disk_answers_a_clear_page_and_stores_nothing(
    client, people, pairing, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "citybridge.core.storage.SafeFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])
    pdf = b"%PDF-1.4\n%" + b"0" * 60_000 + b"\n%%EOF\n"
    with disk_full_after(20_000):
        response = client.post(
            f"/it/workspace/materials/new/activity/{activity.pk}/",
            {
                "material-kind": "minutes",
                "material-title_0": "Verbale",
                "material-language": "",
                "material-visibility": "members",
                "material-url": "",
                "material-file": SimpleUploadedFile(
                    "verbale.pdf", pdf, content_type="application/pdf"
                ),
            },
        )
    assert response.status_code == 503
    assert "Non è stato salvato nulla" in response.content.decode()
    assert not Material.objects.exists()
    assert files_under(tmp_path) == []
