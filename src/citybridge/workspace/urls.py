from django.urls import path

from citybridge.workspace.views import activities, directory, home, pairings, plans, programmes

app_name = "workspace"
urlpatterns = [
    path("", home.home, name="home"),
    # cities, their departments, stakeholders and people
    path("cities/new/", directory.city_new, name="city_new"),
    path("cities/gazetteer/", directory.gazetteer_search, name="gazetteer"),
    path("cities/<slug:slug>/", directory.city, name="city"),
    path("cities/<slug:slug>/edit/", directory.city_edit, name="city_edit"),
    path(
        "cities/<slug:slug>/organisations/new/", directory.organisation_new, name="organisation_new"
    ),
    path("organisations/<int:pk>/edit/", directory.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<int:pk>/delete/", directory.organisation_delete, name="organisation_delete"
    ),
    path("cities/<slug:slug>/people/new/", directory.person_new, name="person_new"),
    path("people/<int:pk>/edit/", directory.person_edit, name="person_edit"),
    # pairings
    path("pairings/<slug:slug>/edit/", pairings.pairing_edit, name="pairing_edit"),
    path("pairings/<slug:slug>/agreements/new/", pairings.agreement_edit, name="agreement_new"),
    path(
        "pairings/<slug:slug>/agreements/<int:pk>/edit/",
        pairings.agreement_edit,
        name="agreement_edit",
    ),
    path("pairings/<slug:slug>/milestones/new/", pairings.milestone_edit, name="milestone_new"),
    path(
        "pairings/<slug:slug>/milestones/<int:pk>/edit/",
        pairings.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "pairings/<slug:slug>/milestones/<int:pk>/delete/",
        pairings.milestone_delete,
        name="milestone_delete",
    ),
    # activities
    path(
        "pairings/<slug:slug>/activities/new/",
        activities.activity_new_for_pairing,
        name="pairing_activity_new",
    ),
    path(
        "programmes/<slug:slug>/activities/new/",
        activities.activity_new_for_programme,
        name="programme_activity_new",
    ),
    path("activities/<int:pk>/", activities.activity, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/outcomes/", activities.outcomes, name="activity_outcomes"),
    path("activities/<int:pk>/agenda/new/", activities.agenda_item_new, name="agenda_item_new"),
    path("agenda/<int:pk>/edit/", activities.agenda_item_edit, name="agenda_item_edit"),
    path(
        "agenda/<int:pk>/move/<str:direction>/",
        activities.agenda_item_move,
        name="agenda_item_move",
    ),
    path("agenda/<int:pk>/delete/", activities.agenda_item_delete, name="agenda_item_delete"),
    path(
        "activities/<int:pk>/participants/new/", activities.participant_new, name="participant_new"
    ),
    path("participants/<int:pk>/edit/", activities.participant_edit, name="participant_edit"),
    path("participants/<int:pk>/delete/", activities.participant_delete, name="participant_delete"),
    path("materials/new/<str:target>/<int:pk>/", activities.material_new, name="material_new"),
    path("materials/<int:pk>/delete/", activities.material_delete, name="material_delete"),
    # action plans
    path("pairings/<slug:slug>/plan/", plans.plan_for_pairing, name="pairing_plan"),
    path("plans/<int:pk>/", plans.plan, name="plan"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/actions/new/", plans.action_edit, name="action_new"),
    path("actions/<int:pk>/edit/", plans.action_edit, name="action_edit"),
    path(
        "plans/<int:pk>/workflow/<str:transition>/", plans.plan_transition, name="plan_transition"
    ),
    path("plans/<int:pk>/versions/compare/", plans.versions_compare, name="plan_versions"),
    path("plans/<int:pk>/comments/new/", plans.comment_new, name="plan_comment"),
    path("plans/<int:pk>/history/", plans.history, name="plan_history"),
    path("actions/<int:pk>/progress/new/", plans.progress_new, name="progress_new"),
    path("plans/<int:plan_pk>/indicators/new/", plans.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/edit/", plans.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/measurements/new/", plans.measurement_new, name="measurement_new"),
    # programmes (coordinators)
    path("programmes/<slug:slug>/", programmes.programme, name="programme"),
    path("programmes/<slug:slug>/edit/", programmes.programme_edit, name="programme_edit"),
    path("programmes/<slug:slug>/themes/new/", programmes.theme_edit, name="theme_new"),
    path("programmes/<slug:slug>/themes/<int:pk>/edit/", programmes.theme_edit, name="theme_edit"),
    path("programmes/<slug:slug>/pairings/new/", programmes.pairing_new, name="pairing_new"),
]
