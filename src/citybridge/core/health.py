"""``/healthz``: can this app server do its work? For monitoring and load balancers.

Answers JSON with one entry per check and status 200 when every check passes, 503 when one
fails: the database answers a query; both file storages (public media and private files)
accept a small file and delete it again; no background task (e-mails) has waited longer than
``CITYBRIDGE_TASKS_OVERDUE_MINUTES`` for the worker, which would mean ``citybridge
db_worker`` is not running. A failure names only the kind of error: the address is public,
and the details are in the server's log.
"""

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

DATABASE_TASKS_BACKEND = "django_tasks_db.DatabaseBackend"


def _failed(check: str, error: Exception) -> dict:
    logger.exception("Health check %s failed", check)
    return {"ok": False, "error": type(error).__name__}


def check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        return _failed("database", error)
    return {"ok": True}


def check_storage(alias: str) -> dict:
    """Write, read back and delete a small file through the storage's own API."""
    storage = storages[alias]
    content = uuid.uuid4().hex.encode()
    try:
        name = storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(content))
        try:
            with storage.open(name) as stored:
                if stored.read() != content:
                    raise OSError("The file read back differs from the file written.")
        finally:
            storage.delete(name)
    except Exception as error:
        return _failed(f"storage {alias}", error)
    return {"ok": True}


def check_tasks() -> dict:
    """Ready tasks still waiting ``CITYBRIDGE_TASKS_OVERDUE_MINUTES`` after they were due."""
    if settings.TASKS["default"]["BACKEND"] != DATABASE_TASKS_BACKEND:
        return {"ok": True, "backend": settings.TASKS["default"]["BACKEND"]}
    minutes = settings.CITYBRIDGE_TASKS_OVERDUE_MINUTES
    due_before = timezone.now() - timedelta(minutes=minutes)
    try:
        overdue = DBTaskResult.objects.filter(
            Q(run_after__lte=due_before) | Q(run_after=get_date_max(), enqueued_at__lte=due_before),
            status=TaskResultStatus.READY,
        ).count()
    except Exception as error:
        return _failed("tasks", error)
    return {"ok": overdue == 0, "overdue": overdue, "overdue_after_minutes": minutes}


@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": check_database(),
        "public_storage": check_storage("default"),
        "private_storage": check_storage("private"),
        "tasks": check_tasks(),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": checks},
        status=200 if healthy else 503,
    )
