"""The score of every cross-region pair of applicants, and the explanation of one pair."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from scipy import sparse

from .applicants import COMPONENTS, Applicant, Weights
from .text import CharNgramTfidf, Phrases, cross_products


@dataclass(frozen=True)
class Contribution:
    """What one component adds to a pair's score: ``contribution == weight * value``."""

    component: str
    weight: float
    value: float
    contribution: float


@dataclass(frozen=True)
class PhrasePair:
    """The challenge of one city and the practice of the other that are most alike."""

    challenge_of: Hashable
    challenge: str
    practice_of: Hashable
    practice: str
    similarity: float


@dataclass(frozen=True)
class Explanation:
    """Why a pair scores what it scores.

    ``contributions`` lists every component in :data:`COMPONENTS` order; their
    ``contribution`` fields add up to ``score`` exactly (the total is computed in the same
    order, in float64). ``shared_themes`` come most important first (lowest sum of the two
    cities' ranks), ``shared_languages`` alphabetically. ``phrase_pair`` is None when no
    challenge of one city shares an n-gram with a practice of the other.
    """

    a_id: Hashable
    b_id: Hashable
    score: float
    contributions: tuple[Contribution, ...]
    shared_themes: tuple[str, ...]
    shared_languages: tuple[str, ...]
    existing_tie: bool
    phrase_pair: PhrasePair | None

    def contribution(self, component: str) -> Contribution:
        """The contribution of ``component`` (one of :data:`COMPONENTS`)."""
        for item in self.contributions:
            if item.component == component:
                return item
        raise KeyError(component)


@dataclass(frozen=True, eq=False, repr=False)
class ScoreMatrix:
    """Scores of every pair (side A × side B) of a call, whole and per component.

    ``components[name]`` is an N_A × N_B float32 array with values in 0..1; ``total`` is the
    float64 weighted sum. Row ``i`` is ``side_a[i]``, column ``j`` is ``side_b[j]``. The arrays
    are read-only. Build one with :func:`score_matrix`; change weights with
    :meth:`with_weights` (cheap: the components are kept).
    """

    side_a: tuple[Applicant, ...]
    side_b: tuple[Applicant, ...]
    weights: Weights
    components: Mapping[str, np.ndarray]
    total: np.ndarray
    _phrases: _PhraseIndex = field(repr=False)
    _a_index: Mapping[Hashable, int] = field(init=False, repr=False)
    _b_index: Mapping[Hashable, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_a_index", {a.id: i for i, a in enumerate(self.side_a)})
        object.__setattr__(self, "_b_index", {b.id: j for j, b in enumerate(self.side_b)})

    def __repr__(self) -> str:
        return f"<ScoreMatrix {len(self.side_a)}×{len(self.side_b)} {self.weights}>"

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.side_a), len(self.side_b))

    @property
    def a_ids(self) -> tuple[Hashable, ...]:
        return tuple(a.id for a in self.side_a)

    @property
    def b_ids(self) -> tuple[Hashable, ...]:
        return tuple(b.id for b in self.side_b)

    def index_a(self, applicant_id: Hashable) -> int:
        """Row of the side-A applicant ``applicant_id`` (ValueError if it is not on side A)."""
        try:
            return self._a_index[applicant_id]
        except (KeyError, TypeError):
            raise ValueError(f"{applicant_id!r} is not an applicant of side A.") from None

    def index_b(self, applicant_id: Hashable) -> int:
        """Column of the side-B applicant ``applicant_id`` (ValueError if not on side B)."""
        try:
            return self._b_index[applicant_id]
        except (KeyError, TypeError):
            raise ValueError(f"{applicant_id!r} is not an applicant of side B.") from None

    def with_weights(self, weights: Weights) -> ScoreMatrix:
        """The same call scored with other weights (no text or feature is recomputed)."""
        return ScoreMatrix(
            side_a=self.side_a,
            side_b=self.side_b,
            weights=weights,
            components=self.components,
            total=_weighted_total(self.components, weights, self.shape),
            _phrases=self._phrases,
        )


