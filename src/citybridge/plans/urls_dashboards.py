"""Monitoring dashboards (inside the language prefix, under /<lang>/dashboards/)."""

from django.urls import path

from citybridge.plans.views import dashboards

app_name = "plans_dash"
urlpatterns = [
    path("pairings/<slug:slug>/", dashboards.pairing, name="pairing"),
    path("programmes/<slug:slug>/", dashboards.programme, name="programme"),
]
