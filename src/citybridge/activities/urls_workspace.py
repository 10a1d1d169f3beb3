"""Staff pages of activities, agendas, participants and materials, under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.activities.views import workspace

urlpatterns = [
    path(
        "pairings/<slug:slug>/activities/new/",
        workspace.activity_new_for_pairing,
        name="pairing_activity_new",
    ),
    path(
        "programmes/<slug:slug>/activities/new/",
        workspace.activity_new_for_programme,
        name="programme_activity_new",
    ),
    path("activities/<int:pk>/", workspace.activity, name="activity"),
    path("activities/<int:pk>/edit/", workspace.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/outcomes/", workspace.outcomes, name="activity_outcomes"),
    path("activities/<int:pk>/agenda/new/", workspace.agenda_item_new, name="agenda_item_new"),
    path("agenda/<int:pk>/edit/", workspace.agenda_item_edit, name="agenda_item_edit"),
    path(
        "agenda/<int:pk>/move/<str:direction>/",
        workspace.agenda_item_move,
        name="agenda_item_move",
    ),
    path("agenda/<int:pk>/delete/", workspace.agenda_item_delete, name="agenda_item_delete"),
    path(
        "activities/<int:pk>/participants/new/", workspace.participant_new, name="participant_new"
    ),
    path("participants/<int:pk>/edit/", workspace.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/delete/", workspace.participant_delete, name="participant_delete"),
    path("materials/new/<str:target>/<int:pk>/", workspace.material_new, name="material_new"),
    path("materials/<int:pk>/delete/", workspace.material_delete, name="material_delete"),
]