def score_matrix(
    side_a: Iterable[Applicant], side_b: Iterable[Applicant], weights: Weights | None = None
) -> ScoreMatrix:
    """Score every pair of ``side_a`` × ``side_b`` applicants (see the package docstring).

    Raises ValueError when an id appears twice (across both sides), or when a side mixes
    applicants of different ``side`` values, or both sides have the same one.
    """
    side_a, side_b = tuple(side_a), tuple(side_b)
    _check_sides(side_a, side_b)
    weights = Weights() if weights is None else weights
    if not isinstance(weights, Weights):
        raise ValueError(f"weights must be a Weights, not {type(weights).__name__}.")
    shape = (len(side_a), len(side_b))

    texts = [a.challenges for a in side_a] + [a.practices for a in side_a]
    texts += [b.challenges for b in side_b] + [b.practices for b in side_b]
    tfidf = CharNgramTfidf().fit_transform_phrases(texts)
    n_a, n_b = shape
    challenges_a, practices_a = tfidf.documents[:n_a], tfidf.documents[n_a : 2 * n_a]
    challenges_b = tfidf.documents[2 * n_a : 2 * n_a + n_b]
    practices_b = tfidf.documents[2 * n_a + n_b :]

    components = {
        "themes": _theme_similarity(side_a, side_b),
        "challenges_practices": _text_similarity(
            challenges_a, practices_a, challenges_b, practices_b
        ),
        "size": _size_similarity(side_a, side_b),
        "ties": _existing_ties(side_a, side_b),
        "language": _shared_language(side_a, side_b),
    }
    for values in components.values():
        values.flags.writeable = False
    return ScoreMatrix(
        side_a=side_a,
        side_b=side_b,
        weights=weights,
        components=MappingProxyType(components),
        total=_weighted_total(components, weights, shape),
        _phrases=_PhraseIndex(tfidf, side_a, side_b),
    )


def explain(matrix: ScoreMatrix, a_index: int, b_index: int) -> Explanation:
    """The explanation of the pair (``side_a[a_index]``, ``side_b[b_index]``)."""
    for name, index, size in (
        ("a_index", a_index, matrix.shape[0]),
        ("b_index", b_index, matrix.shape[1]),
    ):
        if isinstance(index, bool) or not isinstance(index, int | np.integer):
            raise ValueError(f"{name} must be an integer, not {index!r}.")
        if not 0 <= index < size:
            raise ValueError(f"{name} {index} is out of range (0..{size - 1}).")
    return explain_pairs(matrix, [(int(a_index), int(b_index))])[0]


def explain_pairs(matrix: ScoreMatrix, pairs: Sequence[tuple[int, int]]) -> list[Explanation]:
    """Explanations of many (row, column) pairs at once (vectorised where it counts)."""
    rows = np.fromiter((i for i, _ in pairs), dtype=np.intp, count=len(pairs))
    cols = np.fromiter((j for _, j in pairs), dtype=np.intp, count=len(pairs))
    n_a, n_b = matrix.shape
    outside = (rows < 0) | (rows >= n_a) | (cols < 0) | (cols >= n_b)
    if outside.any():
        k = int(np.argmax(outside))
        raise ValueError(f"Pair {pairs[k]!r} is outside the {n_a}×{n_b} score matrix.")
    weights = matrix.weights.as_dict()
    values = {name: matrix.components[name][rows, cols].tolist() for name in COMPONENTS}
    phrase_pairs = matrix._phrases.best(rows, cols)
    explanations = []
    for k, (i, j) in enumerate(pairs):
        a, b = matrix.side_a[i], matrix.side_b[j]
        contributions = tuple(
            Contribution(name, weights[name], values[name][k], weights[name] * values[name][k])
            for name in COMPONENTS
        )
        rank_b = {theme: rank for rank, theme in enumerate(b.themes)}
        shared = sorted(
            (rank + rank_b[theme], rank, theme)
            for rank, theme in enumerate(a.themes)
            if theme in rank_b
        )
        explanations.append(
            Explanation(
                a_id=a.id,
                b_id=b.id,
                # Summed like _weighted_total (0 + c1 + c2 …, float64) so it equals total[i, j].
                score=sum(c.contribution for c in contributions),
                contributions=contributions,
                shared_themes=tuple(theme for _, _, theme in shared),
                shared_languages=tuple(sorted(a.languages & b.languages)),
                existing_tie=b.id in a.ties or a.id in b.ties,
                phrase_pair=phrase_pairs[k],
            )
        )
    return explanations


