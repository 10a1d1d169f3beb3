"""The figures of the monitoring dashboards: one pairing's plan, and a whole programme.

Every figure comes from an aggregate query (one per figure family), so a dashboard costs the
same number of queries with one action or a thousand. An action's progress status is the status
of its latest ``ProgressUpdate`` (by date, then id), "not started" when it has none.

Overdue follow-up only concerns plans in implementation (before that nobody reports progress,
and a closed plan is history). An unfinished action (neither completed nor cancelled) of such a
plan is overdue when its latest progress update is older than
``CITYBRIDGE_PROGRESS_UPDATE_DAYS`` days or it has none ("update overdue"), or when its end
date has passed ("past its end"). Both conditions are written once, in
:func:`_overdue_conditions`, and used by both dashboards.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from citybridge.core.i18n import localize
from citybridge.pairings.models import Pairing
from citybridge.plans import charts
from citybridge.plans.enums import Direction, PlanStatus, ProgressStatus
from citybridge.plans.models import Action, ActionPlan, ProgressUpdate
from citybridge.plans.selectors import indicators_with_latest
from citybridge.programmes.models import Programme, SustainableDevelopmentGoal

FINISHED = (ProgressStatus.COMPLETED, ProgressStatus.CANCELLED)
NO_PLAN = "no_plan"
STATUS_POSITION = {status.value: i for i, status in enumerate(ProgressStatus)}  # table columns


def progress_update_days() -> int:
    """How many days may pass between two progress updates of an action in implementation."""
    return int(getattr(settings, "CITYBRIDGE_PROGRESS_UPDATE_DAYS", 90))


@dataclass(frozen=True)
class Category:
    """One bar of a chart and one row of its table: a category and how many it holds."""

    key: str
    label: str
    count: int


@dataclass
class ThemeRow:
    theme_id: int | None
    name: object  # the translated value, for ``{% tr %}``; None: actions without a theme
    counts: list[int]  # aligned with ProgressStatus order

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class IndicatorRow:
    indicator: object  # the Indicator, with ``latest_value`` and ``latest_date``
    percent: float | None  # raw: may be below 0 or above 100


@dataclass
class PairingFigures:
    plan: ActionPlan
    today: date
    update_days: int
    statuses: list[Category]
    themes: list[ThemeRow]
    indicators: list[IndicatorRow]
    overdue: list[Action]  # with ``update_overdue``, ``past_end``, ``progress_*`` annotations
    status_chart: dict
    indicator_chart: dict

    @property
    def total_actions(self) -> int:
        return sum(s.count for s in self.statuses)

    @property
    def monitored(self) -> bool:
        return self.plan.status == PlanStatus.IN_IMPLEMENTATION


@dataclass
class PairingRow:
    pairing: Pairing
    plan: ActionPlan | None
    counts: list[int]  # actions per ProgressStatus
    update_overdue: int = 0
    past_end: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def monitored(self) -> bool:
        return self.plan is not None and self.plan.status == PlanStatus.IN_IMPLEMENTATION


@dataclass
class ProgrammeFigures:
    programme: Programme
    today: date
    update_days: int
    pairings: list[PairingRow]
    plan_statuses: list[Category]
    statuses: list[Category]
    sdgs: list[SustainableDevelopmentGoal]  # with ``count``, all 17 in order
    plan_status_chart: dict
    status_chart: dict
    sdg_chart: dict

    @property
    def total_actions(self) -> int:
        return sum(s.count for s in self.statuses)

    @property
    def monitored_pairings(self) -> list[PairingRow]:
        return [row for row in self.pairings if row.monitored]


# --- Shared pieces -------------------------------------------------------------------------


def with_progress(actions):
    """``actions`` annotated with ``progress_status`` (never null) and ``progress_date``."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-id")
    return actions.annotate(
        progress_status=Coalesce(
            Subquery(latest.values("status")[:1]),
            Value(ProgressStatus.NOT_STARTED.value),
            output_field=CharField(),
        ),
        progress_date=Subquery(latest.values("date")[:1]),
    )


def _overdue_conditions(*, today: date, days: int) -> tuple[Q, Q]:
    """(update overdue, past its end) for actions annotated by :func:`with_progress`."""
    cutoff = today - timedelta(days=days)
    live = Q(plan__status=PlanStatus.IN_IMPLEMENTATION) & ~Q(progress_status__in=FINISHED)
    update_overdue = live & (Q(progress_date__isnull=True) | Q(progress_date__lt=cutoff))
    past_end = live & Q(end_date__lt=today)
    return update_overdue, past_end


def _status_counts(counts: dict[str, int]) -> list[Category]:
    return [Category(s.value, str(s.label), counts.get(s.value, 0)) for s in ProgressStatus]


def _count_chart(counts: list[Category]) -> dict:
    return charts.bar_chart([(c.label, c.count) for c in counts])


# --- One pairing's plan ---------------------------------------------------------------------


