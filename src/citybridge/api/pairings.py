from datetime import date
from typing import Annotated

from django.db.models import Prefetch, Q
from ninja import Field, FilterLookup, FilterSchema, Query, Router, Schema
from ninja.pagination import paginate

from citybridge.api.common import ANONYMOUS, LangParam, Pagination, TranslatedText, get_or_404
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Agreement, PairingCity
from citybridge.portal.selectors import visible_agreements, visible_pairings
from citybridge.programmes.models import Theme

router = Router(tags=["pairings"])


class PairingCityOut(Schema):
    """A city in a pairing, read from its membership row."""

    slug: str = Field(..., alias="city.slug")
    name: TranslatedText = Field(..., alias="city.name")
    country: str
    population: int = Field(..., alias="city.population")
    time_zone: str = Field(..., alias="city.time_zone")

    @staticmethod
    def resolve_country(obj):
        return obj.city.country.code


class OrganisationOut(Schema):
    name: TranslatedText
    kind: str


class InvolvementOut(Schema):
    city: str
    organisations: list[OrganisationOut]


class AgreementOut(Schema):
    title: TranslatedText
    signed_on: date | None
    signed_place: TranslatedText


class PairingOut(Schema):
    slug: str
    programme: str
    status: PairingStatus
    selected_in: int | None
    start_date: date | None
    end_date: date | None
    cities: list[PairingCityOut]
    themes: list[int]
    focus: TranslatedText
    description: TranslatedText

    @staticmethod
    def resolve_programme(obj):
        return obj.programme.slug

    @staticmethod
    def resolve_cities(obj):
        return obj.ordered_memberships

    @staticmethod
    def resolve_themes(obj):
        return [t.pk for t in obj.themes.all()]


class PairingDetailOut(PairingOut):
    involved: list[InvolvementOut]
    agreements: list[AgreementOut]

    @staticmethod
    def resolve_involved(obj):
        return [
            {"city": m.city.slug, "organisations": list(m.organisations.all())}
            for m in obj.ordered_memberships
        ]

    @staticmethod
    def resolve_agreements(obj):
        return visible_agreements(obj.agreements.all(), ANONYMOUS)


class PairingFilter(FilterSchema):
    programme: Annotated[
        str | None, FilterLookup("programme__slug"), Field(description="programme slug")
    ] = None
    status: PairingStatus | None = None
    city: str | None = Field(None, description="slug of a city taking part")
    selected_in: int | None = Field(None, ge=1900, le=2100)

    def filter_city(self, value):
        return (
            Q(pk__in=PairingCity.objects.filter(city__slug=value).values("pairing_id"))
            if value
            else Q()
        )


def public_pairings(*, detail: bool = False):
    """What the portal shows a visitor who is not signed in (the same selectors), with what
    the list shows of each pairing; ``detail`` adds the organisations involved and the
    agreements, which only a pairing's own answer shows."""
    memberships = PairingCity.objects.select_related("city").only(
        *("pairing_id", "order", "city_id"),
        *("city__slug", "city__name", "city__country", "city__population", "city__time_zone"),
    )
    prefetches = [Prefetch("themes", queryset=Theme.objects.only("id"))]
    if detail:
        memberships = PairingCity.objects.select_related("city").prefetch_related("organisations")
        prefetches.append(Prefetch("agreements", queryset=Agreement.objects.all()))
    return (
        visible_pairings(ANONYMOUS)
        .select_related("programme")
        .only(
            *("slug", "status", "selected_in", "start_date", "end_date", "focus", "description"),
            "programme__slug",
        )
        .prefetch_related(Prefetch("memberships", queryset=memberships), *prefetches)
    )


@router.get("", response=list[PairingOut])
@paginate(Pagination)
def list_pairings(request, lang: LangParam, filters: Query[PairingFilter]):
    return filters.filter(public_pairings().order_by("selected_in", "slug"))


@router.get("/{slug}", response=PairingDetailOut)
def get_pairing(request, slug: str, lang: LangParam):
    """A published pairing; proposed pairings are internal and answer 404."""
    return get_or_404(public_pairings(detail=True), slug=slug)
