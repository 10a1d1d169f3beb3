"""Score matrix, explanations and text similarity of citybridge.matching (no database)."""

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings

from citybridge.matching import (
    COMPONENTS,
    Applicant,
    Weights,
    explain,
    explain_pairs,
    score_matrix,
)
from tests.matching.strategies import calls

EMPTY_HOMES = "Empty homes in the old town."


def hand_computed_call():
    """Two European cities and one Japanese city whose scores are easy to work out by hand."""
    side_a = [
        Applicant(
            id="ancona",
            side="eu",
            population=100_000,
            themes=["energy", "inclusion"],
            challenges=EMPTY_HOMES,
            languages={"it", "en"},
            ties={"ikoma"},
        ),
        Applicant(id="tiny", side="eu", population=1_000, themes=["mobility"], languages={"de"}),
    ]
    side_b = [
        Applicant(
            id="ikoma",
            side="jp",
            population=1_000_000,
            themes=["inclusion", "energy"],
            practices=EMPTY_HOMES,
            languages={"EN", "ja"},
        )
    ]
    return side_a, side_b


def test_score_matrix_of_a_tiny_call_matches_the_hand_computed_values():
    matrix = score_matrix(*hand_computed_call())

    assert matrix.shape == (2, 1)
    assert matrix.total.shape == (2, 1)
    assert list(matrix.components) == list(COMPONENTS)
    expected = {
        # reciprocal ranks (1, ½) · (½, 1) / (‖·‖²=1.25) = 0.8; no shared theme = 0
        "themes": [[0.8], [0.0]],
        # A's challenge is word for word B's practice (cosine 1), B has no challenge (0)
        "challenges_practices": [[0.5], [0.0]],
        # 1 / (1 + |log10 ratio|): ten times → ½, a thousand times → ¼
        "size": [[0.5], [0.25]],
        "ties": [[1.0], [0.0]],
        # "EN" and "en" are one language
        "language": [[1.0], [0.0]],
    }
    for name, values in expected.items():
        assert matrix.components[name].dtype == np.float32
        np.testing.assert_allclose(matrix.components[name], values, rtol=1e-6, atol=1e-7)
    # 0.4·0.8 + 0.3·0.5 + 0.1·0.5 + 0.05·1 + 0.15·1 and 0.1·0.25 with the default weights
    np.testing.assert_allclose(matrix.total, [[0.72], [0.025]], rtol=1e-6)


def test_explanation_of_a_pair_lists_components_shared_items_and_closest_phrases():
    explanation = explain(score_matrix(*hand_computed_call()), 0, 0)

    assert (explanation.a_id, explanation.b_id) == ("ancona", "ikoma")
    assert [c.component for c in explanation.contributions] == list(COMPONENTS)
    assert explanation.contribution("size").weight == 0.1
    assert explanation.contribution("size").value == pytest.approx(0.5)
    assert explanation.contribution("size").contribution == pytest.approx(0.05)
    # Equal rank sums (1 + 2 each): the side-A city's priority comes first.
    assert explanation.shared_themes == ("energy", "inclusion")
    assert explanation.shared_languages == ("en",)
    assert explanation.existing_tie is True
    assert explanation.phrase_pair.challenge_of == "ancona"
    assert explanation.phrase_pair.practice_of == "ikoma"
    assert explanation.phrase_pair.challenge == EMPTY_HOMES
    assert explanation.phrase_pair.practice == EMPTY_HOMES
    assert explanation.phrase_pair.similarity == pytest.approx(1.0, rel=1e-6)


def test_explanation_without_anything_in_common_has_no_phrase_pair():
    explanation = explain(score_matrix(*hand_computed_call()), 1, 0)

    assert explanation.shared_themes == ()
    assert explanation.shared_languages == ()
    assert explanation.existing_tie is False
    assert explanation.phrase_pair is None


@settings(database=None, deadline=None, max_examples=60)
@given(calls())
def test_contributions_add_up_exactly_to_the_score_of_every_pair(call):
    matrix = score_matrix(call.side_a, call.side_b, call.weights)

    recomputed = sum(
        matrix.components[name].astype(np.float64) * weight
        for name, weight in call.weights.as_dict().items()
    )
    assert np.allclose(recomputed, matrix.total, rtol=0, atol=1e-12)
    for i in range(matrix.shape[0]):
        for j in range(matrix.shape[1]):
            explanation = explain(matrix, i, j)
            contributions = [c.contribution for c in explanation.contributions]
            assert sum(contributions) == explanation.score == matrix.total[i, j]
            assert math.isclose(math.fsum(contributions), explanation.score, abs_tol=1e-12)
            for c in explanation.contributions:
                assert c.contribution == c.weight * c.value
    for values in matrix.components.values():
        assert values.shape == matrix.shape
        assert ((values >= 0) & (values <= 1)).all()


def test_new_weights_rescore_without_changing_the_components():
    side_a, side_b = hand_computed_call()
    matrix = score_matrix(side_a, side_b)
    weights = Weights(themes=1, challenges_practices=0, size=0, ties=-0.5, language=0)

    rescored = matrix.with_weights(weights)

    assert rescored.components is matrix.components
    np.testing.assert_array_equal(rescored.total, score_matrix(side_a, side_b, weights).total)
    np.testing.assert_allclose(rescored.total, [[0.3], [0.0]], rtol=1e-6)


