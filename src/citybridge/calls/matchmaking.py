"""The matchmaking of a call: its selected applications in, proposed pairs (explained) out.

The only Django-aware part of matchmaking: ``citybridge.matching`` is pure and knows nothing of
applications. How an application becomes a ``matching.Applicant``:

- **who**: the applications with decision "selected", split by region with ``call.side_of``
  (the city's country); one whose country is in neither region is left out;
- ``id``: the application's primary key (unique across both regions); ``side``: "a" or "b";
- ``population``: what eligibility counts (the group's total when the call accepts groups);
- ``themes``: the ranked themes in rank order, as theme ids written as strings;
- ``challenges`` / ``practices``: **the English text when there is one, otherwise every
  language's text joined** (one per line). Texts are compared on character n-grams, and two
  scripts share none: English is the programme's working language, so comparing English with
  English is fairest, and a city that also translated its texts into Italian or Japanese is
  not diluted by them; a city that wrote only in Italian or Japanese still counts with what it
  wrote (and compares with the cities that wrote in that language);
- ``languages``: the staff's working languages;
- ``ties``: the applications of the other region whose city is among the application's ties.

The weights and the number of pairings per city come from the call's ``MatchWeights`` (made
with the defaults the first time); that number applies to every city of both regions. Locks
and bans are the call's ``PairChoice`` rows between applications that are still selected.

Reading a call's matchmaking runs one query per table, whatever the number of applicants.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citybridge.calls.enums import Decision, LockKind, Side
from citybridge.calls.models import Application, ApplicationTheme, Call, MatchWeights, PairChoice
from citybridge.core.i18n import FALLBACK_LANGUAGE, as_dict
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Pairing, PairingCity
from citybridge.pairings.services import create_pairing

if TYPE_CHECKING:
    # The library needs NumPy and SciPy (~65 MB a process): it is imported by the functions
    # that score, so a web process loads it only when a coordinator opens matchmaking.
    from citybridge.matching import Applicant, Proposal, ScoreMatrix, Weights

#: The components of a score as the pages name them (the library's names are stable keys, in
#: the library's order: a test keeps them equal to ``matching.COMPONENTS``).
COMPONENT_LABELS = {
    "themes": gettext_lazy("shared themes"),
    "challenges_practices": gettext_lazy("challenges and practices"),
    "size": gettext_lazy("similar size"),
    "ties": gettext_lazy("existing ties"),
    "language": gettext_lazy("shared working language"),
}

ALTERNATIVES = 3  # partners listed per city besides the proposal


# --- Reading ---------------------------------------------------------------------------------


def match_weights(call: Call) -> MatchWeights:
    """The call's weights and number of pairings per city (created with the defaults if missing)."""
    weights, _created = MatchWeights.objects.get_or_create(call=call)
    return weights


def library_weights(weights: MatchWeights) -> Weights:
    from citybridge.matching import Weights

    return Weights(**{name: getattr(weights, name) for name in COMPONENT_LABELS})


def selected_applications(call: Call) -> list[Application]:
    """The call's selected applications with their city and ranked themes (three queries)."""
    return list(
        call.applications.filter(decision=Decision.SELECTED)
        .select_related("city")
        .prefetch_related(
            Prefetch(
                "ranked_themes",
                queryset=ApplicationTheme.objects.select_related("theme").order_by("rank"),
            )
        )
        .order_by("city__slug", "pk")
    )


def _tied_cities(applications: Sequence[Application]) -> dict[int, set[int]]:
    """Application pk → ids of the cities it already cooperates with (one query)."""
    through = Application.ties.through
    tied: dict[int, set[int]] = defaultdict(set)
    rows = through.objects.filter(application_id__in=[a.pk for a in applications])
    for application_id, city_id in rows.values_list("application_id", "city_id"):
        tied[application_id].add(city_id)
    return tied


def _text(value) -> str:
    texts = as_dict(value)
    if texts.get(FALLBACK_LANGUAGE):
        return texts[FALLBACK_LANGUAGE]
    return "\n".join(texts[code] for code in sorted(texts))


