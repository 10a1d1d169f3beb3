"""Inviting someone to a role, changing a role, and choosing a password on acceptance."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from citybridge.access.rules import kinds_on
from citybridge.access.services import default_language
from citybridge.core.forms import CityBridgeForm


class InviteForm(CityBridgeForm):
    email = forms.EmailField(label=_("E-mail address"))
    kind = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the e-mail"),
        help_text=_("The invitation is written in this language; it becomes theirs."),
    )

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds_on(scope)]
        self.fields["language"].choices = settings.LANGUAGES
        self.fields["language"].initial = default_language(scope)


class RoleChangeForm(CityBridgeForm):
    kind = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, scope=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds_on(scope)]


class PasswordField(forms.Field):
    """A password exactly as typed: not a CharField, so the shared limits (which tidy the
    spaces and invisible characters of one-line texts) leave it alone."""

    widget = forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": "1024"})

    def to_python(self, value):
        return "" if value in self.empty_values else str(value)

    def validate(self, value):
        super().validate(value)
        if len(value) > 1024:
            raise forms.ValidationError(_("At most 1,024 characters."))


class AcceptForm(CityBridgeForm):
    """A new account: the name others see, and a password typed twice."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = PasswordField(label=_("Password"))
    password2 = PasswordField(label=_("Password again"))

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            from django.contrib.auth import get_user_model

            User = get_user_model()
            try:
                password_validation.validate_password(
                    first, User(username=self.email, email=self.email)
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
