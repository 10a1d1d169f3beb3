"""Staff pages of pairings, agreements and milestones, under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.pairings.views import workspace

urlpatterns = [
    path("pairings/<slug:slug>/edit/", workspace.pairing_edit, name="pairing_edit"),
    path("pairings/<slug:slug>/agreements/new/", workspace.agreement_edit, name="agreement_new"),
    path(
        "pairings/<slug:slug>/agreements/<int:pk>/edit/",
        workspace.agreement_edit,
        name="agreement_edit",
    ),
    path("pairings/<slug:slug>/milestones/new/", workspace.milestone_edit, name="milestone_new"),
    path(
        "pairings/<slug:slug>/milestones/<int:pk>/edit/",
        workspace.milestone_edit,
        name="milestone_edit",
    ),
    path(
        "pairings/<slug:slug>/milestones/<int:pk>/delete/",
        workspace.milestone_delete,
        name="milestone_delete",
    ),
    path("programmes/<slug:slug>/pairings/new/", workspace.pairing_new, name="pairing_new"),
]