# -- components ---------------------------------------------------------------------------
# Each returns an N_A × N_B float32 array in 0..1. Loops run over applicants (to build
# features), never over pairs.


def _theme_similarity(side_a: Sequence[Applicant], side_b: Sequence[Applicant]) -> np.ndarray:
    """Cosine of the cities' reciprocal-rank theme vectors (rank 1 → 1, rank 2 → ½ …).

    A shared theme adds more when both rank it high; identical rankings give 1, no shared
    theme gives 0.
    """
    vocabulary = {
        t: k for k, t in enumerate(sorted({t for x in (*side_a, *side_b) for t in x.themes}))
    }

    def vectors(side: Sequence[Applicant]) -> np.ndarray:
        out = np.zeros((len(side), len(vocabulary)))
        for i, applicant in enumerate(side):
            for rank, theme in enumerate(applicant.themes, start=1):
                out[i, vocabulary[theme]] = 1.0 / rank
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=np.zeros_like(out), where=norms > 0)

    similarity = vectors(side_a) @ vectors(side_b).T
    return np.clip(similarity, 0.0, 1.0).astype(np.float32)


def _text_similarity(
    challenges_a: sparse.csr_matrix,
    practices_a: sparse.csr_matrix,
    challenges_b: sparse.csr_matrix,
    practices_b: sparse.csr_matrix,
) -> np.ndarray:
    """Mean of cos(A's challenges, B's practices) and cos(B's challenges, A's practices).

    Both directions in one product: [C_A | P_A] · [P_B | C_B]ᵀ = C_A·P_Bᵀ + P_A·C_Bᵀ.
    """
    left = sparse.hstack([challenges_a, practices_a], format="csr")
    right = sparse.hstack([practices_b, challenges_b], format="csr")
    out = cross_products(left, right)
    out *= 0.5
    return np.clip(out, 0.0, 1.0, out=out)


def _size_similarity(side_a: Sequence[Applicant], side_b: Sequence[Applicant]) -> np.ndarray:
    """1 / (1 + |log10(population A / population B)|): 1 at equal size, ½ at ten times."""
    log_a = np.log10([a.population for a in side_a], dtype=np.float64).astype(np.float32)
    log_b = np.log10([b.population for b in side_b], dtype=np.float64).astype(np.float32)
    out = np.subtract.outer(log_a, log_b)
    np.abs(out, out=out)
    out += 1.0
    return np.reciprocal(out, out=out)


def _existing_ties(side_a: Sequence[Applicant], side_b: Sequence[Applicant]) -> np.ndarray:
    """1 where either city lists the other among its existing ties."""
    index_a = {a.id: i for i, a in enumerate(side_a)}
    index_b = {b.id: j for j, b in enumerate(side_b)}
    rows, cols = [], []
    for i, a in enumerate(side_a):
        for other in a.ties:
            if other in index_b:
                rows.append(i)
                cols.append(index_b[other])
    for j, b in enumerate(side_b):
        for other in b.ties:
            if other in index_a:
                rows.append(index_a[other])
                cols.append(j)
    out = np.zeros((len(side_a), len(side_b)), dtype=np.float32)
    out[np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)] = 1.0
    return out


def _shared_language(side_a: Sequence[Applicant], side_b: Sequence[Applicant]) -> np.ndarray:
    """1 where the cities' staff share at least one working language."""
    vocabulary = {
        code: k
        for k, code in enumerate(sorted({c for x in (*side_a, *side_b) for c in x.languages}))
    }

    def incidence(side: Sequence[Applicant]) -> np.ndarray:
        out = np.zeros((len(side), len(vocabulary)), dtype=np.float32)
        for i, applicant in enumerate(side):
            out[i, [vocabulary[code] for code in applicant.languages]] = 1.0
        return out

    return ((incidence(side_a) @ incidence(side_b).T) > 0).astype(np.float32)


