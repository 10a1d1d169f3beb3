"""The coordinator's matchmaking page of a call (under /<lang>/matchmaking/<call>/).

One page: the weights form (saving re-solves), the ranked proposals of the optimal assignment
with their explanations, each city's best alternatives, the heat map of the score matrix with
the same numbers as a table, lock / forbid buttons, and accepting the proposals as pairings.
Permission: ``calls.manage_call`` on the call (access.rules), for reading and writing.
The work is in ``calls.matchmaking``; this module only turns its results into what the
template shows.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from citybridge.calls import matchmaking as service
from citybridge.calls.enums import LockKind
from citybridge.calls.models import Application, Call, MatchWeights
from citybridge.core.forms import CityBridgeModelForm
from citybridge.core.i18n import localize
from citybridge.core.views import form_status, require, try_save
from citybridge.plans.charts import shorten

if TYPE_CHECKING:
    from citybridge.matching import Proposal  # NumPy and SciPy: loaded when matchmaking runs

PLACES = 3  # decimals of the scores and contributions in explanations
HEAT_MAP_LIMIT = 40  # rows and columns drawn at most
LARGEST_CELL, SMALLEST_CELL = 44, 24  # side of a cell: large for a few cities, small for many
LABEL_ANGLE = 50  # degrees the column labels are turned
LIGHT = (0xF4, 0xF6, 0xF8)  # --panel
DARK = (0x0B, 0x4F, 0x8A)  # --accent
ACCEPTED_KEY = "matchmaking-accepted-{pk}"


class MatchWeightsForm(CityBridgeModelForm):
    """The five weights of a pair's score and the number of pairings per city."""

    class Meta:
        model = MatchWeights
        fields = ["themes", "challenges_practices", "size", "ties", "language", "capacity"]
        widgets = {
            name: forms.NumberInput(attrs={"step": "0.01"})
            for name in ["themes", "challenges_practices", "size", "ties", "language"]
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ties"].help_text = _(
            "Positive rewards cities that already cooperate; negative favours new relationships."
        )
        self.fields["capacity"].help_text = _(
            "In how many pairings each city may take part (1 to 5)."
        )

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        locks = service.most_locks(self.instance.call)
        if capacity is not None and capacity < locks:
            self.add_error(
                "capacity",
                _(
                    "A city has %(count)s locked pairs: allow at least as many pairings per "
                    "city, or unlock pairs first."
                )
                % {"count": locks},
            )
        return cleaned


# --- What the page shows -------------------------------------------------------------------


def shown_sum(values: list[float], total: float, places: int = PLACES):
    """``values`` and their ``total`` rounded to ``places`` decimals so that the rounded values
    still add up to the rounded total (largest remainders get the last unit)."""
    scale = 10**places
    target = round(total * scale)
    units = [math.floor(v * scale) for v in values]
    order = sorted(range(len(values)), key=lambda i: (-(values[i] * scale - units[i]), i))
    missing = target - sum(units)
    step = 1 if missing > 0 else -1
    for k in range(
        abs(missing) if order else 0
    ):  # 0..len(values) in practice; float noise may add one
        i = order[k % len(order)] if step > 0 else order[-1 - k % len(order)]
        units[i] += step
    unit = Decimal(1).scaleb(-places)
    return [Decimal(u) * unit for u in units], Decimal(target) * unit


def _decimal_text(value: Decimal) -> str:
    return number_format(abs(value), decimal_pos=PLACES)


@dataclass(frozen=True)
class ShownComponent:
    label: str
    weight: float
    value: float
    contribution: Decimal
    words: str


@dataclass(frozen=True)
class ShownPair:
    a: Application
    b: Application
    score: Decimal
    components: list[ShownComponent]
    sum_text: str  # "0.400 + 0.195 + … = 0.745"
    locked: bool
    existing: object  # the programme's pairing of these two cities, or None


def _name(application: Application) -> str:
    return localize(application.city.name).text


