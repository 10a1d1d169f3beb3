"""The matchmaking pages name every component of the library's score, in its order."""

from citybridge.calls.matchmaking import COMPONENT_LABELS
from citybridge.matching import COMPONENTS


def test_the_pages_label_every_score_component_in_the_library_order():
    assert tuple(COMPONENT_LABELS) == COMPONENTS
