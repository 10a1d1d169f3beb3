from django.urls import path

from citybridge.pairings.views import public

app_name = "pairings"
urlpatterns = [
    path("versions/<int:pk>/", public.agreement_version, name="agreement_version"),
]