def _component_words(component: str, proposal: Proposal, a, b, theme_by_id, matchmaking) -> str:
    explanation = proposal.explanation
    if component == "themes":
        names = [localize(theme_by_id[t].name).text for t in explanation.shared_themes]
        if not names:
            return _("They share no theme.")
        return ngettext(
            "They share %(count)s theme: %(names)s.",
            "They share %(count)s themes: %(names)s.",
            len(names),
        ) % {"count": len(names), "names": "; ".join(names)}
    if component == "challenges_practices":
        phrase = explanation.phrase_pair
        if phrase is None:
            return _("Their challenges and practices have no wording in common.")
        return _(
            "Closest match: %(city)s's challenge “%(challenge)s” and %(other)s's practice "
            "“%(practice)s”"
        ) % {
            "city": _name(matchmaking.application(phrase.challenge_of)),
            "challenge": phrase.challenge,
            "other": _name(matchmaking.application(phrase.practice_of)),
            "practice": phrase.practice,
        }
    if component == "size":
        population = service.counted_population
        return _("%(a)s counts %(pa)s inhabitants, %(b)s %(pb)s.") % {
            "a": _name(a),
            "pa": number_format(population(matchmaking.call, a), force_grouping=True),
            "b": _name(b),
            "pb": number_format(population(matchmaking.call, b), force_grouping=True),
        }
    if component == "ties":
        return _("They already cooperate.") if explanation.existing_tie else _("No existing tie.")
    names = [settings.KNOWN_LANGUAGES.get(code, code) for code in explanation.shared_languages]
    if not names:
        return _("No working language in common.")
    return _("Shared working languages: %(names)s.") % {"names": ", ".join(names)}


def shown_pairs(matchmaking: service.Matchmaking) -> list[ShownPair]:
    theme_by_id = matchmaking.theme_by_id
    existing = service.pairing_by_cities(matchmaking.among)
    out = []
    for proposal in matchmaking.proposals:
        a = matchmaking.application(proposal.a_id)
        b = matchmaking.application(proposal.b_id)
        contributions = proposal.explanation.contributions
        rounded, score = shown_sum([c.contribution for c in contributions], proposal.score)
        sum_text = _decimal_text(rounded[0]) if rounded[0] >= 0 else "−" + _decimal_text(rounded[0])
        for value in rounded[1:]:
            sum_text += (" + " if value >= 0 else " − ") + _decimal_text(value)
        sum_text += " = " + number_format(score, decimal_pos=PLACES)
        out.append(
            ShownPair(
                a=a,
                b=b,
                score=score,
                components=[
                    ShownComponent(
                        label=str(service.COMPONENT_LABELS[c.component]),
                        weight=c.weight,
                        value=c.value,
                        contribution=shown,
                        words=_component_words(
                            c.component, proposal, a, b, theme_by_id, matchmaking
                        ),
                    )
                    for c, shown in zip(contributions, rounded, strict=True)
                ],
                sum_text=sum_text,
                locked=proposal.locked,
                existing=existing.get((a.city_id, b.city_id)),
            )
        )
    return out


def shown_alternatives(matchmaking: service.Matchmaking) -> list[dict]:
    """Per region, per city: its best partners (partner, score, proposed?, locked?)."""
    proposed = {(p.a_id, p.b_id) for p in matchmaking.proposals}
    regions = []
    for name, applications, first in (
        (matchmaking.call.side_a_name, matchmaking.side_a, True),
        (matchmaking.call.side_b_name, matchmaking.side_b, False),
    ):
        rows = []
        for application in applications:
            options = []
            for option in matchmaking.alternatives.get(application.pk, []):
                pair = (option.a_id, option.b_id)
                options.append(
                    {
                        "partner": matchmaking.application(option.b_id if first else option.a_id),
                        "score": option.score,
                        "pair": pair,
                        "proposed": pair in proposed,
                        "locked": pair in matchmaking.locked,
                    }
                )
            rows.append(
                {
                    "application": application,
                    "options": options,
                    "empty": range(service.ALTERNATIVES - len(options)),
                }
            )
        regions.append({"name": name, "rows": rows})
    return regions


