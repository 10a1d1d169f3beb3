"""A person's own data under /<lang>/workspace/settings/ (``workspace`` namespace)."""

from django.urls import path

from citybridge.privacy.views import workspace

urlpatterns = [
    path("settings/my-data.zip", workspace.my_data, name="my_data"),
    path("settings/erase/", workspace.erase_me, name="erase_me"),
]
