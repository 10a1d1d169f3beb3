"""The personal settings form: name, language, time zone, consent and notification choices."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from citybridge.accounts.enums import Delivery, Topic
from citybridge.core.forms import CityBridgeForm


def _zone_choices():
    return [("", _("As my city (or the activity's cities)"))] + [
        (zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone
    ]


class SettingsForm(CityBridgeForm):
    """One form for a person's own choices; ``initial`` comes from ``settings_initial``."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        help_text=_("The workspace opens in it when you log in; e-mails are written in it."),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        required=False,
        help_text=_("Agendas and e-mails also show times in this zone."),
    )
    public_consent = forms.BooleanField(
        label=_("My name may appear on public pages"),
        required=False,
        help_text=_("Without your agreement, public pages never show your name."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("As my browser"))] + list(settings.LANGUAGES)
        self.fields["time_zone"].choices = _zone_choices()
        for topic in Topic:
            self.fields[f"notify_{topic.value}"] = forms.ChoiceField(
                label=topic.label,
                choices=Delivery.choices,
                widget=forms.RadioSelect,
                initial=Delivery.AT_ONCE,
            )

    def notification_fields(self):
        return [self[f"notify_{topic.value}"] for topic in Topic]

    def notifications(self) -> dict[str, str]:
        return {topic.value: self.cleaned_data[f"notify_{topic.value}"] for topic in Topic}


class ConfirmErasureForm(CityBridgeForm):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
