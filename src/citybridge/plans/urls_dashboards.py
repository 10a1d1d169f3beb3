"""Monitoring dashboards (inside the language prefix, under /<lang>/dashboards/)."""

from django.urls import path

from citybridge.plans import dashboard_views

app_name = "plans_dash"
urlpatterns = [
    path("pairings/<slug:slug>/", dashboard_views.pairing, name="pairing"),
    path("programmes/<slug:slug>/", dashboard_views.programme, name="programme"),
]
