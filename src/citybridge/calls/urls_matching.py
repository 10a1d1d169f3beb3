"""The coordinator's matchmaking page (inside the language prefix, under /<lang>/matchmaking/)."""

from django.urls import path

from citybridge.calls.views import matchmaking

app_name = "matchmaking"
urlpatterns = [
    path("<slug:slug>/", matchmaking.call_page, name="call"),
    path("<slug:slug>/pairs/", matchmaking.choose, name="choose"),
    path("<slug:slug>/accept/", matchmaking.accept, name="accept"),
]
