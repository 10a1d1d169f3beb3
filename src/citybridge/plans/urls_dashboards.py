"""Monitoring dashboards (inside the language prefix, under /<lang>/dashboards/)."""

app_name = "plans_dash"
urlpatterns: list = []
