"""Staff pages of cities, their departments, stakeholders and people, under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.directory.views import workspace

urlpatterns = [
    path("cities/new/", workspace.city_new, name="city_new"),
    path("cities/gazetteer/", workspace.gazetteer_search, name="gazetteer"),
    path("cities/<slug:slug>/", workspace.city, name="city"),
    path("cities/<slug:slug>/edit/", workspace.city_edit, name="city_edit"),
    path(
        "cities/<slug:slug>/organisations/new/", workspace.organisation_new, name="organisation_new"
    ),
    path("organisations/<int:pk>/edit/", workspace.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/delete/", workspace.organisation_delete, name="organisation_delete"
    ),
    path("cities/<slug:slug>/people/new/", workspace.person_new, name="person_new"),
    path("people/<int:pk>/edit/", workspace.person_edit, name="person_edit"),
]