def _weighted_total(
    components: Mapping[str, np.ndarray], weights: Weights, shape: tuple[int, int]
) -> np.ndarray:
    """Σ weight × component in float64, in COMPONENTS order (explanations add the same way).

    Worked out a block of rows at a time so the float64 temporaries stay small.
    """
    total = np.zeros(shape, dtype=np.float64)
    block = max(1, 1_000_000 // max(shape[1], 1))
    for start in range(0, shape[0], block):
        rows = slice(start, start + block)
        for name, weight in weights.as_dict().items():
            total[rows] += np.multiply(components[name][rows], weight, dtype=np.float64)
    total.flags.writeable = False
    return total


def _check_sides(side_a: Sequence[Applicant], side_b: Sequence[Applicant]) -> None:
    seen: set[Hashable] = set()
    for label, side in (("A", side_a), ("B", side_b)):
        for applicant in side:
            if not isinstance(applicant, Applicant):
                raise ValueError(f"Side {label} holds {applicant!r}, which is not an Applicant.")
            if applicant.id in seen:
                raise ValueError(
                    f"Applicant id {applicant.id!r} appears more than once; ids must be unique "
                    "across both sides."
                )
            seen.add(applicant.id)
        sides = sorted({repr(applicant.side) for applicant in side})
        if len(sides) > 1:
            raise ValueError(f"Side {label} mixes applicants of sides {', '.join(sides)}.")
    if side_a and side_b and side_a[0].side == side_b[0].side:
        raise ValueError(
            f"Both sides are {side_a[0].side!r}: matchmaking pairs cities across regions."
        )


# -- phrase pairs for explanations ----------------------------------------------------------


class _PhraseIndex:
    """The challenge and practice phrases of a call's applicants, as TF-IDF rows."""

    def __init__(
        self, tfidf: Phrases, side_a: Sequence[Applicant], side_b: Sequence[Applicant]
    ) -> None:
        self._tfidf = tfidf
        self._side_a = side_a
        self._side_b = side_b

    def best(self, rows: np.ndarray, cols: np.ndarray) -> list[PhrasePair | None]:
        """For each pair, the most similar challenge–practice phrase pair, either direction.

        Every (challenge phrase, practice phrase) combination of every pair is one "task";
        the tasks' cosines are computed together, in chunks, without a loop over pairs.
        """
        n_a, n_b = len(self._side_a), len(self._side_b)
        bounds = self._tfidf.bounds
        # Text k of the fitted corpus: A's challenges, A's practices, B's challenges, B's practices.
        directions = (
            (rows, 2 * n_a + n_b + cols),  # A's challenges vs B's practices
            (2 * n_a + cols, n_a + rows),  # B's challenges vs A's practices
        )
        pair_of, left, right = [], [], []
        for challenge_text, practice_text in directions:
            left_start, left_count = bounds[challenge_text], np.diff(bounds)[challenge_text]
            right_start, right_count = bounds[practice_text], np.diff(bounds)[practice_text]
            sizes = left_count * right_count
            group = np.repeat(np.arange(rows.size), sizes)
            within = np.arange(group.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)
            pair_of.append(group)
            left.append(left_start[group] + within // right_count[group])
            right.append(right_start[group] + within % right_count[group])
        first_direction = pair_of[0].size  # tasks before this index are A's challenges
        pair_of, left, right = (np.concatenate(parts) for parts in (pair_of, left, right))

        phrases = self._tfidf.phrases
        similarity = np.empty(pair_of.size)
        chunk = 100_000
        for start in range(0, pair_of.size, chunk):
            stop = start + chunk
            product = phrases[left[start:stop]].multiply(phrases[right[start:stop]])
            similarity[start:stop] = np.asarray(product.sum(axis=1)).ravel()

        # Best task of each pair: highest similarity, then first in task order (deterministic).
        order = np.lexsort((np.arange(pair_of.size), -similarity, pair_of))
        firsts = order[np.flatnonzero(np.diff(pair_of[order], prepend=-1))]
        out: list[PhrasePair | None] = [None] * rows.size
        texts = self._tfidf.texts
        for task in firsts.tolist():
            value = float(similarity[task])
            if value <= 0:
                continue
            k = int(pair_of[task])
            a, b = self._side_a[rows[k]], self._side_b[cols[k]]
            challenge_of, practice_of = (a.id, b.id) if task < first_direction else (b.id, a.id)
            out[k] = PhrasePair(
                challenge_of, texts[left[task]], practice_of, texts[right[task]], value
            )
        return out
