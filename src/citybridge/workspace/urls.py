"""The staff workspace under /<lang>/workspace/: its home page here, and every domain app's
staff pages (``<app>/urls_workspace.py``) in the one ``workspace`` namespace, so URL names
stay ``workspace:plan``, ``workspace:city_edit``… wherever the view lives."""

from django.urls import path

from citybridge.access import urls_workspace as access
from citybridge.accounts import urls_workspace as accounts
from citybridge.activities import urls_workspace as activities
from citybridge.directory import urls_workspace as directory
from citybridge.notifications import urls_workspace as notifications
from citybridge.pairings import urls_workspace as pairings
from citybridge.plans import urls_workspace as plans
from citybridge.privacy import urls_workspace as privacy
from citybridge.programmes import urls_workspace as programmes
from citybridge.workspace.views import home

app_name = "workspace"
urlpatterns = [
    path("", home.home, name="home"),
    *directory.urlpatterns,
    *pairings.urlpatterns,
    *activities.urlpatterns,
    *plans.urlpatterns,
    *programmes.urlpatterns,
    *access.urlpatterns,
    *accounts.urlpatterns,
    *notifications.urlpatterns,
    *privacy.urlpatterns,
]
