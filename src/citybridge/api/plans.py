"""Approved action plans, read-only and public.

A plan is public once it has an approved version and its pairing is public: the API shows
what the public plan page shows, the latest approved version (frozen), with the current
progress of each action and the indicators' monitoring. Drafts, plans submitted but never
approved and plans of proposed pairings answer 404, as on the pages.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, FilterLookup, FilterSchema, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from citybridge.api.common import MAX_INT, LangParam, Pagination, TranslatedText
from citybridge.plans import selectors
from citybridge.plans.enums import Direction, PlanStatus, ProgressStatus
from citybridge.plans.models import ActionPlan, Measurement, PlanVersion

router = Router(tags=["action plans"])

SLUG = r"^[-a-zA-Z0-9_]+$"
# Database integers are 64-bit: larger ids or offsets are refused (422) instead of
# overflowing in the database driver (500).


# --- Output ----------------------------------------------------------------------------------


class PlanOut(Schema):
    pairing: str = Field(..., alias="pairing.slug", description="pairing slug")
    programme: str = Field(..., alias="pairing.programme.slug", description="programme slug")
    status: PlanStatus
    title: TranslatedText = Field(..., alias="version_title", description="as approved")
    version: int = Field(..., alias="version_number", description="the latest approved version")
    approved_at: datetime = Field(..., alias="version_created_at", description="UTC")
    approved_during: str | None = Field(
        None, description="UID of the activity (e.g. an exchange meeting) where it was approved"
    )

    @staticmethod
    def resolve_approved_during(obj):
        return str(obj.version_activity_uid) if obj.version_activity_uid else None


class ProgressOut(Schema):
    date: date
    status: ProgressStatus
    percent: int
    narrative: TranslatedText


class ActionIndicatorOut(Schema):
    name: TranslatedText
    unit: str
    baseline: float | None
    target: float | None


class ActionOut(Schema):
    """An action as approved, with its current progress (the latest report). Fields other than
    ``id`` and ``title`` have defaults, so versions frozen before a field existed still read."""

    id: int
    title: TranslatedText
    description: TranslatedText = None
    theme: TranslatedText = None
    lead_city: TranslatedText = None
    lead_organisation: TranslatedText = None
    partners: list[TranslatedText] = []
    start_date: date | None = None
    end_date: date | None = None
    budget: Decimal | None = Field(None, description="exact, as a string")
    currency: str = "EUR"
    funding_source: TranslatedText = None
    expected_results: TranslatedText = None
    benefits: TranslatedText = None
    risks: TranslatedText = None
    sdgs: list[int] = []
    is_pilot: bool = False
    indicators: list[ActionIndicatorOut] = []
    progress: ProgressOut | None = None


class PlanDetailOut(Schema):
    pairing: str
    programme: str
    status: PlanStatus
    version: int
    approved_at: datetime = Field(..., description="UTC")
    approved_during: str | None
    title: TranslatedText
    context: TranslatedText
    vision: TranslatedText
    objectives: TranslatedText
    actions: list[ActionOut]


class IndicatorOut(Schema):
    id: int
    name: TranslatedText
    unit: str
    direction: Direction
    action: int | None = Field(None, alias="action_id", description="the action it measures")
    baseline_value: float | None
    baseline_date: date | None
    target_value: float | None
    target_date: date | None
    latest_value: float | None
    latest_date: date | None
    is_sample: bool


class MeasurementOut(Schema):
    date: date
    value: float
    source: TranslatedText


class PlanFilter(FilterSchema):
    programme: Annotated[
        str | None,
        FilterLookup("pairing__programme__slug"),
        Field(description="programme slug", pattern=SLUG, max_length=120),
    ] = None
    pairing: Annotated[
        str | None,
        FilterLookup("pairing__slug"),
        Field(description="pairing slug", pattern=SLUG, max_length=120),
    ] = None


# --- Reads -----------------------------------------------------------------------------------


def _published_plan(pairing_slug: str) -> ActionPlan:
    plan = selectors.published_plans().filter(pairing__slug=pairing_slug).first()
    if plan is None:
        raise HttpError(404, "No approved action plan is published for this pairing.")
    return plan


def _number(value):
    return None if value in (None, "") else value


# --- Endpoints -------------------------------------------------------------------------------


@router.get("", response=list[PlanOut])
@paginate(Pagination)
def list_plans(request, lang: LangParam, filters: Query[PlanFilter]):
    """Approved action plans (status, latest approved version and its date, title)."""
    return filters.filter(selectors.published_plans().order_by("pairing__slug", "id"))


@router.get("/{pairing_slug}", response=PlanDetailOut)
def get_plan(request, pairing_slug: str, lang: LangParam):
    """The latest approved version of a pairing's plan, with the current progress per action."""
    plan = _published_plan(pairing_slug)
    version = PlanVersion.objects.get(pk=plan.version_id)
    progress = selectors.latest_progress(plan, only=("date", "status", "percent", "narrative"))
    snapshot = version.snapshot
    return {
        "pairing": plan.pairing.slug,
        "programme": plan.pairing.programme.slug,
        "status": plan.status,
        "version": version.number,
        "approved_at": version.created_at,
        "approved_during": str(plan.version_activity_uid) if plan.version_activity_uid else None,
        **{
            name: snapshot["plan"].get(name)
            for name in ("title", "context", "vision", "objectives")
        },
        "actions": [
            {
                **action,
                "indicators": [
                    {
                        "name": i["name"],
                        "unit": i["unit"],
                        "baseline": _number(i["baseline"]),
                        "target": _number(i["target"]),
                    }
                    for i in action.get("indicators", [])
                ],
                "progress": progress.get(action["id"]),
            }
            for action in snapshot["actions"]
        ],
    }


@router.get("/{pairing_slug}/indicators", response=list[IndicatorOut])
def list_indicators(request, pairing_slug: str, lang: LangParam):
    """The plan's indicators with baseline, target and the latest measurement."""
    plan = _published_plan(pairing_slug)
    return selectors.indicators_with_latest(plan, among=selectors.public_indicators())


@router.get("/{pairing_slug}/indicators/{indicator_id}/measurements", response=list[MeasurementOut])
@paginate(Pagination)
def list_measurements(
    request,
    pairing_slug: str,
    indicator_id: Annotated[int, Path(ge=1, le=MAX_INT)],
    lang: LangParam,
):
    """The measurements of one indicator of an approved plan, oldest first."""
    indicator = selectors.public_indicators().filter(
        pk=indicator_id, plan__pairing__slug=pairing_slug
    )
    if not indicator.exists():
        raise HttpError(404, "No indicator of a published action plan has this id.")
    return Measurement.objects.filter(indicator_id=indicator_id).order_by("date", "id")
