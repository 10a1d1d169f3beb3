"""Logging in opens the site in the language the person chose in their settings."""

from django.contrib.auth import views as auth_views
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme

from citybridge.accounts.services import preferences_of
from citybridge.accounts.views.workspace import with_language_cookie


class LoginView(auth_views.LoginView):
    """Django's login; afterwards the next page is shown in the person's chosen language
    (``/it/workspace/`` → ``/ja/workspace/``) and the language is remembered in the cookie."""

    def form_valid(self, form):
        response = super().form_valid(form)
        language = preferences_of(form.get_user()).language
        if not language:
            return response
        target = response.url
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={self.request.get_host()}):
            target = reverse("workspace:home")
        response["Location"] = translate_url(target, language)
        return with_language_cookie(response, language)
