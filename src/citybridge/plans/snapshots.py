"""Frozen copies of a plan and the readable difference between two of them.

A snapshot is plain JSON: the plan's texts (every language), and every action with its texts,
lead, partners, dates, budget, SDGs and indicators. Versions store it; the diff compares two
snapshots action by action (matched by id) and field by field.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from citybridge.core.i18n import as_dict, localize

PLAN_TEXTS = ("title", "context", "vision", "objectives")
ACTION_TEXTS = ("title", "description", "funding_source", "expected_results", "benefits", "risks")
ACTION_FIELDS = {
    "title": _("Title"),
    "description": _("Description"),
    "theme": _("Theme"),
    "lead_city": _("Lead city"),
    "lead_organisation": _("Lead organisation"),
    "partners": _("Partner organisations"),
    "start_date": _("Start"),
    "end_date": _("End"),
    "budget": _("Estimated budget"),
    "funding_source": _("Funding source"),
    "expected_results": _("Expected results"),
    "benefits": _("Benefits"),
    "risks": _("Risks"),
    "sdgs": _("SDGs"),
    "is_pilot": _("Pilot project"),
    "indicators": _("Indicators"),
}


def _name(obj) -> dict | None:
    return as_dict(obj.name) if obj is not None else None


def take_snapshot(plan) -> dict:
    """The whole plan as JSON (one query per related table, whatever the plan's size)."""
    actions = (
        plan.actions.select_related("theme", "lead_city", "lead_organisation")
        .prefetch_related("partners", "sdgs", "indicators")
        .order_by("order", "id")
    )
    return {
        "plan": {name: as_dict(getattr(plan, name)) for name in PLAN_TEXTS},
        "actions": [
            {
                "id": action.pk,
                **{name: as_dict(getattr(action, name)) for name in ACTION_TEXTS},
                "theme": _name(action.theme),
                "lead_city": _name(action.lead_city),
                "lead_organisation": _name(action.lead_organisation),
                "partners": sorted((_name(o) for o in action.partners.all()), key=lambda n: str(n)),
                "start_date": action.start_date.isoformat() if action.start_date else None,
                "end_date": action.end_date.isoformat() if action.end_date else None,
                "budget": str(action.budget) if action.budget is not None else None,
                "currency": action.currency,
                "sdgs": sorted(s.number for s in action.sdgs.all()),
                "is_pilot": action.is_pilot,
                "indicators": [
                    {
                        "name": as_dict(i.name),
                        "unit": i.unit,
                        "baseline": str(i.baseline_value) if i.baseline_value is not None else None,
                        "target": str(i.target_value) if i.target_value is not None else None,
                    }
                    for i in action.indicators.all()
                ],
            }
            for action in actions
        ],
    }


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class ActionDiff:
    title: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class PlanDiff:
    plan_changes: list[FieldChange] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[ActionDiff] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.plan_changes or self.added or self.removed or self.changed)


def _show(value, language: str) -> str:
    """A snapshot value as text in ``language`` (translated texts, names, lists, numbers)."""
    if value is None or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        return localize(value, language).text or "—"
    if isinstance(value, list):
        return ", ".join(_show(v, language) for v in value) or "—"
    if isinstance(value, str) and value.replace(".", "", 1).isdigit():
        return f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _indicator_text(indicators, language):
    return [
        f"{localize(i['name'], language).text} ({i['unit']}): {i['baseline'] or '—'} → {i['target'] or '—'}"
        for i in indicators
    ]


def diff_snapshots(old: dict, new: dict, language: str) -> PlanDiff:
    """What changed from ``old`` to ``new``, described in ``language``.

    A change in any language of a text counts as a change; both sides are shown in the
    viewer's language (with fallback), so a translation-only change reads as "same text".
    """
    result = PlanDiff()
    labels = {
        "title": _("Title"),
        "context": _("Context"),
        "vision": _("Shared vision"),
        "objectives": _("Objectives"),
    }
    for name in PLAN_TEXTS:
        if old["plan"].get(name) != new["plan"].get(name):
            result.plan_changes.append(
                FieldChange(
                    str(labels[name]),
                    _show(old["plan"].get(name), language),
                    _show(new["plan"].get(name), language),
                )
            )
    before = {a["id"]: a for a in old["actions"]}
    after = {a["id"]: a for a in new["actions"]}
    for action_id, action in after.items():
        if action_id not in before:
            result.added.append(_show(action["title"], language))
    for action_id, action in before.items():
        if action_id not in after:
            result.removed.append(_show(action["title"], language))
    for action_id, action in after.items():
        if action_id not in before:
            continue
        previous = before[action_id]
        changes = []
        for name, label in ACTION_FIELDS.items():
            old_value, new_value = previous.get(name), action.get(name)
            if name == "budget" and (old_value, previous.get("currency")) != (
                new_value,
                action.get("currency"),
            ):
                changes.append(
                    FieldChange(
                        str(label),
                        f"{_show(old_value, language)} {previous.get('currency', '')}".strip(),
                        f"{_show(new_value, language)} {action.get('currency', '')}".strip(),
                    )
                )
            elif name == "indicators" and old_value != new_value:
                changes.append(
                    FieldChange(
                        str(label),
                        "; ".join(_indicator_text(old_value or [], language)) or "—",
                        "; ".join(_indicator_text(new_value or [], language)) or "—",
                    )
                )
            elif name not in ("budget", "indicators") and old_value != new_value:
                changes.append(
                    FieldChange(str(label), _show(old_value, language), _show(new_value, language))
                )
        if changes:
            result.changed.append(ActionDiff(_show(action["title"], language), changes))
    return result
