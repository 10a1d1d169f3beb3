"""The coordinator's matchmaking page (inside the language prefix, under /<lang>/matchmaking/)."""

app_name = "matchmaking"
urlpatterns: list = []
