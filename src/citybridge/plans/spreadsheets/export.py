"""The action plan as one XLSX workbook (rendered by ``core.tabular``)."""

from citybridge.core.i18n import as_dict, localize
from citybridge.core.tabular import Row, RowKind, render_workbook, row
from citybridge.plans import selectors
from citybridge.plans.models import ActionPlan, Measurement, ProgressUpdate
from citybridge.plans.spreadsheets.columns import (
    SHEET_ACTIONS,
    SHEET_INDICATORS,
    SHEET_MEASUREMENTS,
    SHEET_PROGRESS,
    Column,
    action_columns,
    indicator_columns,
    measurement_columns,
    progress_columns,
)
from citybridge.plans.spreadsheets.lookups import _Lookups


def _sheet(columns: list[Column], items) -> list[Row]:
    """A header, then one row per ``(obj, plain)``: translated columns read ``obj``'s field in
    their language, the others come from the ``plain`` dict."""
    rows = [row(*(c.header for c in columns), kind=RowKind.HEADER)]
    for obj, plain in items:
        rows.append(
            row(
                *(
                    as_dict(getattr(obj, c.field)).get(c.language) or None
                    if c.language
                    else plain[c.field]
                    for c in columns
                )
            )
        )
    return rows


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _action_items(plan: ActionPlan, lookups: "_Lookups"):
    actions = (
        plan.actions.select_related("lead_city")
        .prefetch_related("partners", "sdgs")
        .order_by("order", "id")
    )
    organisation = lookups.organisation_labels
    for a in actions:
        yield (
            a,
            {
                "id": a.pk,
                "order": a.order,
                "theme": lookups.theme_labels.get(a.theme_id),
                "lead_city": a.lead_city.slug if a.lead_city_id else None,
                "lead_organisation": organisation.get(a.lead_organisation_id),
                "partners": "; ".join(organisation.get(o.pk, str(o.pk)) for o in a.partners.all())
                or None,
                "start_date": a.start_date,
                "end_date": a.end_date,
                "budget": a.budget,
                "currency": a.currency,
                "is_pilot": _yes(a.is_pilot),
                "sdgs": "; ".join(str(s.number) for s in a.sdgs.all()) or None,
            },
        )


def _indicator_items(plan: ActionPlan):
    for i in selectors.indicators_with_latest(plan):
        yield (
            i,
            {
                "id": i.pk,
                "action_id": i.action_id,
                "unit": i.unit,
                "direction": i.direction,
                "baseline_value": i.baseline_value,
                "baseline_date": i.baseline_date,
                "target_value": i.target_value,
                "target_date": i.target_date,
                "latest_value": i.latest_value,
                "latest_date": i.latest_date,
                "is_sample": _yes(i.is_sample),
            },
        )


def _measurement_items(plan: ActionPlan):
    measurements = (
        Measurement.objects.filter(indicator__plan=plan)
        .select_related("indicator")
        .order_by("indicator_id", "date", "id")
    )
    for m in measurements:
        yield (
            m,
            {
                "id": m.pk,
                "indicator_id": m.indicator_id,
                "indicator": localize(m.indicator.name).text,
                "unit": m.indicator.unit,
                "date": m.date,
                "value": m.value,
            },
        )


def _progress_items(plan: ActionPlan):
    updates = (
        ProgressUpdate.objects.filter(action__plan=plan)
        .select_related("action")
        .order_by("action__order", "action_id", "date", "id")
    )
    for u in updates:
        yield (
            u,
            {
                "id": u.pk,
                "action_id": u.action_id,
                "action": localize(u.action.title).text,
                "date": u.date,
                "status": u.status,
                "percent": u.percent,
            },
        )


def render_plan_workbook(plan: ActionPlan) -> bytes:
    """The plan's actions, indicators, measurements and progress as one XLSX workbook.

    Sheet names and column names are fixed (not translated): the import reads them back.
    Names shown for reading (an indicator's name on the Measurements sheet) follow the
    active language.
    """
    lookups = _Lookups(plan)
    return render_workbook(
        [
            (SHEET_ACTIONS, _sheet(action_columns(), _action_items(plan, lookups))),
            (SHEET_INDICATORS, _sheet(indicator_columns(), _indicator_items(plan))),
            (SHEET_MEASUREMENTS, _sheet(measurement_columns(), _measurement_items(plan))),
            (SHEET_PROGRESS, _sheet(progress_columns(), _progress_items(plan))),
        ]
    )