def test_score_matrix_is_read_only():
    matrix = score_matrix(*hand_computed_call())

    with pytest.raises(ValueError):
        matrix.total[0, 0] = 1.0
    with pytest.raises(ValueError):
        matrix.components["themes"][0, 0] = 1.0


def _text_scores(challenge: str, practices: list[str], *, challenge_on_side_a: bool) -> list[float]:
    """challenges_practices value of one city's challenge against each other city's practice."""
    city = {"id": "c", "population": 1, "challenges": challenge}
    others = [{"id": k, "population": 1, "practices": p} for k, p in enumerate(practices)]
    if challenge_on_side_a:
        side_a = [Applicant(side="a", **city)]
        side_b = [Applicant(side="b", **other) for other in others]
        return score_matrix(side_a, side_b).components["challenges_practices"][0].tolist()
    side_a = [Applicant(side="a", **other) for other in others]
    side_b = [Applicant(side="b", **city)]
    return score_matrix(side_a, side_b).components["challenges_practices"][:, 0].tolist()


@pytest.mark.parametrize("challenge_on_side_a", [True, False])
def test_japanese_challenge_is_closer_to_a_japanese_practice_on_the_same_topic(challenge_on_side_a):
    same_topic, unrelated = _text_scores(
        "高齢化が進み、中心市街地の空き家が増えている。",
        [
            "空き家を改修して高齢者の交流拠点として活用している。",
            "再生可能エネルギーの導入で地域の脱炭素化を進めている。",
        ],
        challenge_on_side_a=challenge_on_side_a,
    )

    assert same_topic > 1.5 * unrelated > 0  # they share grammar ("ている"), not the topic


@pytest.mark.parametrize("challenge_on_side_a", [True, False])
def test_italian_challenge_is_closer_to_an_italian_practice_on_the_same_topic(challenge_on_side_a):
    same_topic, unrelated = _text_scores(
        "Invecchiamento della popolazione e case vuote nel centro storico.",
        [
            "Recupero delle case vuote del centro storico come alloggi per anziani.",
            "Piano per la mobilità ciclabile e il trasporto pubblico locale.",
        ],
        challenge_on_side_a=challenge_on_side_a,
    )

    assert same_topic > 3 * unrelated > 0  # they share "della", "per", not the topic


def test_full_width_and_half_width_forms_compare_equal():
    same, _ = _text_scores(
        "ＳＤＧｓ未来都市",
        ["SDGs未来都市", "観光振興"],
        challenge_on_side_a=True,
    )

    assert same == pytest.approx(0.5, rel=1e-6)  # identical in one direction, nothing in the other


@pytest.mark.parametrize(
    ("side_a", "side_b", "message"),
    [
        (
            [Applicant(id=1, side="eu", population=1), Applicant(id=1, side="eu", population=2)],
            [Applicant(id=2, side="jp", population=1)],
            "1 appears more than once",
        ),
        (
            [Applicant(id=1, side="eu", population=1)],
            [Applicant(id=1, side="jp", population=1)],
            "1 appears more than once",
        ),
        (
            [Applicant(id=1, side="eu", population=1), Applicant(id=2, side="jp", population=1)],
            [Applicant(id=3, side="jp", population=1)],
            "Side A mixes applicants of sides 'eu', 'jp'",
        ),
        (
            [Applicant(id=1, side="eu", population=1)],
            [Applicant(id=2, side="eu", population=1)],
            "Both sides are 'eu'",
        ),
    ],
)
def test_invalid_sides_are_refused_with_a_clear_message(side_a, side_b, message):
    with pytest.raises(ValueError, match=message):
        score_matrix(side_a, side_b)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"population": 0}, "population must be a positive number"),
        ({"population": "many"}, "population must be a number"),
        ({"themes": ["energy", "water", "energy"]}, "ranks theme 'energy' more than once"),
        ({"themes": "energy"}, "themes must be a ranked list"),
        ({"languages": "en"}, "languages must be a set of language codes"),
    ],
)
def test_invalid_applicants_are_refused_with_a_clear_message(fields, message):
    with pytest.raises(ValueError, match=message):
        Applicant(**{"id": 1, "side": "eu", "population": 1000, **fields})


def test_negative_weights_are_refused_except_for_ties():
    assert Weights(ties=-0.2).ties == -0.2
    with pytest.raises(ValueError, match="Weight 'size' must not be negative"):
        Weights(size=-0.1)
    with pytest.raises(ValueError, match="Weight 'themes' must be finite"):
        Weights(themes=float("nan"))


def test_explaining_many_pairs_at_once_gives_the_same_explanations():
    matrix = score_matrix(*hand_computed_call())

    assert explain_pairs(matrix, [(1, 0), (0, 0)]) == [explain(matrix, 1, 0), explain(matrix, 0, 0)]
    with pytest.raises(ValueError, match=r"Pair \(2, 0\) is outside the 2×1 score matrix"):
        explain_pairs(matrix, [(0, 0), (2, 0)])


def test_explain_refuses_an_index_out_of_range():
    matrix = score_matrix(*hand_computed_call())

    with pytest.raises(ValueError, match=r"b_index 1 is out of range \(0..0\)"):
        explain(matrix, 0, 1)


def test_matching_package_imports_no_django():
    code = (
        "import sys, citybridge.matching\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
