"""The optimal pairing of a whole call, and each city's best alternative partners."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

from .scoring import Explanation, ScoreMatrix, explain_pairs

Capacity = int | Mapping[Hashable, int] | None


@dataclass(frozen=True)
class Proposal:
    """A proposed pair: side-A city ``a_id`` with side-B city ``b_id``.

    ``locked`` is True for a pair the coordinator locked (it is in the result whatever its
    score).
    """

    a_id: Hashable
    b_id: Hashable
    score: float
    explanation: Explanation
    locked: bool = False


def assign(
    matrix: ScoreMatrix,
    *,
    capacity_a: Capacity = None,
    capacity_b: Capacity = None,
    locked: Iterable[tuple[Hashable, Hashable]] = (),
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    min_score: float | None = None,
) -> list[Proposal]:
    """The best pairing of the whole call, as proposals sorted by (side A, side B) order.

    Capacities say in how many pairs a city may take part (an int for every city of that side,
    or a mapping id → int where missing cities get 1; default 1). ``locked`` pairs, given as
    (side-A id, side-B id), are in the result and use up capacity; ``forbidden`` pairs, and
    pairs scoring below ``min_score`` (locked ones excepted), are never proposed, even if that
    leaves a city without a partner. A pair is never proposed twice.

    Among the pairings that respect all that, the result pairs **as many cities as possible
    and, among those, has the highest total score** (without exclusions or a minimum score this
    is simply the maximum total score). Ties are broken deterministically: the same matrix and
    arguments always give the same result, whatever the order of ``locked`` and ``forbidden``.

    Raises ValueError (changing nothing) for unknown ids, a pair both locked and forbidden, a
    city with more locked pairs than its capacity, or a malformed capacity or minimum score.
    """
    n_a, n_b = matrix.shape
    cap_a = _capacities(capacity_a, matrix.side_a, "capacity_a")
    cap_b = _capacities(capacity_b, matrix.side_b, "capacity_b")
    locked_pairs = _pairs(matrix, locked, "locked")
    forbidden_pairs = _pairs(matrix, forbidden, "forbidden")
    for i, j in sorted(locked_pairs & forbidden_pairs):
        raise ValueError(
            f"Pair ({matrix.side_a[i].id!r}, {matrix.side_b[j].id!r}) is both locked and forbidden."
        )
    if min_score is not None:
        if isinstance(min_score, bool) or not isinstance(min_score, int | float | np.number):
            raise ValueError(f"min_score must be a number, not {min_score!r}.")
        if not math.isfinite(min_score):
            raise ValueError(f"min_score must be finite, not {min_score!r}.")

    locks_a = Counter(i for i, _ in locked_pairs)
    locks_b = Counter(j for _, j in locked_pairs)
    for side, locks, caps, label in (
        (matrix.side_a, locks_a, cap_a, "capacity_a"),
        (matrix.side_b, locks_b, cap_b, "capacity_b"),
    ):
        for index in sorted(locks):
            if locks[index] > caps[index]:
                raise ValueError(
                    f"City {side[index].id!r} has {locks[index]} locked pair(s) but a capacity "
                    f"of {caps[index]} ({label})."
                )
    free_a = cap_a - np.bincount([i for i, _ in locked_pairs], minlength=n_a).astype(np.int64)
    free_b = cap_b - np.bincount([j for _, j in locked_pairs], minlength=n_b).astype(np.int64)

    allowed = np.ones((n_a, n_b), dtype=bool)
    if min_score is not None:
        np.greater_equal(matrix.total, min_score, out=allowed)
    for i, j in forbidden_pairs | locked_pairs:  # a locked pair is not proposed a second time
        allowed[i, j] = False

    chosen = _best_pairs(matrix.total, allowed, free_a, free_b)
    pairs = sorted(set(chosen) | locked_pairs)
    explanations = explain_pairs(matrix, pairs)
    return [
        Proposal(
            a_id=matrix.side_a[i].id,
            b_id=matrix.side_b[j].id,
            score=float(matrix.total[i, j]),
            explanation=explanation,
            locked=(i, j) in locked_pairs,
        )
        for (i, j), explanation in zip(pairs, explanations, strict=True)
    ]


def alternatives(
    matrix: ScoreMatrix, k: int = 3, forbidden: Iterable[tuple[Hashable, Hashable]] = ()
) -> dict[Hashable, list[Proposal]]:
    """For every city of both sides, its ``k`` best partners by score, best first.

    Forbidden pairs are left out; equal scores are ordered by the partner's position in its
    side. Keys are applicant ids; every proposal names the side-A city as ``a_id``.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a non-negative integer, not {k!r}.")
    forbidden_pairs = sorted(_pairs(matrix, forbidden, "forbidden"))
    rows = np.fromiter((i for i, _ in forbidden_pairs), dtype=np.intp, count=len(forbidden_pairs))
    cols = np.fromiter((j for _, j in forbidden_pairs), dtype=np.intp, count=len(forbidden_pairs))
    best_b = _top_k(matrix.total, k, rows, cols)  # for each side-A city, columns
    best_a = _top_k(matrix.total.T, k, cols, rows)  # for each side-B city, rows

    wanted = sorted(
        {(i, j) for i, js in enumerate(best_b) for j in js}
        | {(i, j) for j, is_ in enumerate(best_a) for i in is_}
    )
    explanations = dict(zip(wanted, explain_pairs(matrix, wanted), strict=True))

    def proposal(i: int, j: int) -> Proposal:
        return Proposal(
            a_id=matrix.side_a[i].id,
            b_id=matrix.side_b[j].id,
            score=float(matrix.total[i, j]),
            explanation=explanations[i, j],
        )

    result: dict[Hashable, list[Proposal]] = {}
    for i, a in enumerate(matrix.side_a):
        result[a.id] = [proposal(i, j) for j in best_b[i]]
    for j, b in enumerate(matrix.side_b):
        result[b.id] = [proposal(i, j) for i in best_a[j]]
    return result


