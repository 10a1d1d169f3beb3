"""Staff pages of programmes (coordinators), under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.programmes.views import workspace

urlpatterns = [
    path("programmes/new/", workspace.programme_new, name="programme_new"),
    path("programmes/<slug:slug>/", workspace.programme, name="programme"),
    path("programmes/<slug:slug>/edit/", workspace.programme_edit, name="programme_edit"),
    path("programmes/<slug:slug>/themes/new/", workspace.theme_edit, name="theme_new"),
    path("programmes/<slug:slug>/themes/<int:pk>/edit/", workspace.theme_edit, name="theme_edit"),
]
