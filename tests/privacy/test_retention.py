from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from citybridge.calls.enums import Decision
from citybridge.calls.models import Application
from tests.factories import ApplicationFactory, CallFactory, CityFactory

pytestmark = pytest.mark.django_db


def decided(call, decision, days_ago, name):
    return ApplicationFactory(
        call=call,
        city=CityFactory(name=f'{{"en": "{name}"}}'),
        decision=decision,
        decided_at=timezone.now() - timedelta(days=days_ago),
    )


def purge(*args) -> str:
    out = StringIO()
    call_command("purge_applications", *args, stdout=out)
    return out.getvalue()


def test_applications_not_selected_are_removed_after_the_programmes_period_and_reported():
    call = CallFactory()
    call.programme.application_retention_days = 30
    call.programme.save()
    old = decided(call, Decision.NOT_SELECTED, 31, "Perugia")
    recent = decided(call, Decision.NOT_SELECTED, 29, "Lecce")
    selected = decided(call, Decision.SELECTED, 400, "Ancona")
    report = purge()
    assert "Perugia" in report and "Removed 1 applications." in report
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, selected.pk}
    assert not Application.history.filter(id=old.pk).exists()


def test_a_dry_run_removes_nothing():
    call = CallFactory()
    decided(call, Decision.NOT_SELECTED, 400, "Perugia")
    assert "Would remove 1 applications." in purge("--dry-run")
    assert Application.objects.count() == 1