def pairing_figures(plan: ActionPlan, *, today: date, update_days: int | None = None):
    """Progress by status and by theme, indicators against target, overdue follow-up."""
    days = progress_update_days() if update_days is None else update_days

    # actions per theme and status, in one grouped query
    grouped = (
        with_progress(Action.objects.filter(plan=plan))
        .values("theme_id", "theme__name", "theme__order", "progress_status")
        .annotate(count=Count("id"))
        .order_by()
    )
    by_status: dict[str, int] = {}
    themes: dict[int | None, ThemeRow] = {}
    sort_keys: dict[int | None, tuple] = {}
    for row in grouped:
        status, key = row["progress_status"], row["theme_id"]
        by_status[status] = by_status.get(status, 0) + row["count"]
        if key not in themes:
            name = row["theme__name"] if key is not None else None
            themes[key] = ThemeRow(key, name, [0] * len(STATUS_POSITION))
            sort_keys[key] = (key is None, row["theme__order"] or 0, key or 0)  # no theme: last
        themes[key].counts[STATUS_POSITION[status]] += row["count"]
    theme_rows = sorted(themes.values(), key=lambda theme: sort_keys[theme.theme_id])
    statuses = _status_counts(by_status)

    indicators = [
        IndicatorRow(
            indicator,
            _rounded(
                charts.percent_of_way(
                    indicator.baseline_value,
                    indicator.latest_value,
                    indicator.target_value,
                    decrease=indicator.direction == Direction.DECREASE,
                )
            ),
        )
        for indicator in indicators_with_latest(plan)
    ]
    indicator_chart = charts.bar_chart(
        [
            (f"{localize(row.indicator.name).text} ({row.indicator.unit})", row.percent)
            for row in indicators
        ],
        max_value=100,
        track=True,
    )

    overdue: list[Action] = []
    if plan.status == PlanStatus.IN_IMPLEMENTATION:
        update_overdue, past_end = _overdue_conditions(today=today, days=days)
        overdue = list(
            with_progress(Action.objects.filter(plan=plan))
            .annotate(
                update_overdue=ExpressionWrapper(update_overdue, output_field=BooleanField()),
                past_end=ExpressionWrapper(past_end, output_field=BooleanField()),
            )
            .filter(update_overdue | past_end)
            .order_by("order", "id")
        )
        for action in overdue:
            action.progress_label = ProgressStatus(action.progress_status).label

    return PairingFigures(
        plan=plan,
        today=today,
        update_days=days,
        statuses=statuses,
        themes=theme_rows,
        indicators=indicators,
        overdue=overdue,
        status_chart=_count_chart(statuses),
        indicator_chart=indicator_chart,
    )


def _rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)


# --- A whole programme ----------------------------------------------------------------------


def programme_figures(programme: Programme, *, today: date, update_days: int | None = None):
    """Every pairing's plan status, actions by status, SDG coverage, overdue per pairing."""
    days = progress_update_days() if update_days is None else update_days

    pairings = list(
        Pairing.objects.filter(programme=programme)
        .select_related("plan")
        .with_cities()
        .order_by("selected_in", "slug")
    )
    rows = {
        p.pk: PairingRow(
            pairing=p,
            plan=p.plan if hasattr(p, "plan") else None,  # select_related: no query
            counts=[0] * len(ProgressStatus),
        )
        for p in pairings
    }

    in_programme = Action.objects.filter(plan__pairing__programme=programme)
    for row in (
        with_progress(in_programme)
        .values("plan__pairing_id", "progress_status")
        .annotate(count=Count("id"))
        .order_by()
    ):
        counts = rows[row["plan__pairing_id"]].counts
        counts[STATUS_POSITION[row["progress_status"]]] += row["count"]

    update_overdue, past_end = _overdue_conditions(today=today, days=days)
    for row in (
        with_progress(in_programme.filter(plan__status=PlanStatus.IN_IMPLEMENTATION))
        .values("plan__pairing_id")
        .annotate(
            update_overdue=Count("id", filter=update_overdue),
            past_end=Count("id", filter=past_end),
        )
        .order_by()
    ):
        rows[row["plan__pairing_id"]].update_overdue = row["update_overdue"]
        rows[row["plan__pairing_id"]].past_end = row["past_end"]

    plan_counts: dict[str, int] = {}
    for row in rows.values():
        key = row.plan.status if row.plan else NO_PLAN
        plan_counts[key] = plan_counts.get(key, 0) + 1
    plan_statuses = [Category(NO_PLAN, _("No plan yet"), plan_counts.get(NO_PLAN, 0))] + [
        Category(s.value, str(s.label), plan_counts.get(s.value, 0)) for s in PlanStatus
    ]

    statuses = _status_counts(
        {
            s.value: sum(row.counts[STATUS_POSITION[s.value]] for row in rows.values())
            for s in ProgressStatus
        }
    )

    # Count only this programme's actions (a subquery per goal over the through table), so the
    # cost does not grow with other programmes' data.
    counts = dict(
        Action.sdgs.through.objects.filter(action__plan__pairing__programme=programme)
        .values("sustainabledevelopmentgoal_id")
        .annotate(n=Count("id"))
        .values_list("sustainabledevelopmentgoal_id", "n")
    )
    sdgs = list(SustainableDevelopmentGoal.objects.order_by("number"))
    for goal in sdgs:
        goal.count = counts.get(goal.number, 0)
    sdg_chart = charts.bar_chart([(str(goal), goal.count) for goal in sdgs])  # "SDG 11: …"

    return ProgrammeFigures(
        programme=programme,
        today=today,
        update_days=days,
        pairings=list(rows.values()),
        plan_statuses=plan_statuses,
        statuses=statuses,
        sdgs=sdgs,
        plan_status_chart=_count_chart(plan_statuses),
        status_chart=_count_chart(statuses),
        sdg_chart=sdg_chart,
    )
