from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from citybridge.core.forms import (
    DATE_INPUT,
    CityBridgeForm,
    CityBridgeModelForm,
    TranslatedModelForm,
)
from citybridge.directory.models import City, Organisation
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import (
    Agreement,
    AgreementVersion,
    Milestone,
    Pairing,
    PairingCity,
    Signatory,
)
from citybridge.pairings.services import validate_pairing_cities
from citybridge.programmes.forms import ThemeChoiceField


class PairingSharedForm(TranslatedModelForm):
    """What every city of the pairing may edit."""

    class Meta:
        model = Pairing
        fields = ["focus", "description", "themes"]
        field_classes = {"themes": ThemeChoiceField}
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = self.instance.programme.themes.select_related(
            "parent__parent"
        ).order_by("order", "id")


class NewPairingForm(CityBridgeForm):
    """A programme coordinator pairs two or more cities by hand."""

    city_1 = forms.ModelChoiceField(queryset=City.objects.none(), label=_("First city"))
    city_2 = forms.ModelChoiceField(queryset=City.objects.none(), label=_("Second city"))
    city_3 = forms.ModelChoiceField(
        queryset=City.objects.none(), label=_("Third city (multilateral pairing)"), required=False
    )
    selected_in = forms.IntegerField(
        label=_("Year selected"), min_value=1900, max_value=2100, required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=PairingStatus.choices, initial=PairingStatus.PROPOSED
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("city_1", "city_2", "city_3"):
            self.fields[name].queryset = City.objects.order_by("slug")

    @property
    def cities(self) -> list[City]:
        return [c for c in (self.cleaned_data.get(f"city_{i}") for i in (1, 2, 3)) if c is not None]

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            try:
                validate_pairing_cities(self.cities)
            except forms.ValidationError as error:
                self.add_error(None, error)
        return cleaned


class PairingManageForm(CityBridgeModelForm):
    """What only the programme staff may change."""

    class Meta:
        model = Pairing
        fields = ["status", "selected_in", "start_date", "end_date", "coordinator"]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }


class InvolvementForm(CityBridgeModelForm):
    """Which of one city's departments and stakeholders take part in the pairing."""

    class Meta:
        model = PairingCity
        fields = ["organisations"]
        widgets = {"organisations": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = Organisation.objects.filter(
            city_id=self.instance.city_id
        ).order_by("kind", "id")
        self.fields["organisations"].label = _("Departments and stakeholders involved")


class AgreementForm(TranslatedModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "status",
            "signed_on",
            "signed_place",
            "signing_activity",
            "valid_from",
            "valid_until",
            "summary",
            "document_url",
        ]
        widgets = {"signed_on": DATE_INPUT, "valid_from": DATE_INPUT, "valid_until": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signing_activity"].queryset = self.instance.pairing.activities.order_by(
            "starts_at"
        )


class AgreementVersionForm(CityBridgeModelForm):
    """One language version of the agreement: a PDF or office document, checked by content."""

    ACCEPTED_KINDS = ("pdf", "document")

    class Meta:
        model = AgreementVersion
        fields = ["language", "document"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].widget = forms.Select(
            choices=[("", "—"), *settings.KNOWN_LANGUAGES.items()]
        )
        self.checked = None

    def clean_document(self):
        from citybridge.core.uploads import validate_upload

        upload = self.cleaned_data.get("document")
        if upload and hasattr(upload, "content_type"):
            self.checked = validate_upload(upload)
            if self.checked.kind not in self.ACCEPTED_KINDS:
                raise forms.ValidationError(
                    _("The agreement must be a PDF or a word-processor document.")
                )
        return upload

    def save(self, commit=True):
        version = super().save(commit=False)
        if self.checked is not None:
            version.original_name = self.checked.display_name
            version.mime_type = self.checked.mime_type
            version.document.name = self.checked.safe_name
        if commit:
            version.save()
        return version


AgreementVersionFormSet = inlineformset_factory(
    Agreement, AgreementVersion, form=AgreementVersionForm, extra=1, can_delete=True, max_num=20
)


class SignatoryForm(TranslatedModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "title", "city", "order"]

    def __init__(self, *args, pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = pairing.cities.order_by("slug")


SignatoryFormSet = inlineformset_factory(
    Agreement,
    Signatory,
    form=SignatoryForm,
    extra=1,
    can_delete=True,
    max_num=10,
    validate_max=True,
)


class MilestoneForm(TranslatedModelForm):
    class Meta:
        model = Milestone
        fields = ["date", "end_date", "title", "description"]
        widgets = {
            "date": DATE_INPUT,
            "end_date": DATE_INPUT,
        }
