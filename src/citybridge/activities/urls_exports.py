"""Agenda PDF and participant exports (inside the language prefix)."""

app_name = "exports"
urlpatterns: list = []
