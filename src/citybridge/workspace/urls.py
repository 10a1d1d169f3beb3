from django.urls import path

from citybridge.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("cities/new/", views.city_new, name="city_new"),
    path("cities/gazetteer/", views.gazetteer_search, name="gazetteer"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("cities/<slug:slug>/edit/", views.city_edit, name="city_edit"),
    path("cities/<slug:slug>/organisations/new/", views.organisation_new, name="organisation_new"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/delete/", views.organisation_delete, name="organisation_delete"),
    path("cities/<slug:slug>/people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("pairings/<slug:slug>/edit/", views.pairing_edit, name="pairing_edit"),
    path("pairings/<slug:slug>/agreements/new/", views.agreement_edit, name="agreement_new"),
    path("pairings/<slug:slug>/agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("pairings/<slug:slug>/milestones/new/", views.milestone_new, name="milestone_new"),
]
