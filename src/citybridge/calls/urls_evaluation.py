"""Evaluation, ranking, selection and import (inside the language prefix, under /<lang>/evaluation/)."""

app_name = "evaluation"
urlpatterns: list = []
