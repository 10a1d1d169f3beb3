from django.urls import path

from citybridge.plans import views

app_name = "plans"
urlpatterns = [
    path("<slug:slug>/", views.public, name="public"),
]
