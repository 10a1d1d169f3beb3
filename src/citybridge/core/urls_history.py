from django.urls import path

from citybridge.core import history_views

app_name = "history"

urlpatterns = [
    path("<str:label>/<int:pk>/", history_views.record_history, name="record"),
    path("<str:label>/<int:pk>/restore/<int:history_id>/", history_views.restore, name="restore"),
]
