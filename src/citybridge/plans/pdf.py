"""An action plan as printable PDFs (A4), in one language: "at a glance" and the full plan.

"At a glance" follows the one- or two-page summaries the programme published for each UCAP:
the cities, the signed agreement, the themes and main objectives, the actions as one compact
table, their expected results and benefits, and the key indicators. The full plan has every
text and field of every action, its milestones, indicators with their latest measurement and
the progress reported.

Both render the plan's current data. For the public (a published plan: approved, in
implementation or closed) that is the approved content, since actions can only be changed
while a plan is a draft; progress and measurements are the current ones, as on the public
page. Rendering goes through ``core.pdf.html_to_pdf`` (WeasyPrint, lazily imported, offline,
Noto CJK fonts). The number of queries does not grow with the number of actions.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from citybridge.activities.selectors import publicly_visible
from citybridge.core.i18n import Localized, localize
from citybridge.core.pdf import html_to_pdf
from citybridge.pairings.enums import AgreementStatus
from citybridge.pairings.models import PairingCity
from citybridge.plans import selectors, services
from citybridge.plans.models import Action, ActionPlan, ActionStep, Indicator, ProgressUpdate

# "At a glance" keeps to one or two pages: a few indicators, short excerpts.
GLANCE_INDICATORS = 8

# The long texts of an action in the full plan, each a paragraph led by its label.
ACTION_TEXTS = (
    ("description", _("Description")),
    ("expected_results", _("Expected results")),
    ("benefits", _("Benefits")),
    ("risks", _("Risks")),
)


@dataclass
class ActionEntry:
    action: Action
    number: int
    latest: ProgressUpdate | None
    texts: list[tuple[str, Localized]] = field(default_factory=list)
    steps: list[ActionStep] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    updates: list[ProgressUpdate] = field(default_factory=list)

    @property
    def lead(self):
        """The lead organisation, or the lead city when no organisation is named."""
        return self.action.lead_organisation or self.action.lead_city


def plan_for_files(pk: int) -> ActionPlan:
    """The plan with its pairing, programme and cities in order (404 when there is none)."""
    memberships = PairingCity.objects.select_related("city").order_by("order", "id")
    return get_object_or_404(
        ActionPlan.objects.select_related("pairing__programme", "approved_during").prefetch_related(
            Prefetch("pairing__memberships", queryset=memberships)
        ),
        pk=pk,
    )


def _cities(plan: ActionPlan) -> list[dict]:
    return [
        {"city": m.city, "country": m.city.country.name, "population": m.city.population}
        for m in plan.pairing.ordered_memberships
    ]


def _agreements(plan: ActionPlan) -> list:
    """The pairing's signed (or since expired) agreements, by signing date."""
    return list(
        plan.pairing.agreements.exclude(status=AgreementStatus.DRAFT)
        .filter(signed_on__isnull=False)
        .order_by("signed_on", "id")
    )


def _themes(plan: ActionPlan, actions: list[Action]) -> list:
    """The pairing's themes, then any other theme its actions work in."""
    themes = list(plan.pairing.themes.order_by("order", "id"))
    seen = {theme.pk for theme in themes}
    for action in actions:
        if action.theme_id and action.theme_id not in seen:
            seen.add(action.theme_id)
            themes.append(action.theme)
    return themes


def _entries(plan: ActionPlan, *, details: bool) -> list[ActionEntry]:
    actions = selectors.actions_with_progress(plan)
    entries = [
        ActionEntry(action=action, number=number, latest=action.latest)
        for number, action in enumerate(actions, start=1)
    ]
    if details:
        for entry in entries:
            entry.texts = [
                (label, localize(getattr(entry.action, name)))
                for name, label in ACTION_TEXTS
                if getattr(entry.action, name)
            ]
        by_action = {entry.action.pk: entry for entry in entries}
        for step in ActionStep.objects.filter(action__plan=plan).order_by(
            "action_id", "order", "due_date", "id"
        ):
            by_action[step.action_id].steps.append(step)
        for update in ProgressUpdate.objects.filter(action__plan=plan).order_by("-date", "-id"):
            by_action[update.action_id].updates.append(update)
    return entries


def _indicators(plan: ActionPlan, entries: list[ActionEntry]) -> list[Indicator]:
    """Every indicator with its latest measurement; each action's own are attached to it."""
    indicators = selectors.indicators_with_latest(plan)
    by_action = {entry.action.pk: entry for entry in entries}
    for indicator in indicators:
        if indicator.action_id in by_action:
            by_action[indicator.action_id].indicators.append(indicator)
    return indicators


def _base_context(plan: ActionPlan, entries: list[ActionEntry]) -> dict:
    version = services.latest_approved_version(plan)
    return {
        "plan": plan,
        "pairing": plan.pairing,
        "programme": plan.pairing.programme,
        "language": translation.get_language(),
        "title": localize(plan.title).text,
        "cities": _cities(plan),
        "agreements": _agreements(plan),
        "themes": _themes(plan, [entry.action for entry in entries]),
        "version": version,
        # One document for every reader: the meeting is named only if everyone may see it.
        "approved_during": publicly_visible(plan.approved_during),
        "entries": entries,
    }


def glance_context(plan: ActionPlan) -> dict:
    """What ``plans/pdf_glance.html`` shows, in the active language."""
    entries = _entries(plan, details=False)
    indicators = _indicators(plan, entries)
    # Plan-wide indicators first: they are the plan's key results.
    key = sorted(indicators, key=lambda i: (i.action_id is not None, i.pk))
    return {
        **_base_context(plan, entries),
        "key_indicators": key[:GLANCE_INDICATORS],
        "more_indicators": max(0, len(key) - GLANCE_INDICATORS),
        "with_results": [
            entry for entry in entries if entry.action.expected_results or entry.action.benefits
        ],
    }


def full_context(plan: ActionPlan) -> dict:
    """What ``plans/pdf_full.html`` shows, in the active language."""
    entries = _entries(plan, details=True)
    indicators = _indicators(plan, entries)
    groups: dict = defaultdict(list)
    for entry in entries:
        groups[entry.action.theme].append(entry)
    return {
        **_base_context(plan, entries),
        "groups": list(groups.items()),
        "plan_indicators": [i for i in indicators if i.action_id is None],
    }


def render_glance_pdf(plan: ActionPlan, *, language: str) -> bytes:
    """ "Plan at a glance" as PDF bytes, with UI strings and content in ``language``."""
    with translation.override(language):
        html = render_to_string("plans/pdf_glance.html", glance_context(plan))
    return html_to_pdf(html)


def render_full_pdf(plan: ActionPlan, *, language: str) -> bytes:
    """The whole plan as PDF bytes, with UI strings and content in ``language``."""
    with translation.override(language):
        html = render_to_string("plans/pdf_full.html", full_context(plan))
    return html_to_pdf(html)
