"""A person's own pages: settings, calendar address, password."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy, translate_url
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.accounts.forms import SettingsForm
from citybridge.accounts.services import (
    display_name,
    preferences_of,
    rename,
    reset_calendar_address,
    set_preferences,
)


def _person(user):
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def with_language_cookie(response, language: str):
    """Remember ``language`` as the visitor's choice (Django's language cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@login_required
def settings_page(request):
    user = request.user
    prefs = preferences_of(user)
    person = _person(user)
    initial = {
        "name": display_name(user),
        "language": prefs.language,
        "time_zone": prefs.time_zone,
        "public_consent": bool(person and person.public_consent),
        **{f"notify_{topic}": delivery for topic, delivery in prefs.deliveries().items()},
    }
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if not person:
        del form.fields["public_consent"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            set_preferences(
                user=user,
                language=data["language"],
                time_zone=data["time_zone"],
                notifications=form.notifications(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            rename(user=user, name=data["name"], public_consent=data.get("public_consent"))
            language = data["language"] or get_language()
            messages.success(request, _("Your settings have been saved."))
            target = translate_url(reverse("workspace:settings"), language)
            return (
                with_language_cookie(redirect(target), language)
                if data["language"]
                else redirect(target)
            )
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "person": person,
            "calendar_url": (
                request.build_absolute_uri(
                    reverse("feeds:person", kwargs={"token": person.calendar_token})
                )
                if person
                else ""
            ),
        },
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def calendar_reset(request):
    if reset_calendar_address(user=request.user) is None:
        messages.error(request, _("Your account is not linked to a person: it has no calendar."))
    else:
        messages.success(
            request,
            _(
                "Your calendar has a new address. Subscribe again with it: the old one no longer works."
            ),
        )
    return redirect("workspace:settings")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("workspace:settings")

    def form_valid(self, form):
        messages.success(self.request, _("Your password has been changed."))
        return super().form_valid(form)
