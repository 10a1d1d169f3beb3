"""The notifications page under /<lang>/workspace/notifications/ (``workspace`` namespace)."""

from django.urls import path

from citybridge.notifications.views import workspace

urlpatterns = [
    path("notifications/", workspace.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", workspace.read, name="notification_read"),
    path("notifications/read-all/", workspace.read_all, name="notifications_read_all"),
]
