"""Optimal assignment and alternatives of citybridge.matching (no database)."""

import math
import os
import subprocess
import sys
from collections import Counter
from functools import cache
from itertools import combinations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citybridge.matching import Applicant, alternatives, assign, explain, score_matrix
from tests.matching.strategies import calls


def exhaustive_best(total, allowed, free_a, free_b):
    """(number of pairs, total score) of the best pairing, by trying every set of pairs.

    Rows are taken one at a time; for each, every subset of its allowed columns that fits
    its capacity and the columns' remaining capacities is tried (memoised on the remaining
    capacities, so 5 × 5 with capacities up to 2 stays fast). "Best" is the order `assign`
    documents: most pairs first, then highest total score.
    """
    n_a, n_b = total.shape

    @cache
    def best(i, remaining):
        if i == n_a:
            return (0, 0.0)
        options = [j for j in range(n_b) if allowed[i, j] and remaining[j] > 0]
        found = best(i + 1, remaining)
        for size in range(1, min(free_a[i], len(options)) + 1):
            for columns in combinations(options, size):
                left = list(remaining)
                for j in columns:
                    left[j] -= 1
                count, score = best(i + 1, tuple(left))
                candidate = (count + size, score + sum(float(total[i, j]) for j in columns))
                if candidate[0] > found[0] or (
                    candidate[0] == found[0] and candidate[1] > found[1] + 1e-12
                ):
                    found = candidate
        return found

    return best(0, tuple(int(c) for c in free_b))


