"""Every page of the Django admin opens for a superuser on the demo programme's data."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_admin_list_add_and_change_page_opens(client):
    call_command("load_demo", quiet_logins=True)
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    failures = {}
    for model in admin.site._registry:
        meta = model._meta
        urls = [
            reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
            reverse(f"admin:{meta.app_label}_{meta.model_name}_add"),
        ]
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(
                reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
            )
        for url in urls:
            status = client.get(url).status_code
            if status not in (200, 403):
                failures[url] = status
    assert failures == {}