def _shade(t: float) -> str:
    return "#" + "".join(
        f"{round(lo + (hi - lo) * t):02x}" for lo, hi in zip(LIGHT, DARK, strict=True)
    )


def _label_width(label: str) -> float:
    """Rough width in pixels of ``label`` in 14px text (CJK characters are twice as wide)."""
    return sum(14 if unicodedata.east_asian_width(ch) in "WF" else 8 for ch in label)


def heat_map(matchmaking: service.Matchmaking) -> dict | None:
    """Geometry of the score matrix's heat map (first ``HEAT_MAP_LIMIT`` rows and columns):
    rows are first-region cities, columns second-region cities, darker is a higher score."""
    matrix = matchmaking.matrix
    if matrix is None:
        return None
    side_a = matchmaking.side_a[:HEAT_MAP_LIMIT]
    side_b = matchmaking.side_b[:HEAT_MAP_LIMIT]
    values = matrix.total[: len(side_a), : len(side_b)]
    low, high = float(values.min()), float(values.max())
    proposed = {(p.a_id, p.b_id) for p in matchmaking.proposals}
    cell = max(SMALLEST_CELL, min(LARGEST_CELL, 480 // max(len(side_a), len(side_b))))
    row_labels = [shorten(_name(a), 24) for a in side_a]
    column_labels = [shorten(_name(b), 18) for b in side_b]
    # Turned column labels rise to the right: room above the grid and right of it.
    widest_column = max(map(_label_width, column_labels), default=0)
    top = round(widest_column * math.sin(math.radians(LABEL_ANGLE))) + 16
    right = round(widest_column * math.cos(math.radians(LABEL_ANGLE)))
    left = round(max(map(_label_width, row_labels), default=0)) + 12
    columns = [
        {
            "label": _name(b),
            "short_label": column_labels[j],
            "x": left + j * cell + cell // 2,
            "y": top - 6,
            "angle": -LABEL_ANGLE,
        }
        for j, b in enumerate(side_b)
    ]
    rows, outlines = [], []
    for i, a in enumerate(side_a):
        y = top + i * cell
        cells = []
        for j, b in enumerate(side_b):
            score = float(values[i, j])
            t = (score - low) / (high - low) if high > low else 0.5
            item = {
                "x": left + j * cell,
                "y": y,
                "fill": _shade(t),
                "score": score,
                "b": b,
                "proposed": (a.pk, b.pk) in proposed,
                "forbidden": (a.pk, b.pk) in matchmaking.forbidden,
            }
            cells.append(item)
            if item["proposed"]:
                outlines.append(item)
        rows.append(
            {
                "application": a,
                "label": _name(a),
                "short_label": row_labels[i],
                "label_x": left - 8,
                "label_y": y + cell // 2 + 5,
                "cells": cells,
            }
        )
    return {
        "width": left + len(side_b) * cell + right + 4,
        "height": top + len(side_a) * cell + 4,
        "cell": cell,
        "columns": columns,
        "rows": rows,
        "outlines": outlines,
        "low": low,
        "high": high,
        "cut": len(matchmaking.side_a) > HEAT_MAP_LIMIT or len(matchmaking.side_b) > HEAT_MAP_LIMIT,
        "limit": HEAT_MAP_LIMIT,
        "total_a": len(matchmaking.side_a),
        "total_b": len(matchmaking.side_b),
    }


# --- Views ---------------------------------------------------------------------------------


def _call(request, slug) -> Call:
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    require(request.user, "calls.manage_call", call)
    return call


def _page(request, call: Call, form: MatchWeightsForm | None = None, status: int = 200):
    result = service.matchmaking(call)
    accepted = request.session.pop(ACCEPTED_KEY.format(pk=call.pk), None)
    return render(
        request,
        "calls/matchmaking.html",
        {
            "call": call,
            "matchmaking": result,
            "form": form or MatchWeightsForm(instance=result.weights),
            "pairs": shown_pairs(result),
            "alternatives": shown_alternatives(result),
            "heat_map": heat_map(result),
            "choices": _choices(result),
            "accepted": accepted,
            "fingerprint": ",".join(f"{p.a_id}-{p.b_id}" for p in result.proposals),
            "lock_kinds": LockKind,
        },
        status=status,
    )


def _choices(result: service.Matchmaking) -> list[dict]:
    return [
        {"a": result.application(a), "b": result.application(b), "kind": kind}
        for kind, pairs in (
            (LockKind.LOCKED, result.locked),
            (LockKind.FORBIDDEN, result.forbidden),
        )
        for a, b in sorted(pairs)
    ]


@login_required
def call_page(request, slug):
    """GET: the page. POST: save the weights (then the page shows the new proposals)."""
    call = _call(request, slug)
    if request.method == "POST":
        form = MatchWeightsForm(request.POST, instance=service.match_weights(call))
        if form.is_valid() and try_save(form, by=request.user):
            messages.success(request, _("The weights have been saved; the proposals use them."))
            return redirect("matchmaking:call", slug=call.slug)
        return _page(request, call, form, status=form_status(request, form))
    return _page(request, call)


def _pks(request, *names) -> list[int] | None:
    try:
        return [int(request.POST.get(name, "")) for name in names]
    except ValueError:
        return None


@require_POST
@login_required
def choose(request, slug):
    """Lock, forbid or free a pair (``first``, ``second``: application pks; ``kind``)."""
    call = _call(request, slug)
    pks = _pks(request, "first", "second")
    kind = request.POST.get("kind") or None
    if pks is None:
        messages.error(request, _("Choose a pair of cities."))
        return redirect("matchmaking:call", slug=call.slug)
    try:
        service.choose_pair(call, first=pks[0], second=pks[1], kind=kind, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            {
                LockKind.LOCKED: _("The pair is locked: it is always proposed."),
                LockKind.FORBIDDEN: _("The pair is forbidden: it is never proposed."),
                None: _("The pair is free again."),
            }.get(kind, ""),
        )
    return redirect(reverse("matchmaking:call", kwargs={"slug": call.slug}) + "#proposals")


@require_POST
@login_required
def accept(request, slug):
    """Create a proposed pairing per proposal; the page then links to them."""
    call = _call(request, slug)
    expected = []
    for item in filter(None, request.POST.get("proposals", "").split(",")):
        a, _sep, b = item.partition("-")
        if not (a.isdigit() and b.isdigit()):
            expected = None
            break
        expected.append((int(a), int(b)))
    try:
        if expected is None:
            raise ValidationError(_("The proposals could not be read; reload the page."))
        acceptance = service.accept_proposals(call, by=request.user, expected=expected)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("matchmaking:call", slug=call.slug)
    request.session[ACCEPTED_KEY.format(pk=call.pk)] = {
        "created": [
            {"name": str(p), "url": p.get_absolute_url()} for p in _with_names(acceptance.created)
        ],
        "skipped": [
            {
                "a": _name(a),
                "b": _name(b),
                "pairing": str(_with_names([pairing])[0]),
                "url": pairing.get_absolute_url(),
            }
            for a, b, pairing in acceptance.skipped
        ],
    }
    messages.success(
        request,
        ngettext(
            "%(count)s pairing has been created, as proposed.",
            "%(count)s pairings have been created, as proposed.",
            len(acceptance.created),
        )
        % {"count": len(acceptance.created)},
    )
    return redirect(reverse("matchmaking:call", kwargs={"slug": call.slug}) + "#accepted")


def _with_names(pairings):
    """The pairings again with their cities, so ``str()`` names them (one query)."""
    from citybridge.pairings.models import Pairing

    by_pk = Pairing.objects.with_cities().in_bulk([p.pk for p in pairings])
    return [by_pk[p.pk] for p in pairings]
