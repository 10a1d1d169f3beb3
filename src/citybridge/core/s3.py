"""Uploads in an S3-compatible object store, for several app servers that share their files.

Chosen with ``CITYBRIDGE_MEDIA_STORAGE=s3`` and ``CITYBRIDGE_PRIVATE_STORAGE=s3``; the bucket,
endpoint and credentials come from the ``CITYBRIDGE_S3_*`` variables (settings.py,
docs/configuration.md). This module is imported only then: boto3 costs every web process
about 35 MB, which a site on one machine with its files on disk should not pay.

Every object is written without an ACL, so it is as private as the bucket (keep the bucket's
public access blocked). Private files are still served only through the permission-checked
views (``core.storage.serve_private`` reads them through this storage); nothing links to the
bucket.
"""

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from storages.backends.s3 import S3Storage as BaseS3Storage

from citybridge.core.storage import StorageFailure

# What a write that fails in the store raises: a ClientError (refused: quota, permissions, no
# such bucket), a BotoCoreError (unreachable, timed out) or boto3's S3UploadFailedError.
_STORE_ERRORS = (BotoCoreError, ClientError, Boto3Error)


class S3Storage(BaseS3Storage):
    """django-storages' S3 storage with CityBridge's rules for files.

    - A failed write raises ``StorageFailure`` (the translated 503 "nothing was saved",
      core.failures), like a full disk does with ``SafeFileSystemStorage``. A single PUT or a
      multipart upload that boto3 aborts leaves no partial object behind.
    - Two uploads of the same name never overwrite each other (Django adds a suffix).
    - No ACL on objects: they are as private as the bucket.
    - A file read for a download spills to a temporary file past the upload memory limit
      instead of being held whole in the worker's memory.
    - A store that does not answer ends the request within seconds, not minutes.
    """

    def get_default_settings(self):
        return {
            **super().get_default_settings(),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "max_memory_size": settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
            "client_config": Config(
                connect_timeout=5,
                read_timeout=30,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        }

    def save(self, name, content, max_length=None):
        # save(), not _save(): choosing a free name asks the store too (exists()).
        try:
            return super().save(name, content, max_length=max_length)
        except _STORE_ERRORS as error:
            raise StorageFailure(str(error)) from error
