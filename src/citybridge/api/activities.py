import uuid
from datetime import datetime

from django.db.models import Prefetch, Q
from ninja import Field, FilterSchema, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from citybridge.activities.enums import ActivityKind, ActivityStatus
from citybridge.activities.models import Activity, AgendaItem
from citybridge.api.common import LangParam, Pagination, TranslatedText, get_or_404
from citybridge.pairings.models import PairingCity

router = Router(tags=["activities"])


class AgendaItemOut(Schema):
    starts_at: datetime
    ends_at: datetime | None
    title: TranslatedText
    place: TranslatedText
    language: str
    is_sample: bool


class ActivityOut(Schema):
    uid: str
    kind: ActivityKind
    status: ActivityStatus
    title: TranslatedText
    description: TranslatedText
    programme: str = Field(..., alias="programme.slug")
    pairing: str | None
    host_city: str = Field(..., alias="host_city.slug")
    time_zone: str = Field(
        ..., alias="host_city.time_zone", description="the host city's IANA zone"
    )
    starts_at: datetime = Field(..., description="UTC")
    ends_at: datetime = Field(..., description="UTC")
    all_day: bool
    date_precision: str
    venue: TranslatedText

    @staticmethod
    def resolve_uid(obj):
        return str(obj.uid)

    @staticmethod
    def resolve_pairing(obj):
        return obj.pairing.slug if obj.pairing_id else None


class ActivityDetailOut(ActivityOut):
    agenda: list[AgendaItemOut]
    minutes: TranslatedText

    @staticmethod
    def resolve_agenda(obj):
        return list(obj.agenda_items.all())

    @staticmethod
    def resolve_minutes(obj):
        return obj.minutes if obj.is_held else None


class ActivityFilter(FilterSchema):
    programme: str | None = Field(None, description="programme slug")
    pairing: str | None = Field(None, description="pairing slug")
    city: str | None = Field(None, description="slug of a host or member city")
    kind: ActivityKind | None = None
    after: datetime | None = Field(None, description="activities ending after this instant")
    before: datetime | None = Field(None, description="activities starting before this instant")

    def filter_programme(self, value):
        return Q(programme__slug=value) if value else Q()

    def filter_pairing(self, value):
        return Q(pairing__slug=value) if value else Q()

    def filter_city(self, value):
        if not value:
            return Q()
        return Q(host_city__slug=value) | Q(
            pairing__in=PairingCity.objects.filter(city__slug=value).values("pairing_id")
        )

    def filter_after(self, value):
        return Q(ends_at__gte=value) if value else Q()

    def filter_before(self, value):
        return Q(starts_at__lte=value) if value else Q()


def public_activities():
    """Public activities with their programme, pairing and host city (the list's fields); a
    single activity's answer adds its agenda."""
    return Activity.objects.public().select_related("programme", "pairing", "host_city")


@router.get("", response=list[ActivityOut])
@paginate(Pagination)
def list_activities(request, lang: LangParam, filters: Query[ActivityFilter]):
    return filters.filter(public_activities().order_by("starts_at", "id"))


@router.get("/{uid}", response=ActivityDetailOut)
def get_activity(request, uid: str, lang: LangParam):
    """A published activity by its stable UID (the same as in the iCalendar feeds)."""
    try:
        key = uuid.UUID(uid)
    except ValueError:
        raise HttpError(404, "No published activity has this UID.") from None
    agenda = AgendaItem.objects.order_by("starts_at", "order")
    return get_or_404(
        public_activities().prefetch_related(Prefetch("agenda_items", queryset=agenda)), uid=key
    )
