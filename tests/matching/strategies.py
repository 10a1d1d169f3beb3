"""Hypothesis strategies: small random calls for the matchmaking tests."""

from dataclasses import dataclass

from hypothesis import strategies as st

from citybridge.matching import Applicant, Weights

THEMES = ["energy", "inclusion", "mobility", "tourism", "water"]
PHRASES = [
    "Empty homes in the old town.",
    "Ageing population and care.",
    "Traffic congestion downtown.",
    "空き家の活用。",
    "高齢者の交流拠点。",
    "Case vuote nel centro storico.",
    "",
]
POPULATIONS = [1_000, 10_000, 50_000, 100_000, 1_000_000, 3_700_000]


@dataclass(frozen=True)
class Call:
    side_a: list[Applicant]
    side_b: list[Applicant]
    weights: Weights


@st.composite
def applicants(draw, side: str, count: int, first_id: int, partners: range) -> list[Applicant]:
    out = []
    for k in range(count):
        out.append(
            Applicant(
                id=first_id + k,
                side=side,
                population=draw(st.sampled_from(POPULATIONS)),
                themes=draw(st.permutations(THEMES))[: draw(st.integers(0, 4))],
                challenges=" ".join(draw(st.lists(st.sampled_from(PHRASES), max_size=2))),
                practices=" ".join(draw(st.lists(st.sampled_from(PHRASES), max_size=2))),
                languages=draw(st.sets(st.sampled_from(["en", "it", "ja"]))),
                ties=draw(st.sets(st.sampled_from(partners), max_size=1)) if partners else set(),
            )
        )
    return out


weights = st.builds(
    Weights,
    themes=st.floats(0, 1),
    challenges_practices=st.floats(0, 1),
    size=st.floats(0, 1),
    ties=st.floats(-1, 1),
    language=st.floats(0, 1),
)


@st.composite
def calls(draw, max_side: int = 5) -> Call:
    """Up to ``max_side`` × ``max_side`` applicants (ids 0.. on side A, 100.. on side B)."""
    n_a = draw(st.integers(1, max_side))
    n_b = draw(st.integers(1, max_side))
    return Call(
        side_a=draw(applicants("eu", n_a, 0, range(100, 100 + n_b))),
        side_b=draw(applicants("jp", n_b, 100, range(0))),
        weights=draw(st.one_of(st.just(Weights()), weights)),
    )
