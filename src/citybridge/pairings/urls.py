from django.urls import path

from citybridge.pairings import views

app_name = "pairings"
urlpatterns = [
    path("versions/<int:pk>/", views.agreement_version, name="agreement_version"),
]
