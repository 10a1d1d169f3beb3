"""Reads for plan pages, with their joins, and what of a plan the public sees.

The public plan page, the pairing page and the API read published plans through
``published_plans`` and their monitoring through ``public_indicators``: one definition each.
"""

from collections import OrderedDict

from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Subquery, When

from citybridge.activities.models import Activity
from citybridge.pairings.enums import PUBLIC_STATUSES
from citybridge.plans.enums import PUBLISHED_STATUSES, VersionKind
from citybridge.plans.models import (
    Action,
    ActionPlan,
    Indicator,
    Measurement,
    PlanVersion,
    ProgressUpdate,
)


def plan_for_pairing(pairing) -> ActionPlan | None:
    return (
        ActionPlan.objects.filter(pairing=pairing)
        .select_related("pairing__programme", "approved_during")
        .first()
    )


def actions_with_progress(plan: ActionPlan) -> list[Action]:
    """The plan's actions with their latest progress update (``latest``) and indicators, in a
    fixed number of queries."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("pk")).order_by("-date", "-id")
    actions = list(
        plan.actions.select_related("theme__parent", "lead_city", "lead_organisation")
        .prefetch_related(
            "partners", "sdgs", Prefetch("indicators", queryset=Indicator.objects.order_by("id"))
        )
        .annotate(latest_update_id=Subquery(latest.values("pk")[:1]))
        .order_by("order", "id")
    )
    updates = ProgressUpdate.objects.in_bulk(
        [a.latest_update_id for a in actions if a.latest_update_id]
    )
    for action in actions:
        action.latest = updates.get(action.latest_update_id)
    return actions


def latest_progress(plan: ActionPlan, *, only: tuple[str, ...] = ()) -> dict[int, ProgressUpdate]:
    """The latest progress update of each action of ``plan``, by action id, in one query
    (with only the fields named in ``only``, when given)."""
    latest = ProgressUpdate.objects.filter(action=OuterRef("action_id")).order_by("-date", "-id")
    updates = ProgressUpdate.objects.filter(action__plan=plan, pk=Subquery(latest.values("pk")[:1]))
    if only:
        updates = updates.only("action_id", *only)
    return {update.action_id: update for update in updates}


def by_theme(actions) -> "OrderedDict":
    groups: OrderedDict = OrderedDict()
    for action in actions:
        groups.setdefault(action.theme, []).append(action)
    return groups


def indicators_with_latest(plan: ActionPlan, *, among=None) -> list[Indicator]:
    """The plan's indicators (``among`` a queryset of them, e.g. ``public_indicators()``)
    with their latest measurement."""
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-id")
    indicators = list(
        (among if among is not None else Indicator.objects)
        .filter(plan=plan)
        .select_related("action")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
        )
        .order_by("id")
    )
    return indicators


def approval_activities(plan: ActionPlan):
    """Where a plan may be approved: a public activity of its programme (an exchange
    meeting) or one of its own pairing's. Never another pairing's internal meeting, whose
    title the plan's pages and PDFs would then show to people who may not see it."""
    return Activity.objects.public().filter(
        programme_id=plan.pairing.programme_id
    ) | Activity.objects.filter(pairing_id=plan.pairing_id)


def published_plans():
    """Plans the public reads: those with an approved version, of public pairings, with that
    version's id, number, date, activity and title (read from the snapshot in the database,
    not loaded whole). A plan sent back to draft stays published as last approved; its
    draft texts never are."""
    latest = PlanVersion.objects.filter(plan=OuterRef("pk"), kind=VersionKind.APPROVED).order_by(
        "-number"
    )
    return (
        ActionPlan.objects.filter(Exists(latest), pairing__status__in=PUBLIC_STATUSES)
        .select_related("pairing__programme")
        .annotate(
            version_id=Subquery(latest.values("pk")[:1]),
            version_number=Subquery(latest.values("number")[:1]),
            version_created_at=Subquery(latest.values("created_at")[:1]),
            # The activity where it was approved, when the public may see that activity.
            version_activity_uid=Subquery(
                latest.annotate(
                    public_uid=Case(
                        When(
                            activity__in=Activity.objects.public().values("pk"),
                            then="activity__uid",
                        )
                    )
                ).values("public_uid")[:1]
            ),
            version_title=Subquery(latest.values("snapshot__plan__title")[:1]),
        )
    )


def public_indicators() -> "models.QuerySet[Indicator]":
    """Indicators whose monitoring the public sees: those of a published plan that is
    approved, in implementation or closed. While a plan is back in draft its indicators may
    name draft actions, so the public sees none of them until it is approved again."""
    return Indicator.objects.filter(
        plan__in=published_plans().filter(status__in=PUBLISHED_STATUSES).values("pk")
    )
