from django import forms
from django.utils.translation import gettext_lazy as _

from citybridge.core.forms import CityBridgeForm, LanguagesField, TranslatedModelForm
from citybridge.directory.enums import OrganisationKind
from citybridge.directory.models import City, Organisation, Person


class CityForm(TranslatedModelForm):
    languages = LanguagesField(label=_("Languages"))

    class Meta:
        model = City
        fields = [
            "name",
            "country",
            "continent",
            "admin_region",
            "population",
            "latitude",
            "longitude",
            "time_zone",
            "languages",
            "geonames_id",
            "website",
            "description",
        ]
        widgets = {"geonames_id": forms.HiddenInput}


class OrganisationForm(TranslatedModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "kind", "website", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A programme body belongs to no city; inside a city's workspace it is not offered.
        self.fields["kind"].choices = [
            c for c in self.fields["kind"].choices if c[0] != OrganisationKind.PROGRAMME_BODY
        ]


class PersonForm(TranslatedModelForm):
    languages = LanguagesField(label=_("Languages"))

    class Meta:
        model = Person
        fields = ["name", "title", "organisation", "email", "languages"]

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = city.organisations.order_by("kind", "id")
        self.fields["organisation"].required = True


class GazetteerSearchForm(CityBridgeForm):
    q = forms.CharField(label=_("City name"), min_length=2, max_length=100)
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)
