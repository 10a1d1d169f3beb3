from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from citybridge.api.common import LangParam, Pagination, TranslatedText, get_or_404
from citybridge.directory.enums import Continent
from citybridge.directory.models import City

router = Router(tags=["cities"])


class CityOut(Schema):
    slug: str
    name: TranslatedText
    country: str
    continent: Continent
    admin_region: TranslatedText
    population: int
    latitude: float
    longitude: float
    time_zone: str
    languages: list[str]
    geonames_id: int | None
    description: TranslatedText

    @staticmethod
    def resolve_country(obj):
        return obj.country.code


class CityFilter(FilterSchema):
    country: str | None = Field(
        None, pattern=r"^[A-Za-z]{2}$", description="ISO 3166 code, e.g. IT"
    )
    continent: Continent | None = None
    min_population: Annotated[int | None, FilterLookup("population__gte"), Field(ge=0)] = None

    def filter_country(self, value):
        from django.db.models import Q

        return Q(country=value.upper()) if value else Q()


@router.get("", response=list[CityOut])
@paginate(Pagination)
def list_cities(request, lang: LangParam, filters: Query[CityFilter]):
    return filters.filter(City.objects.order_by("slug"))


@router.get("/{slug}", response=CityOut)
def get_city(request, slug: str, lang: LangParam):
    return get_or_404(City.objects.all(), slug=slug)