# -- internals ------------------------------------------------------------------------------


def _capacities(capacity: Capacity, side: tuple, label: str) -> np.ndarray:
    def check(value: object, who: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise ValueError(
                f"{label}: the capacity of {who} must be a non-negative integer, not {value!r}."
            )
        return int(value)

    if capacity is None:
        return np.ones(len(side), dtype=np.int64)
    if isinstance(capacity, Mapping):
        ids = {applicant.id for applicant in side}
        for key in capacity:
            if key not in ids:
                raise ValueError(f"{label} names {key!r}, which is not an applicant of that side.")
        return np.array(
            [check(capacity.get(a.id, 1), repr(a.id)) for a in side], dtype=np.int64
        ).reshape(len(side))
    return np.full(len(side), check(capacity, "every city"), dtype=np.int64)


def _pairs(
    matrix: ScoreMatrix, pairs: Iterable[tuple[Hashable, Hashable]], label: str
) -> set[tuple[int, int]]:
    """(row, column) of each (side-A id, side-B id) pair; duplicates collapse."""
    if isinstance(pairs, str | bytes):
        raise ValueError(f"{label} must be a collection of (side-A id, side-B id) pairs.")
    out = set()
    for pair in pairs:
        try:
            a_id, b_id = pair
        except (TypeError, ValueError):
            raise ValueError(f"{label}: {pair!r} is not an (side-A id, side-B id) pair.") from None
        try:
            out.add((matrix.index_a(a_id), matrix.index_b(b_id)))
        except ValueError as error:
            raise ValueError(
                f"{label} pair {pair!r}: {error} Pairs are (side-A id, side-B id)."
            ) from None
    return out


def _best_pairs(
    score: np.ndarray, allowed: np.ndarray, free_a: np.ndarray, free_b: np.ndarray
) -> list[tuple[int, int]]:
    """The best set of distinct allowed pairs within the free capacities.

    Capacities become replicated rows and columns ("slots") for linear_sum_assignment. A pair
    of two cities that both have several slots could then be chosen twice; when the solver
    does that, the pair gets a gadget that lets it be used once at most, and the problem is
    solved again. The first solution without a repeated pair is optimal: each round solves a
    relaxation of the real problem, and the last one's answer is feasible for it.
    """
    row_owner = np.repeat(np.arange(score.shape[0]), free_a)
    col_owner = np.repeat(np.arange(score.shape[1]), free_b)
    if row_owner.size == 0 or col_owner.size == 0:
        return []
    # Every city has exactly one slot: use the matrices as they are, without copying them.
    identity = bool((free_a == 1).all() and (free_b == 1).all())
    slot_allowed = allowed if identity else allowed[np.ix_(row_owner, col_owner)]
    if not slot_allowed.any():
        return []
    slot_score = score if identity else score[np.ix_(row_owner, col_owner)]
    # Not every pair is allowed, so some slots may stay empty: allowed pairs get a bonus larger
    # than any difference in total score, which makes the solver pair as many cities as it can
    # first; a disallowed pair is worth 0, the same as leaving both slots empty.
    most_pairs = min(row_owner.size, col_owner.size)
    once: list[tuple[int, int]] = []  # pairs that now go through a use-at-most-once gadget

    while True:
        if not once and slot_allowed.all():
            weight = slot_score  # every pair allowed: the plain problem, no bonus needed
        else:
            reach = max(float(np.abs(slot_score).max()), 1.0)
            bonus = 2.0 * most_pairs * reach + 1.0
            weight = np.where(slot_allowed, slot_score + bonus, 0.0)
            if once:
                must = most_pairs * (bonus + reach) + 1.0
                weight = _with_gadgets(weight, once, row_owner, col_owner, score, bonus, must)
        rows, cols = linear_sum_assignment(weight, maximize=True)

        n_rows, n_cols = slot_allowed.shape
        direct = (rows < n_rows) & (cols < n_cols)
        direct[direct] = slot_allowed[rows[direct], cols[direct]]
        pair_rows = row_owner[rows[direct]]
        pair_cols = col_owner[cols[direct]]
        via = (rows < n_rows) & (cols >= n_cols)
        gadget_pairs = [
            once[c - n_cols]
            for r, c in zip(rows[via], cols[via], strict=True)
            if row_owner[r] == once[c - n_cols][0]
        ]

        codes, counts = np.unique(pair_rows * score.shape[1] + pair_cols, return_counts=True)
        repeated = codes[counts > 1]
        if repeated.size == 0:
            return sorted(
                [(int(i), int(j)) for i, j in zip(pair_rows, pair_cols, strict=True)] + gadget_pairs
            )
        if slot_allowed is allowed:
            slot_allowed = slot_allowed.copy()
        for code in repeated.tolist():
            i, j = divmod(code, score.shape[1])
            once.append((i, j))
            slot_allowed[np.ix_(row_owner == i, col_owner == j)] = False


def _with_gadgets(
    weight: np.ndarray,
    once: list[tuple[int, int]],
    row_owner: np.ndarray,
    col_owner: np.ndarray,
    score: np.ndarray,
    bonus: float,
    must: float,
) -> np.ndarray:
    """Add one extra row and column per pair in ``once`` so that pair is used at most once.

    For pair e = (i, j): a slot of i may take column c_e (worth the pair's weight); row r_e
    is worth ``must`` (more than everything else together, so the optimum always takes it)
    either with c_e (pair unused) or with a slot of j (pair used, using up a slot of j). With
    one c_e, the pair is used at most once, and using it costs i and j one slot each.
    """
    n_rows, n_cols = weight.shape
    g = len(once)
    out = np.zeros((n_rows + g, n_cols + g))
    out[:n_rows, :n_cols] = weight
    for e, (i, j) in enumerate(once):
        out[:n_rows][row_owner == i, n_cols + e] = score[i, j] + bonus
        out[n_rows + e, n_cols + e] = must
        out[n_rows + e, :n_cols][col_owner == j] = must
    return out


def _top_k(
    values: np.ndarray, k: int, excluded_rows: np.ndarray, excluded_cols: np.ndarray
) -> list[list[int]]:
    """For each row, the columns of its k largest values (ties: lower column first)."""
    n_rows, n_cols = values.shape
    k = min(k, n_cols)
    if k == 0:
        return [[] for _ in range(n_rows)]
    candidates = np.array(values, dtype=np.float64)  # a copy we may write -inf into
    candidates[excluded_rows, excluded_cols] = -np.inf
    kth = np.partition(candidates, n_cols - k, axis=1)[:, n_cols - k]  # k-th largest per row
    # Every value at least as large as the k-th is a candidate (more than k when tied).
    rows, cols = np.nonzero((candidates >= kth[:, None]) & np.isfinite(candidates))
    order = np.lexsort((cols, -candidates[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    first = np.searchsorted(rows, np.arange(n_rows))
    place = np.arange(rows.size) - first[rows]
    keep = place < k
    out: list[list[int]] = [[] for _ in range(n_rows)]
    for r, c in zip(rows[keep].tolist(), cols[keep].tolist(), strict=True):
        out[r].append(c)
    return out