@st.composite
def problems(draw):
    """A call with capacities 0–2, some forbidden and locked pairs and maybe a minimum score."""
    call = draw(calls())
    matrix = score_matrix(call.side_a, call.side_b, call.weights)
    n_a, n_b = matrix.shape
    cap_a = draw(st.lists(st.sampled_from([0, 1, 1, 2, 2]), min_size=n_a, max_size=n_a))
    cap_b = draw(st.lists(st.sampled_from([0, 1, 1, 2, 2]), min_size=n_b, max_size=n_b))
    pairs = [(i, j) for i in range(n_a) for j in range(n_b)]
    forbidden = draw(st.sets(st.sampled_from(pairs), max_size=len(pairs) // 2))
    locked = []
    used_a, used_b = Counter(), Counter()
    for i, j in draw(st.lists(st.sampled_from(pairs), unique=True, max_size=3)):
        if (i, j) not in forbidden and used_a[i] < cap_a[i] and used_b[j] < cap_b[j]:
            locked.append((i, j))
            used_a[i] += 1
            used_b[j] += 1
    quantile = draw(st.none() | st.floats(0, 1))
    min_score = None if quantile is None else float(np.quantile(matrix.total, quantile))
    return matrix, cap_a, cap_b, sorted(forbidden), locked, min_score


def ids(matrix, index_pairs):
    return [(matrix.side_a[i].id, matrix.side_b[j].id) for i, j in index_pairs]


@settings(database=None, deadline=None, max_examples=150)
@given(problems())
def test_assignment_is_optimal_and_respects_capacities_locks_and_exclusions(problem):
    matrix, cap_a, cap_b, forbidden, locked, min_score = problem
    capacity_a = {a.id: c for a, c in zip(matrix.side_a, cap_a, strict=True)}
    capacity_b = {b.id: c for b, c in zip(matrix.side_b, cap_b, strict=True)}

    proposals = assign(
        matrix,
        capacity_a=capacity_a,
        capacity_b=capacity_b,
        locked=ids(matrix, locked),
        forbidden=ids(matrix, forbidden),
        min_score=min_score,
    )

    chosen = [(matrix.index_a(p.a_id), matrix.index_b(p.b_id)) for p in proposals]
    assert chosen == sorted(set(chosen)), "pairs are distinct and sorted"
    assert all(Counter(i for i, _ in chosen)[i] <= cap_a[i] for i in range(len(cap_a)))
    assert all(Counter(j for _, j in chosen)[j] <= cap_b[j] for j in range(len(cap_b)))
    assert not set(chosen) & set(forbidden)
    assert set(locked) <= set(chosen)
    for p, (i, j) in zip(proposals, chosen, strict=True):
        assert p.locked == ((i, j) in locked)
        assert p.score == matrix.total[i, j] == p.explanation.score
        if min_score is not None and not p.locked:
            assert p.score >= min_score

    allowed = np.ones(matrix.shape, dtype=bool)
    for pair in forbidden + locked:
        allowed[pair] = False
    if min_score is not None:
        allowed &= matrix.total >= min_score
    free_a = [cap_a[i] - sum(1 for x, _ in locked if x == i) for i in range(len(cap_a))]
    free_b = [cap_b[j] - sum(1 for _, y in locked if y == j) for j in range(len(cap_b))]
    count, score = exhaustive_best(matrix.total, allowed, free_a, free_b)
    assert len(chosen) == len(locked) + count
    locked_score = sum(float(matrix.total[pair]) for pair in locked)
    assert math.isclose(
        sum(p.score for p in proposals), locked_score + score, rel_tol=1e-9, abs_tol=1e-9
    )


@settings(database=None, deadline=None, max_examples=40)
@given(problems())
def test_assignment_is_deterministic_whatever_the_order_of_locks_and_exclusions(problem):
    matrix, cap_a, cap_b, forbidden, locked, min_score = problem
    capacity_a = {a.id: c for a, c in zip(matrix.side_a, cap_a, strict=True)}
    capacity_b = {b.id: c for b, c in zip(matrix.side_b, cap_b, strict=True)}
    rebuilt = score_matrix(matrix.side_a, matrix.side_b, matrix.weights)

    first = assign(
        matrix,
        capacity_a=capacity_a,
        capacity_b=capacity_b,
        locked=ids(matrix, locked),
        forbidden=ids(matrix, forbidden),
        min_score=min_score,
    )
    again = assign(
        rebuilt,
        capacity_a=capacity_a,
        capacity_b=capacity_b,
        locked=set(ids(matrix, locked[::-1])),
        forbidden=ids(matrix, forbidden[::-1]),
        min_score=min_score,
    )

    assert first == again


def city(id, side, themes=(), **fields):
    return Applicant(
        id=id, side=side, population=fields.pop("population", 100_000), themes=themes, **fields
    )


def test_equal_scores_give_the_same_pairing_every_time():
    side_a = [city(f"eu{k}", "eu", ["energy"]) for k in range(4)]
    side_b = [city(f"jp{k}", "jp", ["energy"]) for k in range(3)]

    results = [assign(score_matrix(side_a, side_b)) for _ in range(3)]

    assert len({p.score for p in results[0]}) == 1, "every pair scores the same"
    assert len(results[0]) == 3
    assert results[0] == results[1] == results[2]


def test_assignment_is_the_same_under_another_hash_seed():
    # String ids, theme and language sets iterate in an order that depends on the hash seed.
    code = """
from citybridge.matching import Applicant, alternatives, assign, score_matrix
a = [Applicant(id=f"eu{k}", side="eu", population=1000 * (k % 3 + 1), themes=["water", "energy"],
               languages={"en", "it", "de"}, ties={"jp1"}) for k in range(6)]
b = [Applicant(id=f"jp{k}", side="jp", population=1000 * (k % 2 + 1), themes=["energy", "water"],
               languages={"en", "ja"}, ties={"eu2"}) for k in range(5)]
m = score_matrix(a, b)
print(assign(m, capacity_a=2, forbidden={("eu0", "jp0"), ("eu1", "jp1")}))
print(alternatives(m, k=2))
"""
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for seed in ("1", "2", "3")
    }

    assert len(outputs) == 1


def test_forbidden_pair_is_never_proposed_even_if_a_city_stays_unpaired():
    matrix = score_matrix([city("ancona", "eu", ["energy"])], [city("ikoma", "jp", ["energy"])])

    assert assign(matrix, forbidden=[("ancona", "ikoma")]) == []


def test_assignment_pairs_as_many_cities_as_possible_before_maximising_the_score():
    # Ancona and Ikoma are the best pair, but Ikoma is Essen's only allowed partner: pairing
    # Ancona with Koriyama and Essen with Ikoma pairs everyone.
    side_a = [city("ancona", "eu", ["energy", "inclusion"]), city("essen", "eu", ["tourism"])]
    side_b = [city("ikoma", "jp", ["energy", "inclusion"]), city("koriyama", "jp", ["water"])]
    matrix = score_matrix(side_a, side_b)
    assert matrix.total[0, 0] > matrix.total[0, 1] + matrix.total[1, 0]

    proposals = assign(matrix, forbidden=[("essen", "koriyama")])

    assert [(p.a_id, p.b_id) for p in proposals] == [("ancona", "koriyama"), ("essen", "ikoma")]


def test_a_pair_is_proposed_once_even_when_both_cities_have_room_for_more():
    matrix = score_matrix([city("ancona", "eu")], [city("ikoma", "jp")])

    proposals = assign(matrix, capacity_a=2, capacity_b=2)

    assert [(p.a_id, p.b_id) for p in proposals] == [("ancona", "ikoma")]


def test_city_with_capacity_two_gets_two_partners_in_a_multilateral_pairing():
    side_a = [city("ancona", "eu", ["energy"]), city("essen", "eu", ["water"])]
    side_b = [
        city("ikoma", "jp", ["energy"]),
        city("koriyama", "jp", ["energy"]),
        city("hirosaki", "jp", ["water"]),
    ]

    proposals = assign(score_matrix(side_a, side_b), capacity_a={"ancona": 2})

    assert [(p.a_id, p.b_id) for p in proposals] == [
        ("ancona", "ikoma"),
        ("ancona", "koriyama"),
        ("essen", "hirosaki"),
    ]


def test_locked_pair_is_kept_whatever_its_score_and_uses_up_capacity():
    side_a = [city("ancona", "eu", ["energy"]), city("essen", "eu", ["water"])]
    side_b = [city("ikoma", "jp", ["energy"]), city("hirosaki", "jp", ["water"])]
    matrix = score_matrix(side_a, side_b)

    proposals = assign(matrix, locked=[("ancona", "hirosaki")], min_score=0.5)

    assert [(p.a_id, p.b_id, p.locked) for p in proposals] == [("ancona", "hirosaki", True)]
    assert proposals[0].score < 0.5


def test_minimum_score_leaves_weak_pairs_unproposed():
    side_a = [city("ancona", "eu", ["energy"]), city("essen", "eu", ["water"])]
    side_b = [city("ikoma", "jp", ["energy"]), city("koriyama", "jp", ["mobility"])]
    matrix = score_matrix(side_a, side_b)

    proposals = assign(matrix, min_score=0.5)

    assert [(p.a_id, p.b_id) for p in proposals] == [("ancona", "ikoma")]


def test_rectangular_call_pairs_the_smaller_side_completely():
    side_a = [city(f"eu{k}", "eu", population=10**k) for k in range(2, 7)]
    side_b = [city(f"jp{k}", "jp", population=10**k) for k in (3, 5)]

    proposals = assign(score_matrix(side_a, side_b))

    assert [(p.a_id, p.b_id) for p in proposals] == [("eu3", "jp3"), ("eu5", "jp5")]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"locked": [("ancona", "ikoma")], "forbidden": [("ancona", "ikoma")]},
            r"Pair \('ancona', 'ikoma'\) is both locked and forbidden",
        ),
        (
            {"locked": [("ancona", "ikoma"), ("ancona", "koriyama")]},
            r"City 'ancona' has 2 locked pair\(s\) but a capacity of 1 \(capacity_a\)",
        ),
        (
            {"locked": [("essen", "ikoma"), ("ancona", "ikoma")], "capacity_a": 2},
            r"City 'ikoma' has 2 locked pair\(s\) but a capacity of 1 \(capacity_b\)",
        ),
        ({"locked": [("ikoma", "ancona")]}, "'ikoma' is not an applicant of side A"),
        ({"forbidden": [("ancona", "nara")]}, "'nara' is not an applicant of side B"),
        ({"forbidden": [("ancona",)]}, "is not an \\(side-A id, side-B id\\) pair"),
        ({"capacity_a": -1}, "capacity of every city must be a non-negative integer"),
        ({"capacity_b": {"ikoma": 1.5}}, "capacity of 'ikoma' must be a non-negative integer"),
        ({"capacity_b": {"nara": 2}}, "capacity_b names 'nara'"),
        ({"min_score": float("nan")}, "min_score must be finite"),
    ],
)
def test_invalid_assignment_requests_are_refused_with_a_clear_message(arguments, message):
    side_a = [city("ancona", "eu"), city("essen", "eu")]
    side_b = [city("ikoma", "jp"), city("koriyama", "jp")]

    with pytest.raises(ValueError, match=message):
        assign(score_matrix(side_a, side_b), **arguments)


