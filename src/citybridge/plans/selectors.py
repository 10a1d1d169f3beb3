"""Reads for plan pages, with their joins."""

from collections import OrderedDict

from django.db.models import OuterRef, Prefetch, Subquery

from citybridge.plans.models import Action, ActionPlan, Indicator, Measurement, ProgressUpdate


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


def by_theme(actions) -> "OrderedDict":
    groups: OrderedDict = OrderedDict()
    for action in actions:
        groups.setdefault(action.theme, []).append(action)
    return groups


def indicators_with_latest(plan: ActionPlan) -> list[Indicator]:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-id")
    indicators = list(
        plan.indicators.select_related("action")
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("date")[:1]),
        )
        .order_by("id")
    )
    return indicators