def split_by_side(
    call: Call, applications: Sequence[Application]
) -> tuple[list[Application], list[Application]]:
    side_a = [a for a in applications if call.side_of(a.city.country.code) == Side.A]
    side_b = [a for a in applications if call.side_of(a.city.country.code) == Side.B]
    return side_a, side_b


def counted_population(call: Call, application: Application) -> int:
    """The population eligibility counts: with the group's members when the call allows groups."""
    return application.total_population if call.allow_groups else application.city.population


def to_applicants(
    call: Call,
    side_a: Sequence[Application],
    side_b: Sequence[Application],
    tied_cities: Mapping[int, set[int]],
) -> tuple[list[Applicant], list[Applicant]]:
    """The matching library's applicants for the applications of each region (no query)."""

    from citybridge.matching import Applicant

    def applicant(application: Application, side: str, others: Sequence[Application]):
        tied = tied_cities.get(application.pk, set())
        return Applicant(
            id=application.pk,
            side=side,
            population=counted_population(call, application),
            themes=[str(t.theme_id) for t in application.ranked_themes.all()],
            challenges=_text(application.challenges),
            practices=_text(application.practices),
            languages=application.staff_languages or (),
            ties={other.pk for other in others if other.city_id in tied},
        )

    return (
        [applicant(a, Side.A.value, side_b) for a in side_a],
        [applicant(b, Side.B.value, side_a) for b in side_b],
    )


def applicants(call: Call) -> tuple[list[Applicant], list[Applicant]]:
    """The selected applications of ``call`` as (first region, second region) applicants."""
    applications = selected_applications(call)
    side_a, side_b = split_by_side(call, applications)
    return to_applicants(call, side_a, side_b, _tied_cities(applications))


@dataclass(frozen=True)
class PairingAmong:
    """A pairing of the call's programme that already joins applicants of both regions."""

    pairing: Pairing
    cities: tuple  # the applicants' cities in it, in the pairing's order


def pairings_among(call: Call, applications: Sequence[Application]) -> list[PairingAmong]:
    """The programme's pairings that join a city of each region among ``applications``
    (one query)."""
    side = {
        a.city_id: call.side_of(a.city.country.code) for a in applications if a.city_id is not None
    }
    memberships = (
        PairingCity.objects.filter(pairing__programme_id=call.programme_id, city_id__in=side)
        .select_related("pairing", "city")
        .order_by("pairing__selected_in", "pairing__slug", "order", "id")
    )
    grouped: dict[int, list[PairingCity]] = {}
    for membership in memberships:
        grouped.setdefault(membership.pairing_id, []).append(membership)
    return [
        PairingAmong(members[0].pairing, tuple(m.city for m in members))
        for members in grouped.values()
        if {side[m.city_id] for m in members} >= {Side.A, Side.B}
    ]


def pairing_by_cities(among: Sequence[PairingAmong]) -> dict[tuple[int, int], Pairing]:
    """(city id, city id) → a pairing that already joins the two (both orders)."""
    found: dict[tuple[int, int], Pairing] = {}
    for item in among:
        for first in item.cities:
            for second in item.cities:
                if first.pk != second.pk:
                    found.setdefault((first.pk, second.pk), item.pairing)
    return found


@dataclass(frozen=True)
class Matchmaking:
    """Everything the coordinator's page shows about a call's matchmaking.

    ``proposals`` is the optimal assignment (empty, with ``problem`` saying why, when there is
    none); ``alternatives`` maps each application pk to its best partners, best first.
    ``locked`` and ``forbidden`` are (first-region pk, second-region pk) pairs.
    """

    call: Call
    weights: MatchWeights
    side_a: tuple[Application, ...]
    side_b: tuple[Application, ...]
    locked: frozenset[tuple[int, int]]
    forbidden: frozenset[tuple[int, int]]
    matrix: ScoreMatrix | None
    proposals: tuple[Proposal, ...]
    alternatives: Mapping[int, list[Proposal]]
    among: tuple[PairingAmong, ...]
    problem: str = ""
    _by_pk: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_pk", {a.pk: a for a in (*self.side_a, *self.side_b)})

    def application(self, pk: int) -> Application:
        return self._by_pk[pk]

    @property
    def theme_by_id(self) -> dict:
        """Theme id (as the applicants write it) → Theme, from the prefetched ranked themes."""
        return {
            str(t.theme_id): t.theme
            for application in self._by_pk.values()
            for t in application.ranked_themes.all()
        }


