"""Uploads in an S3-compatible object store (``CITYBRIDGE_PRIVATE_STORAGE=s3``): what several
app servers share instead of a disk. Against moto's S3 server, on both databases; the two-server
test (test_several_servers.py) runs the whole set-up on PostgreSQL.

Material's file fields take their storage once, when the model is defined; the tests put an
``S3Storage`` made with the options settings.py builds in its place, as a server started with
the variables would have."""

import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from citybridge.activities.models import Material
from citybridge.core.s3 import S3Storage
from citybridge.core.storage import StorageFailure
from tests.factories import ActivityFactory
from tests.object_store import ObjectStore, object_store
from tests.server_process import _free_port, prepare, run, temporary_database
from tests.test_settings import run_citybridge

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4000 + b"\n%%EOF\n"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    with object_store(tmp_path_factory.mktemp("object-store")) as running:
        yield running


@pytest.fixture
def private_files_in(monkeypatch):
    """Put the materials' files in ``storage``, as CITYBRIDGE_PRIVATE_STORAGE=s3 does."""

    def use(storage):
        for name in ("file", "thumbnail"):
            monkeypatch.setattr(Material._meta.get_field(name), "storage", storage)
        return storage

    return use


def upload_minutes(client, activity, *, language="en"):
    return client.post(
        f"/{language}/workspace/materials/new/activity/{activity.pk}/",
        {
            "material-kind": "minutes",
            "material-title_0": "Minutes",
            "material-language": "",
            "material-visibility": "members",
            "material-url": "",
            "material-file": SimpleUploadedFile("minutes.pdf", PDF, content_type="application/pdf"),
        },
    )


def test_a_material_uploaded_to_the_object_store_downloads_byte_for_byte(
    client, people, pairing, store, private_files_in
):
    private_files_in(S3Storage(**store.storage_options(location="private")))
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])

    assert upload_minutes(client, activity).status_code == 302
    material = Material.objects.get()
    assert store.read(f"private/{material.file.name}") == PDF
    download = client.get(f"/en/activities/materials/{material.pk}/")

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Length"] == str(len(PDF))


def test_the_object_store_gives_a_private_file_to_nobody_without_the_credentials(store):
    storage = S3Storage(**store.storage_options(location="private"))
    name = storage.save("materials/minutes.pdf", ContentFile(PDF))

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{store.endpoint}/{store.bucket}/private/{name}", timeout=10)
    assert refused.value.code == 403


def test_two_uploads_of_one_name_never_overwrite_each_other(store):
    storage = S3Storage(**store.storage_options(location="private"))
    first = storage.save("materials/slides.pdf", ContentFile(b"first"))
    second = storage.save("materials/slides.pdf", ContentFile(b"second"))

    assert first != second
    assert storage.open(first).read() == b"first"
    assert storage.open(second).read() == b"second"


def test_an_upload_the_object_store_refuses_answers_a_clear_page_and_saves_nothing(
    client, people, pairing, store, private_files_in
):
    options = {**store.storage_options(location="private"), "bucket_name": "no-such-bucket"}
    private_files_in(S3Storage(**options))
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people["editor"])

    response = upload_minutes(client, activity, language="it")

    assert response.status_code == 503
    assert "Non è stato salvato nulla" in response.content.decode()
    assert not Material.objects.exists()


def test_a_store_that_cannot_be_reached_fails_the_write_as_a_storage_failure(store):
    options = {
        **store.storage_options(location="private"),
        "endpoint_url": f"http://127.0.0.1:{_free_port()}",  # nothing listens there
    }
    with pytest.raises(StorageFailure):
        S3Storage(**options).save("materials/minutes.pdf", ContentFile(PDF))


def test_an_object_store_without_a_bucket_is_refused_at_start_up():
    result = run_citybridge("check", CITYBRIDGE_PRIVATE_STORAGE="s3", CITYBRIDGE_S3_BUCKET="")
    assert result.returncode != 0
    assert "CITYBRIDGE_S3_BUCKET must name a bucket" in result.stderr


def test_the_several_servers_settings_pass_the_deploy_checks(tmp_path):
    result = run_citybridge(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        CITYBRIDGE_PRODUCTION="1",
        SECRET_KEY="x" * 64 + "a-long-random-production-secret",
        ALLOWED_HOSTS="citybridge.example.org",
        CITYBRIDGE_DATA_DIR=str(tmp_path),
        CACHE_URL="redis://127.0.0.1:6379/11",
        CITYBRIDGE_SESSION_STORE="cache",
        CITYBRIDGE_MEDIA_STORAGE="s3",
        CITYBRIDGE_PRIVATE_STORAGE="s3",
        CITYBRIDGE_S3_BUCKET="citybridge",
        CITYBRIDGE_S3_ENDPOINT_URL="https://s3.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.server
@pytest.mark.timeout(180)
def test_a_backup_of_a_site_with_its_files_in_the_object_store_restores_into_an_empty_one(
    store, tmp_path
):
    # Buckets of their own: the other tests' files are in the first one.
    site, empty = (ObjectStore(store.endpoint, bucket=name) for name in ("site", "restored"))
    for bucket in (site, empty):
        bucket.client().create_bucket(Bucket=bucket.bucket)
    files = {"private/materials/2025/06/minutes.pdf": PDF, "media/logos/ancona.png": b"\x89PNG"}
    for key, content in files.items():
        site.client().put_object(Bucket=site.bucket, Key=key, Body=content)
    archive = tmp_path / "citybridge.tar.gz"
    (tmp_path / "site").mkdir()
    with temporary_database(tmp_path / "site", prefix="cb_s3_backup") as database:
        prepare(database, tmp_path / "site", users=1, actions=1)
        run(
            database,
            tmp_path / "site",
            "citybridge.cli",
            "backup",
            str(archive),
            **site.environment(),
        )
    (tmp_path / "empty").mkdir()

    with temporary_database(tmp_path / "empty", prefix="cb_s3_restore") as database:
        restored = run(
            database,
            tmp_path / "empty",
            "citybridge.cli",
            "restore",
            str(archive),
            **empty.environment(),
        )
        assert database.fetchone("SELECT count(*) FROM plans_action") == (1,)

    assert "2 files" in restored
    assert {key: empty.read(key) for key in empty.keys()} == files
