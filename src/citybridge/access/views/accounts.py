"""Account pages with limits: logging in (throttled by django-axes) and password resets.

Both limits count in the shared cache (``core.throttle``; settings ``AXES_*`` and
``CITYBRIDGE_PASSWORD_RESETS_PER_HOUR``), so they hold across worker processes and servers.
"""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.utils.translation import gettext as _

from citybridge.core.clients import client_address
from citybridge.core.throttle import cache_key, take

HOUR = 3600


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset page, sending at most ``CITYBRIDGE_PASSWORD_RESETS_PER_HOUR`` e-mails an
    hour to one address, and asked for at most as many times an hour from one client address.

    Without the limit anyone could make the site send a stream of e-mails to a person, or
    through many addresses get the site's mail server marked as a source of spam. The address
    is counted whether or not an account has it, so the refusal says nothing about accounts."""

    def form_valid(self, form):
        limit = settings.CITYBRIDGE_PASSWORD_RESETS_PER_HOUR
        keys = [
            cache_key("reset-client", client_address(self.request)),
            cache_key("reset-email", form.cleaned_data["email"].strip().lower()),
        ]
        if not take(keys, limit=limit, seconds=HOUR):
            form.add_error(
                None,
                _(
                    "Too many password-reset e-mails were asked for this address or from your "
                    "network in the last hour. No e-mail was sent: please try again in an hour."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


def locked_out(request, original_response=None, credentials=None):
    """What django-axes answers while an account or a client address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