def _choices(call: Call, side: Mapping[int, str]) -> tuple[set, set]:
    """The call's locks and bans between selected applications, first region first."""
    locked, forbidden = set(), set()
    for a_id, b_id, kind in call.pair_choices.values_list(
        "application_a_id", "application_b_id", "kind"
    ):
        if side.get(a_id) == Side.B and side.get(b_id) == Side.A:
            a_id, b_id = b_id, a_id
        if side.get(a_id) != Side.A or side.get(b_id) != Side.B:
            continue  # no longer selected, or not a pair across the regions
        (locked if kind == LockKind.LOCKED else forbidden).add((a_id, b_id))
    return locked, forbidden


def matchmaking(call: Call) -> Matchmaking:
    """Score every pair of the call's selected applications, solve the assignment with the
    coordinator's weights, capacity, locks and bans, and list each city's alternatives."""
    weights = match_weights(call)
    applications = selected_applications(call)
    side_a, side_b = split_by_side(call, applications)
    side = {a.pk: Side.A for a in side_a} | {b.pk: Side.B for b in side_b}
    locked, forbidden = _choices(call, side)
    among = tuple(pairings_among(call, applications))
    result = {
        "call": call,
        "weights": weights,
        "side_a": tuple(side_a),
        "side_b": tuple(side_b),
        "locked": frozenset(locked),
        "forbidden": frozenset(forbidden),
        "among": among,
        "matrix": None,
        "proposals": (),
        "alternatives": {},
    }
    if not side_a or not side_b:
        return Matchmaking(
            **result,
            problem=_(
                "Matchmaking needs selected applications in both regions: select them on the "
                "page of applications and evaluation."
            ),
        )
    from citybridge.matching import alternatives, assign, score_matrix

    applicants_a, applicants_b = to_applicants(call, side_a, side_b, _tied_cities(applications))
    matrix = score_matrix(applicants_a, applicants_b, library_weights(weights))
    result["matrix"] = matrix
    result["alternatives"] = alternatives(matrix, k=ALTERNATIVES, forbidden=forbidden)
    try:
        proposals = assign(
            matrix,
            capacity_a=weights.capacity,
            capacity_b=weights.capacity,
            locked=locked,
            forbidden=forbidden,
        )
    except ValueError as error:  # e.g. more locks than pairings per city, set in the admin
        return Matchmaking(
            **result,
            problem=_("The locked pairs cannot all be kept: %(reason)s") % {"reason": error},
        )
    order = {pk: i for i, pk in enumerate(side)}
    result["proposals"] = tuple(
        sorted(proposals, key=lambda p: (-p.score, order[p.a_id], order[p.b_id]))
    )
    return Matchmaking(**result)


def most_locks(call: Call) -> int:
    """The largest number of locked pairs any one application of ``call`` is in."""
    counts = Counter()
    for a_id, b_id in call.pair_choices.filter(kind=LockKind.LOCKED).values_list(
        "application_a_id", "application_b_id"
    ):
        counts[a_id] += 1
        counts[b_id] += 1
    return max(counts.values(), default=0)


# --- Writing ---------------------------------------------------------------------------------


def _require_manager(call: Call, by) -> None:
    if not by.has_perm("calls.manage_call", call):
        raise PermissionDenied