@settings(database=None, deadline=None, max_examples=60)
@given(calls(), st.integers(0, 6), st.data())
def test_alternatives_are_each_citys_best_partners_best_first(call, k, data):
    matrix = score_matrix(call.side_a, call.side_b, call.weights)
    pairs = [(a.id, b.id) for a in call.side_a for b in call.side_b]
    forbidden = data.draw(st.sets(st.sampled_from(pairs)))

    result = alternatives(matrix, k=k, forbidden=forbidden)

    assert set(result) == {a.id for a in call.side_a} | {b.id for b in call.side_b}
    for i, a in enumerate(call.side_a):
        expected = sorted(
            (j for j, b in enumerate(call.side_b) if (a.id, b.id) not in forbidden),
            key=lambda j, i=i: (-matrix.total[i, j], j),
        )[:k]
        assert [p.b_id for p in result[a.id]] == [call.side_b[j].id for j in expected]
        assert all(p.a_id == a.id for p in result[a.id])
    for j, b in enumerate(call.side_b):
        expected = sorted(
            (i for i, a in enumerate(call.side_a) if (a.id, b.id) not in forbidden),
            key=lambda i, j=j: (-matrix.total[i, j], i),
        )[:k]
        assert [p.a_id for p in result[b.id]] == [call.side_a[i].id for i in expected]
    for proposals in result.values():
        for p in proposals:
            i, j = matrix.index_a(p.a_id), matrix.index_b(p.b_id)
            assert p.explanation == explain(matrix, i, j)
            assert p.score == p.explanation.score


def test_alternatives_refuse_a_negative_k():
    matrix = score_matrix([city("ancona", "eu")], [city("ikoma", "jp")])

    with pytest.raises(ValueError, match="k must be a non-negative integer"):
        alternatives(matrix, k=-1)
