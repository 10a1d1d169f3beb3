"""The coordinator's matchmaking page (inside the language prefix, under /<lang>/matchmaking/)."""

from django.urls import path

from citybridge.calls import matchmaking_views as views

app_name = "matchmaking"
urlpatterns = [
    path("<slug:slug>/", views.call_page, name="call"),
    path("<slug:slug>/pairs/", views.choose, name="choose"),
    path("<slug:slug>/accept/", views.accept, name="accept"),
]
