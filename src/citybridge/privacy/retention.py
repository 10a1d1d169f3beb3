"""Applications of cities that were not selected are kept only as long as the programme says."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from citybridge.calls.enums import Decision
from citybridge.calls.models import Application


@dataclass(frozen=True)
class Removed:
    pk: int
    city: str
    call: str
    decided_at: datetime


def expired_applications(now: datetime) -> list[Application]:
    """Applications decided "not selected" longer ago than their programme's
    ``application_retention_days``."""
    candidates = (
        Application.objects.filter(decision=Decision.NOT_SELECTED, decided_at__isnull=False)
        .select_related("call__programme", "city")
        .order_by("decided_at", "id")
    )
    return [
        application
        for application in candidates
        if application.decided_at
        <= now - timedelta(days=application.call.programme.application_retention_days)
    ]


@transaction.atomic
def purge_applications(*, now: datetime, dry_run: bool = False) -> list[Removed]:
    """Delete the expired applications with their evaluations and attached files; returns
    what was removed (or would be, with ``dry_run``).

    Side effects: the rows (and their history, which would keep copies of the texts) are
    deleted; the attached files are removed from the private storage once the transaction
    commits.
    """
    removed = []
    for application in expired_applications(now):
        removed.append(
            Removed(
                application.pk, str(application.city), str(application.call), application.decided_at
            )
        )
        if dry_run:
            continue
        files = [a.file for a in application.attachments.all() if a.file]
        pk = application.pk
        application.delete()
        _delete_history(pk)
        for file in files:
            transaction.on_commit(lambda f=file: f.storage.delete(f.name))
    return removed


def _delete_history(application_pk: int) -> None:
    """Remove the history of the application and of its parts (themes, evaluations…), which
    hold copies of its texts."""
    from django.apps import apps
    from simple_history.models import HistoricalChanges

    Application.history.filter(id=application_pk).delete()
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) and any(
            f.name == "application" for f in model._meta.fields
        ):
            model.objects.filter(application_id=application_pk).delete()
