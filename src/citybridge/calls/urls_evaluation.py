"""Evaluation, ranking, selection and import (inside the language prefix, under /<lang>/evaluation/).

``mine`` and ``applications`` come before the call's short name, so no call can be named so.
"""

from django.urls import path

from citybridge.calls import evaluation_views as views

app_name = "evaluation"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("applications/<int:pk>/score/", views.score, name="score"),
    path("<slug:slug>/", views.call_page, name="call"),
    path("<slug:slug>/ranking.csv", views.ranking_csv, name="ranking_csv"),
    path("<slug:slug>/ranking.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path(
        "<slug:slug>/applications/<int:pk>/eligibility/",
        views.set_eligibility,
        name="eligibility",
    ),
    path("<slug:slug>/applications/<int:pk>/assign/", views.assign, name="assign"),
    path("<slug:slug>/applications/<int:pk>/decide/", views.decide, name="decide"),
    path("<slug:slug>/import/", views.import_applications, name="import"),
    path("<slug:slug>/import/template.csv", views.import_template_csv, name="import_template_csv"),
    path(
        "<slug:slug>/import/template.xlsx", views.import_template_xlsx, name="import_template_xlsx"
    ),
]
