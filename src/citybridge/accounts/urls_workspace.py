"""A person's own pages under /<lang>/workspace/settings/ (``workspace`` namespace)."""

from django.urls import path

from citybridge.accounts.views import workspace

urlpatterns = [
    path("settings/", workspace.settings_page, name="settings"),
    path("settings/calendar/reset/", workspace.calendar_reset, name="calendar_reset"),
    path("settings/password/", workspace.PasswordChangeView.as_view(), name="password_change"),
]
