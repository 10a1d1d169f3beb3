"""iCalendar feeds (outside the language prefix: calendar clients subscribe to one address)."""

app_name = "feeds"
urlpatterns: list = []
