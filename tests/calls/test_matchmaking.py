"""Matchmaking of a call: selected applications become the library's applicants, the
coordinator's page proposes and explains pairs, locks and bans steer it, accepting creates
proposed pairings, and only the programme's coordinators may do any of it."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from citybridge.calls.enums import ApplicationStatus, Decision, LockKind
from citybridge.calls.matchmaking import applicants, matchmaking
from citybridge.calls.models import (
    Application,
    ApplicationTheme,
    Call,
    Criterion,
    MatchWeights,
    PairChoice,
)
from citybridge.demo.sample_call import SLUG as SAMPLE_SLUG
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Pairing
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    JapaneseCityFactory,
    PairingFactory,
    ThemeFactory,
    text,
)

# --- Helpers -------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _language_put_back():
    """A page request leaves its language active in this thread (LocaleMiddleware); put the
    previous one back so tests that run next in this worker are not served in Japanese."""
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def call(pairing):
    return CallFactory(programme=pairing.programme)


@pytest.fixture
def themes(call):
    names = ["Clean energy", "Social inclusion", "Smart cities", "Mobility"]
    made = [ThemeFactory(programme=call.programme, name=text(en=name)) for name in names]
    call.themes.set(made)
    return made


def applied(call, city, ranked=(), decision=Decision.SELECTED, **fields):
    """A submitted application of ``city`` with ``ranked`` themes (priority 1 first)."""
    application = ApplicationFactory(
        call=call,
        city=city,
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        decision=decision,
        **fields,
    )
    ApplicationTheme.objects.bulk_create(
        ApplicationTheme(application=application, theme=theme, rank=rank)
        for rank, theme in enumerate(ranked, start=1)
    )
    return application


@pytest.fixture
def two_by_two(call, themes):
    """Two EU and two Japanese cities; the best pairing is Ancona–Ikoma and Essen–Koriyama.

    Ancona and Ikoma share energy and inclusion and are of a size; Essen and Koriyama share
    smart cities and mobility and are of a size.
    """
    energy, inclusion, smart, mobility = themes
    ancona = applied(
        call,
        CityFactory(name=text(en="Ancona"), population=100_000),
        [energy, inclusion],
        challenges=text(en="Energy use of public buildings."),
        practices=text(en="Inclusion services for the elderly."),
    )
    essen = applied(
        call,
        CityFactory(name=text(en="Essen"), country="DE", population=590_000),
        [smart, mobility],
        challenges=text(en="Traffic and public transport."),
        practices=text(en="A smart grid for the city."),
        staff_languages=["de", "en"],
    )
    ikoma = applied(
        call,
        JapaneseCityFactory(name=text(en="Ikoma", ja="生駒市"), population=120_000),
        [energy, inclusion],
        challenges=text(en="Inclusion of the elderly."),
        practices=text(en="Energy use of public buildings, cut by half."),
        staff_languages=["ja", "en"],
    )
    koriyama = applied(
        call,
        JapaneseCityFactory(name=text(en="Koriyama"), population=330_000),
        [smart, mobility],
        challenges=text(en="A smart grid."),
        practices=text(en="Public transport and traffic planning."),
        staff_languages=["ja", "en"],
    )
    return ancona, essen, ikoma, koriyama


def page_url(call, suffix="", language="en"):
    return f"/{language}/matchmaking/{call.slug}/{suffix}"


def pairs_of(call) -> set[tuple[int, int]]:
    return {(p.a_id, p.b_id) for p in matchmaking(call).proposals}


def fingerprint(call) -> str:
    return ",".join(f"{a}-{b}" for a, b in pairs_of(call))


# --- The adapter -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_adapter_turns_only_selected_applications_into_applicants_by_region(call, themes):
    energy, inclusion, smart, _mobility = themes
    ikoma_city = JapaneseCityFactory(population=120_000)
    ancona = applied(
        call,
        CityFactory(population=90_000),
        [inclusion, energy, smart],
        challenges=text(en="Energy use of public buildings", it="Consumi degli edifici"),
        practices=text(it="Servizi sociali per gli anziani"),
        staff_languages=["it", "en"],
        group_members=[{"name": "Falconara", "population": 25_000}],
    )
    ancona.ties.add(ikoma_city)
    ikoma = applied(
        call,
        ikoma_city,
        [energy],
        challenges=text(ja="再生可能エネルギーの導入", it="Energia rinnovabile"),
        practices=text(en="Citizen-owned solar power"),
        staff_languages=["ja", "en"],
    )
    applied(call, CityFactory(), [energy], decision=Decision.PENDING)
    applied(call, JapaneseCityFactory(), [energy], decision=Decision.NOT_SELECTED)
    applied(call, CityFactory(country="FR"), [energy])  # in neither region of the call

    side_a, side_b = applicants(call)

    assert [a.id for a in side_a] == [ancona.pk]
    assert [b.id for b in side_b] == [ikoma.pk]
    a, b = side_a[0], side_b[0]
    assert (a.side, b.side) == ("a", "b")
    assert a.themes == (str(inclusion.pk), str(energy.pk), str(smart.pk))  # rank order
    assert b.themes == (str(energy.pk),)
    assert a.population == 115_000  # the group's total, as eligibility counts it
    assert a.challenges == "Energy use of public buildings"  # English when there is English
    assert a.practices == "Servizi sociali per gli anziani"  # otherwise what was written
    assert b.challenges == "Energia rinnovabile\n再生可能エネルギーの導入"  # every language
    assert a.languages == frozenset({"it", "en"})
    assert a.ties == frozenset({ikoma.pk})  # Ikoma's city is among Ancona's ties
    assert b.ties == frozenset()


@pytest.mark.django_db
def test_the_weights_are_created_with_the_defaults_the_first_time(call, two_by_two):
    result = matchmaking(call)
    weights = MatchWeights.objects.get(call=call)
    assert result.weights == weights
    assert (weights.themes, weights.challenges_practices, weights.size) == (0.4, 0.3, 0.15)
    assert (weights.ties, weights.language, weights.capacity) == (0.05, 0.1, 1)


# --- The page ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_ranks_the_optimal_pairs_and_their_contributions_add_up_to_the_score(
    client, call, people, two_by_two
):
    ancona, essen, ikoma, koriyama = two_by_two
    client.force_login(people["coordinator"])

    response = client.get(page_url(call))

    assert response.status_code == 200
    pairs = response.context["pairs"]
    assert {(p.a.pk, p.b.pk) for p in pairs} == {(ancona.pk, ikoma.pk), (essen.pk, koriyama.pk)}
    assert [p.score for p in pairs] == sorted((p.score for p in pairs), reverse=True)
    html = response.content.decode()
    for pair in pairs:
        shown = [c.contribution for c in pair.components]
        assert sum(shown) == pair.score  # rounded, and still adding up
        assert pair.sum_text.endswith(f"= {pair.score}")
        assert f"Sum of the contributions: {pair.sum_text}" in html
    for proposal in matchmaking(call).proposals:  # and exactly, before rounding
        assert sum(c.contribution for c in proposal.explanation.contributions) == proposal.score
    first = next(p for p in pairs if p.a == ancona)
    assert [c.label for c in first.components] == [
        "shared themes",
        "challenges and practices",
        "similar size",
        "existing ties",
        "shared working language",
    ]
    words = {c.label: c.words for c in first.components}
    assert words["shared themes"] == "They share 2 themes: Clean energy; Social inclusion."
    assert words["shared working language"] == "Shared working languages: English."
    assert "Energy use of public buildings" in words["challenges and practices"]


@pytest.mark.django_db
def test_page_explains_in_the_viewers_language(client, call, people, two_by_two):
    client.force_login(people["coordinator"])
    html = client.get(page_url(call, language="ja")).content.decode()
    assert "共通のテーマ" in html  # "shared themes"
    assert "規模の近さ" in html  # "similar size"
    assert "生駒市" in html


@pytest.mark.django_db
def test_page_draws_the_heat_map_with_the_same_numbers_as_a_table(client, call, people, two_by_two):
    client.force_login(people["coordinator"])
    html = client.get(page_url(call)).content.decode()
    assert '<svg class="heat-map" role="img" aria-labelledby="heat-map-title heat-map-desc"' in html
    assert html.count('<rect x="') >= 4 + 2  # four cells, two outlined proposals
    assert "<caption>Score of every pair (rows: EU cities; columns: Japanese cities)" in html
    matrix = matchmaking(call).matrix
    for value in matrix.total.ravel():
        assert f"{value:.3f}" in html
    assert "show the first 40 of each region only" not in html


@pytest.mark.django_db
def test_heat_map_is_limited_to_40_by_40_and_says_so(client, call, people, themes):
    for _ in range(41):
        applied(call, CityFactory(), themes[:1])
    applied(call, JapaneseCityFactory(), themes[:1])
    client.force_login(people["coordinator"])

    response = client.get(page_url(call))

    assert len(response.context["heat_map"]["rows"]) == 40
    assert "The call has 41 × 1 cities" in response.content.decode()


@pytest.mark.django_db
def test_page_shows_each_citys_three_best_partners(client, call, people, themes):
    energy = themes[0]
    for _ in range(4):
        applied(call, CityFactory(), [energy])
    applied(call, JapaneseCityFactory(), [energy])
    client.force_login(people["coordinator"])

    regions = client.get(page_url(call)).context["alternatives"]

    eu, japan = regions
    assert all(len(row["options"]) == 1 for row in eu["rows"])  # only one Japanese city
    assert [len(row["options"]) for row in japan["rows"]] == [3]


@pytest.mark.django_db
def test_page_asks_for_selected_applications_of_both_regions(client, call, people, themes):
    applied(call, CityFactory(), themes[:1])
    client.force_login(people["coordinator"])
    response = client.get(page_url(call))
    assert response.status_code == 200
    assert "Matchmaking needs selected applications in both regions" in response.content.decode()


# --- Weights, locks and bans ---------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_the_weights_solves_again(client, call, people, themes):
    energy, _inclusion, smart, _mobility = themes
    small_energy = applied(call, CityFactory(population=100_000), [energy])
    large_smart = applied(call, CityFactory(population=1_000_000), [smart])
    large_energy = applied(call, JapaneseCityFactory(population=1_000_000), [energy])
    small_smart = applied(call, JapaneseCityFactory(population=100_000), [smart])
    client.force_login(people["coordinator"])
    assert pairs_of(call) == {(small_energy.pk, large_energy.pk), (large_smart.pk, small_smart.pk)}
    only_size = {
        "themes": 0,
        "challenges_practices": 0,
        "size": 1,
        "ties": 0,
        "language": 0,
        "capacity": 1,
    }

    response = client.post(page_url(call), only_size, follow=True)

    assert response.status_code == 200
    assert "The weights have been saved" in response.content.decode()
    assert MatchWeights.objects.get(call=call).size == 1
    assert pairs_of(call) == {(small_energy.pk, small_smart.pk), (large_smart.pk, large_energy.pk)}
    assert {(p.a.pk, p.b.pk) for p in response.context["pairs"]} == pairs_of(call)


@pytest.mark.django_db
def test_capacity_two_lets_a_city_take_part_in_two_pairings(client, call, people, themes):
    energy = themes[0]
    ancona = applied(call, CityFactory(), [energy])
    ikoma = applied(call, JapaneseCityFactory(), [energy])
    koriyama = applied(call, JapaneseCityFactory(), [energy])
    client.force_login(people["coordinator"])
    weights = {"themes": 0.4, "challenges_practices": 0.3, "size": 0.15, "ties": 0.05}
    client.post(page_url(call), {**weights, "language": 0.1, "capacity": 2})
    assert pairs_of(call) == {(ancona.pk, ikoma.pk), (ancona.pk, koriyama.pk)}


@pytest.mark.django_db
def test_bad_weights_are_refused_and_nothing_is_saved(client, call, people, two_by_two):
    client.force_login(people["coordinator"])
    response = client.post(
        page_url(call),
        {
            "themes": -1,
            "challenges_practices": 0.3,
            "size": 0.1,
            "ties": 0,
            "language": 0.1,
            "capacity": 9,
        },
    )
    assert response.status_code == 400
    assert "Please correct the errors below." in response.content.decode()
    weights = MatchWeights.objects.get(call=call)
    assert (weights.themes, weights.capacity) == (0.4, 1)


@pytest.mark.django_db
def test_a_forbidden_pair_is_never_proposed(client, call, people, two_by_two):
    ancona, essen, ikoma, koriyama = two_by_two
    client.force_login(people["coordinator"])

    client.post(
        page_url(call, "pairs/"), {"first": ikoma.pk, "second": ancona.pk, "kind": "forbidden"}
    )

    choice = PairChoice.objects.get(call=call)
    assert (choice.application_a, choice.application_b, choice.kind) == (
        ancona,
        ikoma,
        LockKind.FORBIDDEN,
    )  # stored first region first, whatever the order of the buttons
    assert pairs_of(call) == {(ancona.pk, koriyama.pk), (essen.pk, ikoma.pk)}
    alternatives = matchmaking(call).alternatives
    assert all(p.b_id != ikoma.pk for p in alternatives[ancona.pk])


@pytest.mark.django_db
def test_a_locked_pair_is_always_proposed(client, call, people, two_by_two):
    ancona, essen, ikoma, koriyama = two_by_two
    client.force_login(people["coordinator"])

    client.post(
        page_url(call, "pairs/"), {"first": ancona.pk, "second": koriyama.pk, "kind": "locked"}
    )

    proposals = matchmaking(call).proposals
    assert {(p.a_id, p.b_id) for p in proposals} == {
        (ancona.pk, koriyama.pk),
        (essen.pk, ikoma.pk),
    }
    assert [p.locked for p in proposals if p.a_id == ancona.pk] == [True]
    # the same weights that made it second best do not move it
    client.post(
        page_url(call),
        {
            "themes": 1,
            "challenges_practices": 1,
            "size": 1,
            "ties": 0,
            "language": 0,
            "capacity": 1,
        },
    )
    assert (ancona.pk, koriyama.pk) in pairs_of(call)


@pytest.mark.django_db
def test_removing_a_choice_frees_the_pair(client, call, people, two_by_two):
    ancona, _essen, ikoma, _koriyama = two_by_two
    client.force_login(people["coordinator"])
    pair = {"first": ancona.pk, "second": ikoma.pk}
    client.post(page_url(call, "pairs/"), {**pair, "kind": "forbidden"})

    client.post(page_url(call, "pairs/"), {**pair, "kind": ""})

    assert not PairChoice.objects.exists()
    assert (ancona.pk, ikoma.pk) in pairs_of(call)


@pytest.mark.django_db
def test_more_locks_than_pairings_per_city_are_refused(client, call, people, two_by_two):
    ancona, _essen, ikoma, koriyama = two_by_two
    client.force_login(people["coordinator"])
    client.post(
        page_url(call, "pairs/"), {"first": ancona.pk, "second": ikoma.pk, "kind": "locked"}
    )

    response = client.post(
        page_url(call, "pairs/"),
        {"first": ancona.pk, "second": koriyama.pk, "kind": "locked"},
        follow=True,
    )

    assert PairChoice.objects.count() == 1
    assert "already has 1 locked pair(s)" in response.content.decode()


@pytest.mark.django_db
def test_a_pair_within_one_region_is_refused(client, call, people, two_by_two):
    ancona, essen, _ikoma, _koriyama = two_by_two
    client.force_login(people["coordinator"])
    response = client.post(
        page_url(call, "pairs/"),
        {"first": ancona.pk, "second": essen.pk, "kind": "locked"},
        follow=True,
    )
    assert not PairChoice.objects.exists()
    assert "A pair joins a city of each region." in response.content.decode()


# --- Accepting ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_accepting_creates_proposed_pairings_with_the_shared_themes(
    client, call, people, themes, two_by_two
):
    energy, inclusion, smart, mobility = themes
    ancona, essen, ikoma, koriyama = two_by_two
    client.force_login(people["coordinator"])

    response = client.post(page_url(call, "accept/"), {"proposals": fingerprint(call)}, follow=True)

    created = Pairing.objects.filter(programme=call.programme, status=PairingStatus.PROPOSED)
    assert created.count() == 2
    by_first = {p.ordered_memberships[0].city: p for p in created}
    ancona_ikoma = by_first[ancona.city]
    assert [m.city for m in ancona_ikoma.ordered_memberships] == [ancona.city, ikoma.city]
    assert set(ancona_ikoma.themes.all()) == {energy, inclusion}
    assert set(by_first[essen.city].themes.all()) == {smart, mobility}
    assert {p.selected_in for p in created} == {call.opens_at.year}
    html = response.content.decode()
    assert "2 pairings have been created, as proposed." in html
    assert f'href="{ancona_ikoma.get_absolute_url()}"' in html
    assert client.get(ancona_ikoma.get_absolute_url()).status_code == 200  # the staff see it


@pytest.mark.django_db
def test_accepting_skips_cities_already_paired_in_the_programme(client, call, people, pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    energy = ThemeFactory(programme=call.programme)
    applied(call, europe, [energy])
    applied(call, japan, [energy])
    essen = applied(call, CityFactory(population=590_000), [energy])
    koriyama = applied(call, JapaneseCityFactory(population=330_000), [energy])
    PairingFactory(cities=[essen.city, koriyama.city])  # another programme: no reason to skip
    client.force_login(people["coordinator"])
    before = Pairing.objects.count()

    response = client.post(page_url(call, "accept/"), {"proposals": fingerprint(call)}, follow=True)

    assert Pairing.objects.count() == before + 1
    made = Pairing.objects.get(programme=call.programme, status=PairingStatus.PROPOSED)
    assert {m.city for m in made.memberships.all()} == {essen.city, koriyama.city}
    html = response.content.decode()
    assert "1 pairing has been created, as proposed." in html
    assert "Skipped, because the two cities already have a pairing in this programme" in html
    assert f'href="{pairing.get_absolute_url()}"' in html


@pytest.mark.django_db
def test_accepting_changed_proposals_is_refused(client, call, people, two_by_two):
    ancona, _essen, ikoma, _koriyama = two_by_two
    client.force_login(people["coordinator"])
    seen = fingerprint(call)
    PairChoice.objects.create(
        call=call, application_a=ancona, application_b=ikoma, kind=LockKind.FORBIDDEN
    )

    response = client.post(page_url(call, "accept/"), {"proposals": seen}, follow=True)

    assert not Pairing.objects.filter(status=PairingStatus.PROPOSED).exists()
    assert "The proposals changed since the page was shown" in response.content.decode()


# --- Who may use it ------------------------------------------------------------------------------

ROLES = [
    ("coordinator", 200),
    ("admin", 200),
    ("other_coordinator", 403),
    ("pairing_coordinator", 403),
    ("editor", 403),
    ("partner_editor", 403),
    ("viewer", 403),
    ("evaluator", 403),
    ("other_editor", 403),
    ("nobody", 403),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "status"), ROLES)
def test_only_the_programmes_coordinators_open_the_matchmaking_page(
    client, call, people, two_by_two, who, status
):
    client.force_login(people[who])
    assert client.get(page_url(call)).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize("who", [who for who, status in ROLES if status == 403])
def test_only_the_programmes_coordinators_change_weights_lock_forbid_or_accept(
    client, call, people, two_by_two, who
):
    ancona, _essen, ikoma, _koriyama = two_by_two
    client.force_login(people[who])
    pair = {"first": ancona.pk, "second": ikoma.pk}

    assert client.post(page_url(call), {"themes": 1, "capacity": 2}).status_code == 403
    assert client.post(page_url(call, "pairs/"), {**pair, "kind": "locked"}).status_code == 403
    assert client.post(page_url(call, "pairs/"), {**pair, "kind": "forbidden"}).status_code == 403
    assert client.post(page_url(call, "accept/"), {"proposals": ""}).status_code == 403
    assert not PairChoice.objects.exists()
    assert not Pairing.objects.filter(status=PairingStatus.PROPOSED).exists()
    assert not MatchWeights.objects.filter(capacity=2).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "suffix"), [("get", ""), ("post", "pairs/"), ("post", "accept/")]
)
def test_visitors_are_sent_to_log_in(client, call, method, suffix):
    response = getattr(client, method)(page_url(call, suffix))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


# --- Speed ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_query_count_does_not_grow_with_the_applicants(client, call, people, themes):
    energy, inclusion, smart, _mobility = themes

    def pair_of_applicants():
        eu = applied(call, CityFactory(), [energy, smart], staff_languages=["it", "en"])
        japan = applied(call, JapaneseCityFactory(), [energy, inclusion])
        eu.ties.add(japan.city)
        return eu, japan

    first = [pair_of_applicants() for _ in range(2)]
    PairChoice.objects.create(
        call=call, application_a=first[0][0], application_b=first[0][1], kind=LockKind.LOCKED
    )
    client.force_login(people["coordinator"])

    def queries():
        # The page's cost once nothing changes from one load to the next: the first load
        # creates the weights, and what that write emptied from the cache (the coordinator's
        # roles and unread count) is read again by the next one.
        counts = []
        while len(counts) < 2 or counts[-1] != counts[-2]:
            assert len(counts) < 5
            with CaptureQueriesContext(connection) as context:
                assert client.get(page_url(call)).status_code == 200
            counts.append(len(context.captured_queries))
        return counts[-1]

    two = queries()
    for _ in range(4):
        pair_of_applicants()
    assert queries() == two


# --- The demo's sample call ----------------------------------------------------------------------

REAL_2017_PAIRINGS = {
    ("ancona", "ikoma"),
    ("frankfurt", "yokohama"),
    ("essen", "koriyama"),
    ("donostia-san-sebastian", "hirosaki"),
    ("ioannina", "ichinomiya"),
}


def sample_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Call, Application, ApplicationTheme, Criterion)
    }


@pytest.mark.django_db
def test_demo_sample_call_loads_once_and_proposes_the_real_2017_pairings(client):
    call_command("load_demo", quiet_logins=True)
    first = sample_counts()
    call_command("load_demo", quiet_logins=True)
    assert sample_counts() == first

    call = Call.objects.get(slug=SAMPLE_SLUG)
    assert call.is_sample
    assert all("(sample)" in title or "サンプル" in title or "esempio" in title
               for title in call.title.data.values())  # fmt: skip
    assert call.applications.filter(decision=Decision.SELECTED).count() == 10
    assert call.applications.get(city__slug="ancona").override_reason.startswith("Sample:")
    result = matchmaking(call)
    proposed = {
        (result.application(p.a_id).city.slug, result.application(p.b_id).city.slug)
        for p in result.proposals
    }
    assert proposed == REAL_2017_PAIRINGS
    assert ("ancona", "ikoma") in proposed

    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    html = client.get(page_url(call)).content.decode()
    assert "Real pairings of this programme:" in html
    assert html.count("the same as a real pairing") == 5


@pytest.mark.django_db
def test_accepting_the_sample_call_creates_nothing_since_the_real_pairings_exist(client):
    call_command("load_demo", quiet_logins=True)
    call = Call.objects.get(slug=SAMPLE_SLUG)
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    before = Pairing.objects.count()

    response = client.post(page_url(call, "accept/"), {"proposals": fingerprint(call)}, follow=True)

    assert Pairing.objects.count() == before
    assert "0 pairings have been created, as proposed." in response.content.decode()


# --- The benchmark -------------------------------------------------------------------------------


def test_bench_matching_prints_its_figures_without_a_database():
    out = io.StringIO()
    call_command("bench_matching", n=30, stdout=out)
    printed = out.getvalue()
    for figure in (
        "scoring",
        "assign",
        "bare SciPy LSA",
        "ratio assign ÷ bare SciPy",
        "peak memory",
    ):
        assert figure in printed
    assert "N = 30 per side" in printed


def test_decimal_rounding_keeps_the_sum():
    from citybridge.calls.views.matchmaking import shown_sum

    values = [0.1234, 0.1234, 0.1234, 0.0004, -0.05]
    shown, total = shown_sum(values, sum(values))
    assert sum(shown) == total == Decimal("0.321")
