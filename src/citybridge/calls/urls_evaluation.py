"""Evaluation, ranking, selection and import (inside the language prefix, under /<lang>/evaluation/).

``mine`` and ``applications`` come before the call's short name, so no call can be named so.
"""

from django.urls import path

from citybridge.calls.views import evaluation

app_name = "evaluation"
urlpatterns = [
    path("mine/", evaluation.mine, name="mine"),
    path("applications/<int:pk>/score/", evaluation.score, name="score"),
    path("<slug:slug>/", evaluation.call_page, name="call"),
    path("<slug:slug>/ranking.csv", evaluation.ranking_csv, name="ranking_csv"),
    path("<slug:slug>/ranking.xlsx", evaluation.ranking_xlsx, name="ranking_xlsx"),
    path(
        "<slug:slug>/applications/<int:pk>/eligibility/",
        evaluation.set_eligibility,
        name="eligibility",
    ),
    path("<slug:slug>/applications/<int:pk>/assign/", evaluation.assign, name="assign"),
    path("<slug:slug>/applications/<int:pk>/decide/", evaluation.decide, name="decide"),
    path("<slug:slug>/import/", evaluation.import_applications, name="import"),
    path(
        "<slug:slug>/import/template.csv",
        evaluation.import_template_csv,
        name="import_template_csv",
    ),
    path(
        "<slug:slug>/import/template.xlsx",
        evaluation.import_template_xlsx,
        name="import_template_xlsx",
    ),
]
