from django.urls import path

from citybridge.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/<slug:slug>/", views.programme, name="programme"),
    path("cities/<slug:slug>/", views.city, name="city"),
    path("pairings/<slug:slug>/", views.pairing, name="pairing"),
]
