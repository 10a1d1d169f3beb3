"""A URL configuration with a page that fails, for the server-error page's test."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path


def failing_page(request):
    raise RuntimeError("A bug on purpose")


urlpatterns = i18n_patterns(path("failing/", failing_page))
