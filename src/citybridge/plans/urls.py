from django.urls import path

from citybridge.plans.views import public

app_name = "plans"
urlpatterns = [
    path("<slug:slug>/", public.public, name="public"),
]
