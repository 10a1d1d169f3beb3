"""Agenda PDF and participant exports (inside the language prefix)."""

from django.urls import path

from citybridge.activities import exports

app_name = "exports"
urlpatterns = [
    path("activities/<int:pk>/agenda.pdf", exports.agenda_pdf, name="agenda_pdf"),
    path("activities/<int:pk>/participants.csv", exports.participants_csv, name="participants_csv"),
    path(
        "activities/<int:pk>/participants.xlsx",
        exports.participants_xlsx,
        name="participants_xlsx",
    ),
]
