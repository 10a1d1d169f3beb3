from django import forms
from django.utils.translation import gettext_lazy as _

from citybridge.core.forms import CityBridgeForm, LanguagesField, TranslatedModelForm
from citybridge.core.i18n import as_dict
from citybridge.core.limits import clean_line
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

    def clean(self):
        cleaned = super().clean()
        name, country = cleaned.get("name"), cleaned.get("country")
        if (
            name
            and country
            and _same_city(self.instance, name, country, cleaned.get("admin_region"))
        ):
            self.add_error(
                "name",
                _(
                    "A city of this name in this country is already in the directory. If this "
                    "is another city, give its province, prefecture or state."
                ),
            )
        return cleaned


def _names(value) -> set[str]:
    # Names stored before the limits may still hold invisible characters: compare them clean.
    return {clean_line(text).casefold() for text in as_dict(value).values()} - {""}


def _same_city(city: City, name, country, region) -> bool:
    """Whether another city of ``country`` has one of these names (in any language) and the
    same province, prefecture or state (or either has none)."""
    names, regions = _names(name), _names(region)
    others = City.objects.filter(country=country).exclude(pk=city.pk).only("name", "admin_region")
    for other in others:
        if names & _names(other.name):
            other_regions = _names(other.admin_region)
            if not regions or not other_regions or regions & other_regions:
                return True
    return False


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
        fields = ["name", "title", "organisation", "email", "languages", "public_consent"]

    def __init__(self, *args, city: City, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = city.organisations.order_by("kind", "id")
        self.fields["organisation"].required = True


class GazetteerSearchForm(CityBridgeForm):
    q = forms.CharField(label=_("City name"), min_length=2, max_length=100)
    country = forms.CharField(label=_("Country code"), required=False, max_length=2)
