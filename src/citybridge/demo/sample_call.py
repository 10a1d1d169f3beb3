"""A SAMPLE call of the demo programme, so a new user can try matchmaking on familiar cities.

IUC selected the 2017 EU–Japan pairings through a call whose details are not public, so this
call is sample content throughout (``Call.is_sample``, "(sample)" in every title): its dates,
criteria, application texts and rankings are made up. Only three things come from the
published facts: which ten cities applied and were paired in 2017, the programme's rule of
100,000 inhabitants, and each pairing's published focus, from which every application's
ranked themes and short challenge and practice sentences are derived. That is why the
matchmaking of this call proposes the five real pairings (its page lists them to compare).

Idempotent: a second run updates the call and its applications, never duplicates them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.models import Application, ApplicationTheme, Call, Criterion
from citybridge.core.i18n import localize
from citybridge.directory.models import City
from citybridge.programmes.models import Programme

SLUG = "iuc-city-to-city-2017-sample"

CALL = {
    "title": {
        "en": "IUC city-to-city call 2017 (sample)",
        "it": "Bando IUC città-città 2017 (esempio)",
        "ja": "IUC都市間協力公募2017（サンプル）",
    },
    "text": {
        "en": "Sample call: the details of the programme's 2017 call are not public. It stands "
        "for the selective call through which the 2017 EU–Japan pairings were chosen, so that "
        "you can try matchmaking on them. Its dates, criteria and application texts are sample "
        "content; the cities, the 100,000-inhabitant rule and the themes are the programme's.",
        "it": "Bando di esempio: i dettagli del bando 2017 del programma non sono pubblici. "
        "Rappresenta il bando selettivo con cui sono state scelte le coppie UE–Giappone del "
        "2017, per provare l'abbinamento. Date, criteri e testi delle candidature sono di "
        "esempio; città, soglia di 100.000 abitanti e temi sono quelli del programma.",
        "ja": "サンプルの公募です。2017年の公募の詳細は公開されていません。2017年のEU・日本の"
        "ペアを選んだ公募の代わりに、マッチングを試すためのものです。日程、評価基準、応募内容は"
        "サンプルで、都市、人口10万人の条件、テーマはプログラムのものです。",
    },
    "side_a_name": {"en": "EU cities", "it": "Città dell'UE", "ja": "EUの都市"},
    "side_a_countries": ["IT", "DE", "ES", "GR"],
    "side_b_name": {"en": "Japanese cities", "it": "Città giapponesi", "ja": "日本の都市"},
    "side_b_countries": ["JP"],
    "min_population": 100_000,
    # Sample dates: the real call's dates are not published; it was held in 2017.
    "opens_at": datetime(2017, 3, 1, 9, 0, tzinfo=UTC),
    "closes_at": datetime(2017, 6, 30, 15, 0, tzinfo=UTC),
    "time_zone": "Europe/Brussels",
}
SUBMITTED_AT = datetime(2017, 6, 15, 10, 0, tzinfo=UTC)  # sample
DECIDED_AT = datetime(2017, 9, 15, 10, 0, tzinfo=UTC)  # sample

CRITERIA = [
    (
        {
            "en": "Relevance of the challenges and practices (sample)",
            "it": "Pertinenza di sfide e pratiche (esempio)",
            "ja": "課題と取り組みの妥当性（サンプル）",
        },
        60,
    ),
    (
        {
            "en": "Departments and stakeholders involved (sample)",
            "it": "Uffici e portatori di interesse coinvolti (esempio)",
            "ja": "関係部署と関係者（サンプル）",
        },
        40,
    ),
]

EU_LANGUAGES = {
    "ancona": "it",
    "frankfurt": "de",
    "essen": "de",
    "donostia": "es",
    "ioannina": "el",
}

# City key (demo.iuc_japan.CITIES): ranked theme keys (top-level themes of the programme),
# then SAMPLE challenges and practices derived from the published focus of its 2017 pairing.
APPLICATIONS = {
    "ancona": (
        ["energy", "inclusion", "economy"],
        "Reducing energy use and emissions to act on climate change. Social inclusion of "
        "vulnerable residents. A sustainable economy and tourism.",
        "Social-policy services that include vulnerable residents. Planning and environment "
        "work on clean energy and the climate.",
    ),
    "frankfurt": (
        ["smart", "energy"],
        "Energy management in a smart city. Public engagement in smart-city projects.",
        "Hydrogen for urban energy. Smart-city energy management of public buildings.",
    ),
    "essen": (
        ["energy", "health", "water", "smart", "education"],
        "Renewable energy for the city. Water management. Education.",
        "A medical-device industry. Smart-city urban transport.",
    ),
    "donostia": (
        ["regeneration"],
        "Regeneration of old buildings and vacant sites.",
        "Building and site regeneration projects.",
    ),
    "ioannina": (
        ["smart"],
        "Sustainable mobility in the city.",
        "Plans for sustainable mobility.",
    ),
    "ikoma": (
        ["energy", "inclusion", "economy"],
        "Moving to clean energy and acting on climate change. Social inclusion of all "
        "residents. Sustainable economy and tourism.",
        "Clean energy projects with local partners. Social inclusion services for residents.",
    ),
    "yokohama": (
        ["smart", "energy"],
        "Public engagement in the smart city. Energy management of a large city.",
        "Hydrogen and energy management in the smart city.",
    ),
    "koriyama": (
        ["energy", "health", "water", "smart", "education"],
        "Renewable energy. Growing the medical-device industry. Urban transport.",
        "Water management. Education for a smart city.",
    ),
    "hirosaki": (
        ["regeneration"],
        "Building regeneration in the city centre.",
        "Regeneration of vacant sites and buildings.",
    ),
    "ichinomiya": (
        ["smart"],
        "Sustainable mobility for the city.",
        "Public transport and sustainable mobility.",
    ),
}
MOTIVATION = (
    "Sample motivation: learn from a city on another continent facing similar challenges, "
    "and write a joint action plan with it."
)
# Eligibility decisions for the cities GeoNames counts below 100,000 (the city proper): marked
# sample, and saying no more than is known. Ancona's wording is the one agreed for the demo.
OVERRIDE_REASONS = {
    "ancona": "Sample: the municipality counted about 100,000 inhabitants in 2017.",
}
OVERRIDE_REASON = (
    "Sample: the city was selected by the programme in 2017 (a published pairing); the "
    "gazetteer's figure ({population:,}) is below the call's minimum, so the coordinator's "
    "decision is recorded here."
)


def _text(value: dict) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@transaction.atomic
def load_sample_call(programme: Programme, cities: dict[str, City]) -> Call:
    """Create or update the sample 2017 call of ``programme`` and its ten applications.

    Side effects: the call (themes: the programme's top-level themes; the demo evaluator as
    its evaluator when the account exists), two sample criteria, one submitted and selected
    application per 2017 city with ranked themes, and an eligibility decision (marked sample)
    for a city the gazetteer counts below 100,000. Leaves the coordinator's matchmaking
    weights, locks and bans as they are.
    """
    call, _created = Call.objects.update_or_create(
        slug=SLUG,
        defaults={
            "programme": programme,
            "is_sample": True,
            "is_published": True,
            "allow_groups": True,
            **{k: _text(v) if isinstance(v, dict) else v for k, v in CALL.items()},
        },
    )
    top_level = list(programme.themes.filter(parent=None).order_by("order", "id"))
    call.themes.set(top_level)
    User = get_user_model()
    evaluator = User.objects.filter(username="evaluator").first()
    if evaluator is not None:
        call.evaluators.add(evaluator)
    coordinator = User.objects.filter(username="coordinator").first()
    for order, (name, weight) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            call=call, order=order, defaults={"name": _text(name), "weight": weight}
        )

    from citybridge.demo import iuc_japan

    theme_by_key = {}
    by_english = {localize(t.name, "en").text: t for t in top_level}
    for key, parent, names, _sdgs in iuc_japan.THEMES:
        if parent is None:
            theme_by_key[key] = by_english[names["en"]]
    for key, (themes, challenges, practices) in APPLICATIONS.items():
        city = cities[key]
        languages = ["ja", "en"] if key not in EU_LANGUAGES else [EU_LANGUAGES[key], "en"]
        below = city.population < call.min_population
        application, _created = Application.objects.update_or_create(
            call=call,
            city=city,
            defaults={
                "status": ApplicationStatus.SUBMITTED,
                "submitted_at": SUBMITTED_AT,
                "decision": Decision.SELECTED,
                "decided_at": DECIDED_AT,
                "decided_by": coordinator,
                "challenges": _text({"en": challenges}),
                "practices": _text({"en": practices}),
                "motivation": _text({"en": MOTIVATION}),
                "staff_languages": languages,
                "eligibility_override": True if below else None,
                "override_reason": (
                    OVERRIDE_REASONS.get(key, OVERRIDE_REASON).format(population=city.population)
                    if below
                    else ""
                ),
                "override_by": coordinator if below else None,
            },
        )
        wanted = [(theme_by_key[k].pk, rank) for rank, k in enumerate(themes, start=1)]
        ranked = list(application.ranked_themes.values_list("theme_id", "rank"))
        if ranked != wanted:
            application.ranked_themes.all().delete()
            ApplicationTheme.objects.bulk_create(
                ApplicationTheme(application=application, theme_id=theme, rank=rank)
                for theme, rank in wanted
            )
    return call