@transaction.atomic
def choose_pair(call: Call, *, first: int, second: int, kind: str | None, by) -> PairChoice | None:
    """Lock a pair (always proposed), forbid it (never proposed), or drop the choice
    (``kind`` None). ``first`` and ``second`` are application pks, in either order.

    Side effects: replaces the pair's ``PairChoice`` (stored first region first). Raises
    PermissionDenied unless ``by`` manages the call; ValidationError (changing nothing) unless
    both are selected applications of the call from different regions, or when a lock would
    give a city more locked pairs than its number of pairings per city.
    """
    _require_manager(call, by)
    if kind is not None and kind not in LockKind.values:
        raise ValidationError(_("Choose to lock or to forbid the pair."))
    found = {
        a.pk: a
        for a in call.applications.filter(
            pk__in=[first, second], decision=Decision.SELECTED
        ).select_related("city")
    }
    if len(found) != 2 or first == second:
        raise ValidationError(_("Both cities must have selected applications in this call."))
    a, b = found[first], found[second]
    if call.side_of(a.city.country.code) == Side.B:
        a, b = b, a
    if call.side_of(a.city.country.code) != Side.A or call.side_of(b.city.country.code) != Side.B:
        raise ValidationError(_("A pair joins a city of each region."))
    PairChoice.objects.filter(
        Q(application_a=a, application_b=b) | Q(application_a=b, application_b=a), call=call
    ).delete()
    if kind is None:
        return None
    if kind == LockKind.LOCKED:
        capacity = match_weights(call).capacity
        locks = call.pair_choices.filter(kind=LockKind.LOCKED)
        for application in (a, b):
            count = locks.filter(
                Q(application_a=application) | Q(application_b=application)
            ).count()
            if count >= capacity:
                raise ValidationError(
                    _(
                        "%(city)s already has %(count)s locked pair(s), as many as the pairings "
                        "per city (%(capacity)s): unlock one, or allow more pairings per city."
                    )
                    % {"city": application.city, "count": count, "capacity": capacity}
                )
    return PairChoice.objects.create(
        call=call, application_a=a, application_b=b, kind=kind, created_by=by
    )


@dataclass(frozen=True)
class Acceptance:
    """What accepting the proposals did: the pairings created, and the proposals skipped
    because their cities already share a pairing of the programme (with that pairing)."""

    created: list[Pairing]
    skipped: list[tuple[Application, Application, Pairing]]


@transaction.atomic
def accept_proposals(
    call: Call, *, by, expected: Sequence[tuple[int, int]] | None = None
) -> Acceptance:
    """Turn the current proposals of the call's matchmaking into proposed pairings.

    The proposals are computed again here, never taken from the page; ``expected`` (the
    (first-region pk, second-region pk) pairs the coordinator saw) must match them, so nobody
    accepts pairs they have not seen.

    Side effects, all or nothing: for each proposal whose cities do not already share a pairing
    of the call's programme, one pairing through ``pairings.services.create_pairing`` (cities
    in region order, status proposed, ``selected_in`` the year the call opened) whose themes
    are the two applications' shared themes. Proposals whose cities already share a pairing
    are skipped and reported. Raises PermissionDenied unless ``by`` manages the call;
    ValidationError when there is nothing to accept or the proposals changed.
    """
    _require_manager(call, by)
    Call.objects.select_for_update().filter(pk=call.pk).first()  # one acceptance at a time
    result = matchmaking(call)
    if result.problem:
        raise ValidationError(result.problem)
    pairs = [(p.a_id, p.b_id) for p in result.proposals]
    if not pairs:
        raise ValidationError(_("There is no proposal to accept."))
    if expected is not None and sorted(expected) != sorted(pairs):
        raise ValidationError(
            _(
                "The proposals changed since the page was shown (weights, locks or selections "
                "changed): look at them again before accepting."
            )
        )
    already = pairing_by_cities(result.among)
    themes = result.theme_by_id
    created, skipped = [], []
    for proposal in result.proposals:
        a, b = result.application(proposal.a_id), result.application(proposal.b_id)
        existing = already.get((a.city_id, b.city_id))
        if existing is not None:
            skipped.append((a, b, existing))
            continue
        pairing = create_pairing(
            programme=call.programme,
            cities=[a.city, b.city],
            status=PairingStatus.PROPOSED,
            selected_in=call.opens_at.year,
        )
        pairing.themes.set([themes[t] for t in proposal.explanation.shared_themes])
        created.append(pairing)
    return Acceptance(created=created, skipped=skipped)
