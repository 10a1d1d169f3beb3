"""Accepting an invitation to a role (/<lang>/invitations/<key>/), linked from its e-mail."""

from django.urls import path

from citybridge.access.views import public

app_name = "invitations"
urlpatterns = [path("<str:key>/", public.accept, name="accept")]
