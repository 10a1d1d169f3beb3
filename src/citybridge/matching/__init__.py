"""Matchmaking: pair the selected cities of a call across regions, and say why.

Pure Python with NumPy and SciPy: nothing here imports Django (a thin adapter that turns
applications into :class:`Applicant` objects lives elsewhere and is the only Django-aware
part). Typical use::

    from citybridge.matching import Applicant, Weights, alternatives, assign, score_matrix

    eu = [Applicant(id=1, side="eu", population=100_000, themes=["energy", "inclusion"],
                    challenges="Ageing population; empty homes in the old town.",
                    practices="Energy communities run by the municipality.",
                    languages={"it", "en"}), ...]
    jp = [Applicant(id=2, side="jp", population=120_000, themes=["inclusion"],
                    challenges="再生可能エネルギーの導入", practices="空き家の活用",
                    languages={"ja", "en"}, ties={1}), ...]
    matrix = score_matrix(eu, jp, Weights(ties=-0.05))
    proposals = assign(matrix, capacity_a={1: 2}, locked=[(1, 2)], forbidden=[(3, 4)])
    options = alternatives(matrix, k=3)

Inputs
    ``Applicant(id, side, population, themes, challenges, practices, languages, ties)``:
    ``id`` unique across both sides; ``side`` a region label (every applicant of one side
    has the same, different from the other side's); ``population`` > 0; ``themes`` ranked,
    priority first; ``challenges`` and ``practices`` free text in any language;
    ``languages`` the staff's working language codes; ``ties`` ids of applicants it already
    cooperates with.

    ``Weights(themes=0.40, challenges_practices=0.30, size=0.10, ties=0.05, language=0.15)``:
    the defaults add up to 1. All but ``ties`` must be ≥ 0; ``ties`` is signed (positive
    rewards existing cooperation, negative favours new relationships).

Score of a pair = Σ weight × value over the components (names are stable, see
:data:`COMPONENTS`), each value in 0..1:

``themes``
    cosine of the two cities' reciprocal-rank theme vectors (rank 1 → 1, rank 2 → ½, …):
    a shared theme counts more when both rank it high; identical rankings give 1.
``challenges_practices``
    mean of two cosines of character 2–4-gram TF-IDF vectors (fitted on the call's texts):
    A's challenges vs B's practices, and B's challenges vs A's practices. Works on Japanese
    as on Italian or English, offline; texts in two different scripts share no n-grams and
    score 0, so cities writing in the programme's working language compare best.
``size``
    1 / (1 + |log10(population A / population B)|): 1 at equal size, ½ at ten times.
``ties``
    1 if either city lists the other among its existing ties.
``language``
    1 if the cities share at least one working language.

Functions
    ``score_matrix(side_a, side_b, weights=None) -> ScoreMatrix``
        every pair's score, vectorised: ``.total`` (N_A × N_B float64) and
        ``.components[name]`` (float32). ``.with_weights(w)`` rescores without recomputing.
    ``assign(matrix, *, capacity_a=None, capacity_b=None, locked=(), forbidden=(),
    min_score=None) -> list[Proposal]``
        the optimal pairing of the whole call (``scipy.optimize.linear_sum_assignment``):
        capacities (int or id → int, default 1), locked pairs kept, forbidden pairs and pairs
        below ``min_score`` never proposed; pairs as many cities as possible, then maximises
        the total score; deterministic.
    ``alternatives(matrix, k=3, forbidden=()) -> dict[id, list[Proposal]]``
        each city's (both sides) k best partners, best first, forbidden ones left out.
    ``explain(matrix, a_index, b_index) -> Explanation``
        one pair's explanation, by row and column (``matrix.index_a(id)`` and
        ``matrix.index_b(id)`` turn ids into them).
    ``explain_pairs(matrix, [(a_index, b_index), …]) -> list[Explanation]``
        many at once, much faster than one by one (for a page of pairs).

Outputs
    ``Proposal(a_id, b_id, score, explanation, locked)``.
    ``Explanation(a_id, b_id, score, contributions, shared_themes, shared_languages,
    existing_tie, phrase_pair)``: ``contributions`` holds a ``Contribution(component,
    weight, value, contribution)`` per component, and their contributions add up exactly to
    ``score``; ``phrase_pair`` is the most similar challenge–practice sentence pair
    (``PhrasePair``) or None. Labels are component names: the Django layer translates them.

Bad input (duplicate ids, unknown ids, a pair both locked and forbidden, more locks than a
city's capacity, negative weights or capacities…) raises ValueError with a clear message.
"""

from .applicants import COMPONENTS, Applicant, Weights
from .assignment import Proposal, alternatives, assign
from .scoring import (
    Contribution,
    Explanation,
    PhrasePair,
    ScoreMatrix,
    explain,
    explain_pairs,
    score_matrix,
)

__all__ = [
    "COMPONENTS",
    "Applicant",
    "Contribution",
    "Explanation",
    "PhrasePair",
    "Proposal",
    "ScoreMatrix",
    "Weights",
    "alternatives",
    "assign",
    "explain",
    "explain_pairs",
    "score_matrix",
]
