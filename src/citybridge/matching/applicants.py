"""The inputs of matchmaking: the applicants of a call and the weights of the score."""

from __future__ import annotations

import math
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, fields

#: The score's components, in the order explanations list them. These names are stable: the
#: Django layer translates them and stores weights under them.
COMPONENTS: tuple[str, ...] = ("themes", "challenges_practices", "size", "ties", "language")


@dataclass(frozen=True)
class Applicant:
    """One selected applicant city of a call, as matchmaking sees it.

    ``id`` must be unique across both sides of the call (it is how locks, exclusions and
    ``ties`` name a city). ``themes`` is ranked: the first is the city's priority 1.
    ``challenges`` and ``practices`` are free text in any language (Italian, Japanese,
    English…). ``ties`` holds the ids of applicants the city already cooperates with.
    Sequences and sets are stored as tuples and frozensets, so an applicant never changes.
    """

    id: Hashable
    side: Hashable
    population: float
    themes: Sequence[str] = ()
    challenges: str = ""
    practices: str = ""
    languages: Collection[str] = frozenset()
    ties: Collection[Hashable] = frozenset()

    def __post_init__(self) -> None:
        if self.id is None:
            raise ValueError("An applicant needs an id.")
        try:
            population = float(self.population)
        except (TypeError, ValueError):
            raise ValueError(
                f"Applicant {self.id!r}: population must be a number, not {self.population!r}."
            ) from None
        if not math.isfinite(population) or population <= 0:
            raise ValueError(
                f"Applicant {self.id!r}: population must be a positive number, not {self.population!r}."
            )
        if isinstance(self.themes, str):
            raise ValueError(f"Applicant {self.id!r}: themes must be a ranked list, not a string.")
        themes = tuple(self.themes)
        seen: set[str] = set()
        for theme in themes:
            if not isinstance(theme, str) or not theme:
                raise ValueError(f"Applicant {self.id!r}: theme {theme!r} is not a theme name.")
            if theme in seen:
                raise ValueError(f"Applicant {self.id!r} ranks theme {theme!r} more than once.")
            seen.add(theme)
        for name in ("challenges", "practices"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"Applicant {self.id!r}: {name} must be text.")
        if isinstance(self.languages, str):
            raise ValueError(
                f"Applicant {self.id!r}: languages must be a set of language codes, not a string."
            )
        if isinstance(self.ties, str | bytes):
            raise ValueError(f"Applicant {self.id!r}: ties must be a set of applicant ids.")
        object.__setattr__(self, "population", population)
        object.__setattr__(self, "themes", themes)
        # Language codes are case-insensitive (BCP 47): "EN" and "en" are one language.
        object.__setattr__(
            self, "languages", frozenset(lang.strip().lower() for lang in self.languages)
        )
        object.__setattr__(self, "ties", frozenset(self.ties))


@dataclass(frozen=True)
class Weights:
    """How much each component counts in a pair's score: score = Σ weight × value.

    Every component's value lies in 0..1, so with the defaults (which add up to 1) a score
    lies in 0..1 too. ``ties`` is signed: positive rewards pairs that already cooperate,
    negative favours new relationships; the others must not be negative.

    Defaults: themes 0.40, challenges_practices 0.30, size 0.10, ties 0.05, language 0.15.
    """

    themes: float = 0.40
    challenges_practices: float = 0.30
    size: float = 0.10
    ties: float = 0.05
    language: float = 0.15

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise ValueError(f"Weight {f.name!r} must be a number, not {value!r}.") from None
            if not math.isfinite(number):
                raise ValueError(f"Weight {f.name!r} must be finite, not {value!r}.")
            if f.name != "ties" and number < 0:
                raise ValueError(
                    f"Weight {f.name!r} must not be negative ({value!r}); only 'ties' is signed."
                )
            object.__setattr__(self, f.name, number)

    def as_dict(self) -> dict[str, float]:
        """The weights by component name, in :data:`COMPONENTS` order."""
        return {name: getattr(self, name) for name in COMPONENTS}


# Kept next to the dataclass so a new component cannot be added to one and not the other.
assert tuple(f.name for f in fields(Weights)) == COMPONENTS, "Weights and COMPONENTS drifted"
