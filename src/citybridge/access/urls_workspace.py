"""Staff pages of roles and invitations, under /<lang>/workspace/ in the ``workspace`` namespace.

``citybridge.workspace.urls`` puts these patterns together with the other apps' staff pages.
"""

from django.urls import path

from citybridge.access.views import workspace

urlpatterns = [
    path(
        "roles/programmes/<slug:slug>/",
        workspace.roles,
        {"scope": "programme"},
        name="programme_roles",
    ),
    path(
        "roles/programmes/<slug:slug>/invite/",
        workspace.invite,
        {"scope": "programme"},
        name="programme_invite",
    ),
    path(
        "roles/pairings/<slug:slug>/", workspace.roles, {"scope": "pairing"}, name="pairing_roles"
    ),
    path(
        "roles/pairings/<slug:slug>/invite/",
        workspace.invite,
        {"scope": "pairing"},
        name="pairing_invite",
    ),
    path("roles/cities/<slug:slug>/", workspace.roles, {"scope": "city"}, name="city_roles"),
    path(
        "roles/cities/<slug:slug>/invite/", workspace.invite, {"scope": "city"}, name="city_invite"
    ),
    path("roles/<int:pk>/change/", workspace.role_change, name="role_change"),
    path("roles/<int:pk>/revoke/", workspace.role_revoke, name="role_revoke"),
    path("invitations/<int:pk>/resend/", workspace.invitation_resend, name="invitation_resend"),
    path(
        "invitations/<int:pk>/withdraw/", workspace.invitation_withdraw, name="invitation_withdraw"
    ),
]
