"""iCalendar feeds (outside the language prefix: calendar clients subscribe to one address)."""

from django.urls import path

from citybridge.activities.views import feeds

app_name = "feeds"
urlpatterns = [
    path("programmes/<slug:slug>.ics", feeds.programme, name="programme"),
    path("pairings/<slug:slug>.ics", feeds.pairing, name="pairing"),
    path("cities/<slug:slug>.ics", feeds.city, name="city"),
    path("people/<uuid:token>.ics", feeds.person, name="person"),
    path("activities/<uuid:uid>.ics", feeds.activity, name="activity"),
]
