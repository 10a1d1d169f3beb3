"""Staff pages of action plans, under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.plans.views import workspace

urlpatterns = [
    path("pairings/<slug:slug>/plan/", workspace.plan_for_pairing, name="pairing_plan"),
    path("plans/<int:pk>/", workspace.plan, name="plan"),
    path("plans/<int:pk>/edit/", workspace.plan_edit, name="plan_edit"),
    path("plans/<int:plan_pk>/actions/new/", workspace.action_edit, name="action_new"),
    path("actions/<int:pk>/edit/", workspace.action_edit, name="action_edit"),
    path(
        "plans/<int:pk>/workflow/<str:transition>/",
        workspace.plan_transition,
        name="plan_transition",
    ),
    path("plans/<int:pk>/versions/compare/", workspace.versions_compare, name="plan_versions"),
    path("plans/<int:pk>/comments/new/", workspace.comment_new, name="plan_comment"),
    path("plans/<int:pk>/history/", workspace.history, name="plan_history"),
    path("actions/<int:pk>/progress/new/", workspace.progress_new, name="progress_new"),
    path("plans/<int:plan_pk>/indicators/new/", workspace.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/edit/", workspace.indicator_edit, name="indicator_edit"),
    path(
        "indicators/<int:pk>/measurements/new/", workspace.measurement_new, name="measurement_new"
    ),
]
