"""Agenda PDF and participant exports (inside the language prefix)."""

from django.urls import path

from citybridge.activities.views import files

app_name = "exports"
urlpatterns = [
    path("activities/<int:pk>/agenda.pdf", files.agenda_pdf, name="agenda_pdf"),
    path("activities/<int:pk>/participants.csv", files.participants_csv, name="participants_csv"),
    path(
        "activities/<int:pk>/participants.xlsx",
        files.participants_xlsx,
        name="participants_xlsx",
    ),
]
