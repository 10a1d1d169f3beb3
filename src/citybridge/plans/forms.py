from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from citybridge.core.forms import DATE_INPUT, CityBridgeForm, TranslatedModelForm
from citybridge.core.i18n import localize
from citybridge.directory.models import City, Organisation
from citybridge.plans.models import (
    Action,
    ActionPlan,
    ActionStep,
    Indicator,
    Measurement,
    ProgressUpdate,
)
from citybridge.programmes.forms import theme_path


class PlanForm(TranslatedModelForm):
    TEXT_FIELDS = ("title", "context", "vision", "objectives")

    class Meta:
        model = ActionPlan
        fields = ["title", "context", "vision", "objectives"]


class ActionForm(TranslatedModelForm):
    TEXT_FIELDS = (
        "title",
        "description",
        "funding_source",
        "expected_results",
        "benefits",
        "risks",
    )

    class Meta:
        model = Action
        fields = [
            "title",
            "theme",
            "description",
            "lead_city",
            "lead_organisation",
            "partners",
            "start_date",
            "end_date",
            "budget",
            "currency",
            "funding_source",
            "expected_results",
            "benefits",
            "risks",
            "sdgs",
            "is_pilot",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "partners": forms.CheckboxSelectMultiple,
            "sdgs": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        pairing = plan.pairing
        city_ids = list(pairing.memberships.values_list("city_id", flat=True))
        self.fields["theme"].queryset = pairing.programme.themes.select_related(
            "parent__parent"
        ).order_by("order", "id")
        self.fields["theme"].label_from_instance = theme_path
        self.fields["lead_city"].queryset = City.objects.filter(pk__in=city_ids).order_by("slug")
        organisations = (
            Organisation.objects.filter(city_id__in=city_ids)
            .select_related("city")
            .order_by("city_id", "kind", "id")
        )
        self.fields["lead_organisation"].queryset = organisations
        self.fields["partners"].queryset = organisations
        label = lambda o: f"{localize(o.name).text} ({localize(o.city.name).text})"  # noqa: E731
        self.fields["lead_organisation"].label_from_instance = label
        self.fields["partners"].label_from_instance = label
        self.fields["sdgs"].label_from_instance = lambda s: f"{s.number}. {localize(s.name).text}"

    def clean(self):
        cleaned = super().clean()
        lead, city = cleaned.get("lead_organisation"), cleaned.get("lead_city")
        if lead and city and lead.city_id != city.pk:
            self.add_error(
                "lead_organisation", _("The lead organisation must belong to the lead city.")
            )
        return cleaned


class IndicatorForm(TranslatedModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "action",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
        ]
        widgets = {"baseline_date": DATE_INPUT, "target_date": DATE_INPUT}

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = plan.actions.order_by("order", "id")
        self.instance.plan = plan


class MeasurementForm(TranslatedModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, indicator: Indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator

    def clean_date(self):
        date = self.cleaned_data["date"]
        others = Measurement.objects.filter(indicator=self.instance.indicator, date=date).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(
                _("There is already a measurement on this date; edit it instead.")
            )
        return date


class ProgressUpdateForm(TranslatedModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["date", "status", "percent", "narrative"]
        widgets = {"date": DATE_INPUT}


class ApprovalForm(CityBridgeForm):
    approved_on = forms.DateField(label=_("Approved on"), widget=DATE_INPUT)
    activity = forms.ModelChoiceField(
        label=_("Approved during"),
        queryset=None,
        required=False,
        help_text=_("The meeting where it was approved, if any (for example an exchange meeting)."),
    )

    def __init__(self, *args, plan: ActionPlan, **kwargs):
        super().__init__(*args, **kwargs)
        from citybridge.plans.selectors import approval_activities

        self.fields["activity"].queryset = approval_activities(plan).order_by("-starts_at")
        self.fields["activity"].label_from_instance = lambda a: (
            f"{localize(a.title).text} ({a.starts_at:%Y-%m-%d})"
        )


class RequestChangesForm(CityBridgeForm):
    reason = forms.CharField(
        label=_("What needs to change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )


class CommentForm(CityBridgeForm):
    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Mention someone with @username."),
    )


class ActionStepForm(TranslatedModelForm):
    class Meta:
        model = ActionStep
        fields = ["title", "due_date", "done", "order"]
        widgets = {"due_date": DATE_INPUT}


ActionStepFormSet = inlineformset_factory(
    Action, ActionStep, form=ActionStepForm, extra=1, can_delete=True, max_num=30, validate_max=True
)
