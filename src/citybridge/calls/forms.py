from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from citybridge.calls.models import Application, Call, Criterion
from citybridge.core.forms import CityBridgeForm, LanguagesField, TranslatedModelForm
from citybridge.core.i18n import localize
from citybridge.core.timezones import to_zone
from citybridge.directory.models import City, Organisation, Person
from citybridge.programmes.forms import ThemeChoiceField

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class CountryCodesField(forms.CharField):
    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [c.strip().upper() for c in (value or "").split(",") if c.strip()]


class CallForm(TranslatedModelForm):
    """A call. Opening and closing are typed in the call's time zone and stored in UTC."""

    model_error_fields = {"opens_at": "opens", "closes_at": "closes"}

    side_a_countries = CountryCodesField(
        label=_("Countries of the first region"), help_text=_("Comma-separated, e.g. IT, DE, ES")
    )
    side_b_countries = CountryCodesField(
        label=_("Countries of the second region"), help_text=_("Comma-separated, e.g. JP")
    )
    opens = forms.DateTimeField(label=_("Opens"), widget=DATETIME)
    closes = forms.DateTimeField(label=_("Closes"), widget=DATETIME)

    class Meta:
        model = Call
        fields = [
            "title",
            "slug",
            "text",
            "side_a_name",
            "side_a_countries",
            "side_b_name",
            "side_b_countries",
            "min_population",
            "allow_groups",
            "is_published",
            "time_zone",
            "opens",
            "closes",
            "themes",
            "evaluators",
        ]
        field_classes = {"themes": ThemeChoiceField}
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "evaluators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.instance.programme
        self.fields["themes"].queryset = programme.themes.select_related("parent__parent").order_by(
            "order", "id"
        )
        self.fields["evaluators"].queryset = (
            get_user_model()
            .objects.filter(roles__kind="evaluator", roles__programme=programme)
            .distinct()
            .order_by("username")
        )
        self.fields["evaluators"].help_text = _("People with the evaluator role in this programme.")
        if self.instance.pk:
            zone = self.instance.time_zone
            self.initial["opens"] = to_zone(self.instance.opens_at, zone).replace(tzinfo=None)
            self.initial["closes"] = to_zone(self.instance.closes_at, zone).replace(tzinfo=None)

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("time_zone")
        for field, attribute in (("opens", "opens_at"), ("closes", "closes_at")):
            value: datetime | None = cleaned.get(field)
            if value is not None and zone:
                setattr(
                    self.instance,
                    attribute,
                    value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(zone)),
                )
        return cleaned


CriterionFormSet = inlineformset_factory(
    Call,
    Criterion,
    form=TranslatedModelForm,
    fields=["name", "weight", "max_score", "order"],
    extra=1,
    can_delete=True,
)


class ApplicationForm(TranslatedModelForm):
    """A city's application: everything but the ranked themes, which have their own fields."""

    staff_languages = LanguagesField(label=_("Working languages of the staff"))

    class Meta:
        model = Application
        fields = [
            "challenges",
            "practices",
            "motivation",
            "staff_languages",
            "departments",
            "ties",
            "ties_description",
            "contact",
        ]
        widgets = {"departments": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = self.instance
        city = application.city
        self.fields["departments"].queryset = Organisation.objects.filter(city=city).order_by(
            "kind", "id"
        )
        self.fields["departments"].label_from_instance = lambda o: localize(o.name).text
        self.fields["contact"].queryset = Person.objects.filter(organisation__city=city).order_by(
            "name"
        )
        self.fields["ties"].queryset = City.objects.exclude(pk=city.pk).order_by("slug")
        self.fields["ties"].help_text = _("Hold Ctrl (or Cmd) to choose several.")
        themes = list(application.call.themes.order_by("order", "id"))
        ranked = (
            {t.theme_id: t.rank for t in application.ranked_themes.all()} if application.pk else {}
        )
        for theme in themes:
            self.fields[f"theme_{theme.pk}"] = forms.TypedChoiceField(
                label=localize(theme.name).text,
                choices=[("", _("not chosen")), *[(n, n) for n in range(1, len(themes) + 1)]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=ranked.get(theme.pk),
            )
        self.theme_fields = [f"theme_{t.pk}" for t in themes]
        self.themes = {f"theme_{t.pk}": t for t in themes}

    def clean(self):
        cleaned = super().clean()
        ranks = [cleaned.get(name) for name in self.theme_fields if cleaned.get(name) is not None]
        if len(ranks) != len(set(ranks)):
            raise forms.ValidationError(
                _("Give each chosen theme a different priority (1 = most important).")
            )
        return cleaned

    def ranked(self) -> list[tuple]:
        return sorted(
            (
                (self.cleaned_data[name], self.themes[name])
                for name in self.theme_fields
                if self.cleaned_data.get(name)
            ),
            key=lambda pair: pair[0],
        )


class GroupMemberForm(CityBridgeForm):
    name = forms.CharField(label=_("Municipality"), max_length=200)
    population = forms.IntegerField(label=_("Population"), min_value=1)


GroupMemberFormSet = forms.formset_factory(GroupMemberForm, extra=1, max_num=20, can_delete=True)
