"""Monitoring dashboards: the figures in their tables, who sees them, overdue follow-up, charts
that always come with their numbers, and query counts that do not grow with the data."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.plans import charts
from citybridge.plans.enums import PlanStatus
from citybridge.plans.models import Measurement, ProgressUpdate
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    IndicatorFactory,
    PairingFactory,
    ThemeFactory,
    text,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


# --- Helpers ---------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every <table> of a page as {caption: [[cell text, …], …]} (header rows included)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._rows: list | None = None
        self._caption: list[str] | None = None
        self._cell: list[str] | None = None
        self._caption_text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._rows, self._caption_text = [], ""
        elif tag == "caption":
            self._caption = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("th", "td") and self._rows is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "caption" and self._caption is not None:
            self._caption_text = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.tables[self._caption_text] = self._rows
            self._rows = None

    def handle_data(self, data):
        if self._caption is not None:
            self._caption.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def tables(response) -> dict[str, list[list[str]]]:
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    return parser.tables


def progress(action, on: str, status: str, percent: int = 0) -> ProgressUpdate:
    return ProgressUpdate.objects.create(
        action=action, date=date.fromisoformat(on), status=status, percent=percent
    )


def measure(indicator, on: str, value) -> Measurement:
    return Measurement.objects.create(indicator=indicator, date=date.fromisoformat(on), value=value)


def pairing_url(pairing, lang="en"):
    return f"/{lang}/dashboards/pairings/{pairing.slug}/"


def programme_url(programme):
    return f"/en/dashboards/programmes/{programme.slug}/"


@pytest.fixture
def plan(pairing):
    return ActionPlanFactory(pairing=pairing, status=PlanStatus.IN_IMPLEMENTATION)


@pytest.fixture
def today(time_machine):
    time_machine.move_to("2025-06-30 10:00:00+00:00", tick=False)
    return TODAY


# --- Pairing dashboard: the figures ----------------------------------------------------------


def test_actions_are_counted_by_the_status_of_their_latest_progress_update(
    client, people, plan, today
):
    completed = ActionFactory(plan=plan)
    progress(completed, "2025-01-10", "on_track")
    progress(completed, "2025-05-10", "completed", 100)
    delayed = ActionFactory(plan=plan)
    progress(delayed, "2025-05-01", "delayed")
    changed_twice_the_same_day = ActionFactory(plan=plan)
    progress(changed_twice_the_same_day, "2025-05-01", "on_track")
    progress(changed_twice_the_same_day, "2025-05-01", "delayed")  # the later one counts
    ActionFactory(plan=plan)  # never updated: not started
    on_track = ActionFactory(plan=plan)
    progress(on_track, "2025-06-01", "on_track", 40)
    client.force_login(people["editor"])

    found = tables(client.get(pairing_url(plan.pairing)))

    assert found["Actions by progress status"] == [
        ["Status", "Number of actions"],
        ["Not started", "1"],
        ["On track", "1"],
        ["Delayed", "2"],
        ["Completed", "1"],
        ["Cancelled", "0"],
    ]


def test_the_theme_matrix_counts_actions_per_theme_and_status(client, people, plan, today):
    energy = ThemeFactory(programme=plan.pairing.programme, name=text(en="Clean energy"), order=1)
    inclusion = ThemeFactory(
        programme=plan.pairing.programme, name=text(en="Social inclusion"), order=2
    )
    for status in ("on_track", "on_track", "completed"):
        progress(ActionFactory(plan=plan, theme=energy), "2025-06-01", status)
    ActionFactory(plan=plan, theme=inclusion)
    progress(ActionFactory(plan=plan, theme=inclusion), "2025-06-01", "delayed")
    ActionFactory(plan=plan, theme=None)
    client.force_login(people["viewer"])

    found = tables(client.get(pairing_url(plan.pairing)))

    assert found["Number of actions per theme and progress status"] == [
        ["Theme", "Not started", "On track", "Delayed", "Completed", "Cancelled", "Total"],
        ["Clean energy", "0", "2", "0", "1", "0", "3"],
        ["Social inclusion", "1", "0", "1", "0", "0", "2"],
        ["Without theme", "1", "0", "0", "0", "0", "1"],
        ["Total", "2", "2", "1", "1", "0", "6"],
    ]


def test_indicators_show_the_share_of_the_way_to_target_whichever_the_direction(
    client, people, plan, today
):
    emissions = IndicatorFactory(
        plan=plan, name=text(en="Emissions"), unit="t", direction="decrease",
        baseline_value=100, target_value=60,
    )  # fmt: skip
    measure(emissions, "2024-01-01", 90)
    measure(emissions, "2025-01-01", 80)  # latest: half of the 40 t to cut
    riders = IndicatorFactory(
        plan=plan, name=text(en="Riders"), unit="k", direction="increase",
        baseline_value=10, target_value=20,
    )  # fmt: skip
    measure(riders, "2025-02-01", 25)  # past the target
    waste = IndicatorFactory(
        plan=plan, name=text(en="Waste"), unit="kg", direction="decrease",
        baseline_value=100, target_value=60,
    )  # fmt: skip
    measure(waste, "2025-02-01", 110)  # the wrong way
    trees = IndicatorFactory(
        plan=plan, name=text(en="Trees"), unit="n", direction="increase",
        baseline_value=0, target_value=3,
    )  # fmt: skip
    measure(trees, "2025-02-01", 1)
    IndicatorFactory(plan=plan, name=text(en="Bikes"), unit="n", direction="increase")
    client.force_login(people["partner_editor"])

    response = client.get(pairing_url(plan.pairing))
    found = tables(response)

    rows = found["Progress of the indicators towards their targets"]
    assert [[row[0], row[2], row[3], row[4], row[5]] for row in rows] == [
        ["Indicator", "Baseline", "Latest", "Target", "Of the way to target"],
        ["Emissions (t)", "100", "80 Jan. 1, 2025", "60", "50%"],
        ["Riders (k)", "10", "25 Feb. 1, 2025", "20", "150%"],
        ["Waste (kg)", "100", "110 Feb. 1, 2025", "60", "-25%"],
        ["Trees (n)", "0", "1 Feb. 1, 2025", "3", "33.3%"],
        ["Bikes (n)", "100", "—", "60", "—"],
    ]
    # the bars stop at 0 and 100%: 150% draws a full bar, -25% and "no data" none
    svg = _svg(response, "chart-indicators")
    assert re.findall(r'class="chart-bar" x="0" y="\d+" width="([\d.]+)"', svg) == [
        "205.0",
        "410.0",
        "136.53",
    ]
    assert "Riders (k): 150%; Waste (kg): -25%; Trees (n): 33.3%; Bikes (n): no data" in svg


def test_italian_pages_keep_svg_geometry_in_plain_numbers(client, people, plan, today):
    trees = IndicatorFactory(
        plan=plan, name=text(en="Trees"), direction="increase", baseline_value=0, target_value=3
    )
    measure(trees, "2025-02-01", 1)
    client.force_login(people["editor"])

    response = client.get(pairing_url(plan.pairing, lang="it"))

    svg = _svg(response, "chart-indicators")
    assert 'width="136.53"' in svg
    assert "33,3%" in svg  # the text follows the language
    assert not re.search(r'(x|y|width|height)="[\d.]*,', svg)


# --- Pairing dashboard: overdue follow-up ----------------------------------------------------


@pytest.fixture
def follow_up(plan, settings):
    """Actions of a plan in implementation on 30 June 2025, with updates due every 90 days."""
    settings.CITYBRIDGE_PROGRESS_UPDATE_DAYS = 90
    actions = {
        name: ActionFactory(plan=plan, title=text(en=name), end_date=end)
        for name, end in [
            ("Fresh", date(2025, 12, 31)),
            ("Stale", date(2025, 12, 31)),
            ("Exactly 90 days", date(2025, 12, 31)),
            ("Never updated", date(2025, 12, 31)),
            ("Late", date(2025, 6, 1)),
            ("Completed late", date(2025, 5, 1)),
            ("Cancelled", date(2025, 5, 1)),
            ("Recent", date(2025, 12, 31)),
        ]
    }
    progress(actions["Fresh"], "2025-06-01", "on_track")
    progress(actions["Stale"], "2025-03-01", "on_track")
    progress(actions["Exactly 90 days"], "2025-04-01", "on_track")
    progress(actions["Late"], "2025-06-15", "delayed")
    progress(actions["Completed late"], "2025-02-01", "completed", 100)
    progress(actions["Cancelled"], "2024-01-01", "cancelled")
    progress(actions["Recent"], "2025-05-15", "on_track")
    return actions


def test_overdue_lists_stale_and_missing_updates_and_actions_past_their_end(
    client, people, plan, follow_up, today
):
    client.force_login(people["pairing_coordinator"])

    found = tables(client.get(pairing_url(plan.pairing)))

    assert found["3 actions need follow-up"] == [
        ["Action", "Latest progress update", "Status", "End", "Why"],
        ["Stale", "March 1, 2025", "On track", "Dec. 31, 2025", "Progress update overdue"],
        ["Never updated", "none yet", "Not started", "Dec. 31, 2025", "Progress update overdue"],
        ["Late", "June 15, 2025", "Delayed", "June 1, 2025", "Past its end date, not completed"],
    ]


def test_the_update_interval_comes_from_the_setting(
    client, people, plan, follow_up, today, settings
):
    settings.CITYBRIDGE_PROGRESS_UPDATE_DAYS = 30
    client.force_login(people["editor"])

    found = tables(client.get(pairing_url(plan.pairing)))

    overdue = [row[0] for row in found["5 actions need follow-up"][1:]]
    assert overdue == ["Stale", "Exactly 90 days", "Never updated", "Late", "Recent"]


def test_nothing_is_overdue_before_the_plan_is_in_implementation(
    client, people, plan, follow_up, today
):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client.force_login(people["editor"])

    page = client.get(pairing_url(plan.pairing)).content.decode()

    assert "Follow-up starts when the plan is in implementation." in page
    assert "need follow-up" not in page


# --- Pairing dashboard: who sees it ----------------------------------------------------------


@pytest.mark.parametrize(
    "who", ["coordinator", "pairing_coordinator", "editor", "partner_editor", "viewer", "admin"]
)
def test_the_pairings_members_and_staff_see_its_dashboard(client, people, plan, who):
    client.force_login(people[who])
    assert client.get(pairing_url(plan.pairing)).status_code == 200


@pytest.mark.parametrize("who", ["evaluator", "other_editor", "other_coordinator", "nobody"])
def test_others_may_not_see_a_pairings_dashboard(client, people, plan, who):
    client.force_login(people[who])
    assert client.get(pairing_url(plan.pairing)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_a_pairing_dashboard(client, plan):
    url = pairing_url(plan.pairing)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url}")


def test_a_pairing_without_plan_has_no_dashboard(client, people, pairing):
    client.force_login(people["editor"])
    assert client.get(pairing_url(pairing)).status_code == 404


def test_outsiders_cannot_tell_whether_a_pairing_has_a_plan(client, people, pairing):
    client.force_login(people["nobody"])
    assert client.get(pairing_url(pairing)).status_code == 403


def test_an_unknown_pairing_is_not_found(client, people):
    client.force_login(people["admin"])
    assert client.get("/en/dashboards/pairings/no-such-pairing/").status_code == 404


# --- Programme dashboard ---------------------------------------------------------------------


@pytest.mark.parametrize("who", ["coordinator", "admin"])
def test_the_programmes_coordinators_see_its_dashboard(client, people, pairing, who):
    client.force_login(people[who])
    assert client.get(programme_url(pairing.programme)).status_code == 200


@pytest.mark.parametrize(
    "who",
    [
        "pairing_coordinator",
        "editor",
        "partner_editor",
        "viewer",
        "evaluator",
        "other_editor",
        "other_coordinator",
        "nobody",
    ],
)
def test_others_may_not_see_a_programme_dashboard(client, people, pairing, who):
    client.force_login(people[who])
    assert client.get(programme_url(pairing.programme)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_a_programme_dashboard(client, pairing):
    url = programme_url(pairing.programme)
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/en/accounts/login/?next={url}")


@pytest.fixture
def programme_with_plans(pairing, plan, today):
    """The fixture's pairing (in implementation), one with a draft, one without a plan (in
    this order: pairings are listed by year selected, then slug)."""
    programme = pairing.programme
    drafting = PairingFactory(programme=programme, slug="q-drafting")
    PairingFactory(programme=programme, slug="r-no-plan")
    draft = ActionPlanFactory(pairing=drafting, status=PlanStatus.DRAFT)
    # in implementation: one stale, one past its end, one fine, one completed
    progress(ActionFactory(plan=plan, end_date=date(2025, 12, 31)), "2025-01-01", "on_track")
    progress(ActionFactory(plan=plan, end_date=date(2025, 6, 1)), "2025-06-20", "delayed")
    progress(ActionFactory(plan=plan, end_date=date(2025, 12, 31)), "2025-06-20", "on_track")
    progress(ActionFactory(plan=plan, end_date=date(2025, 1, 1)), "2025-01-01", "completed")
    # draft: never updated and past their end, but nothing is due before implementation
    ActionFactory(plan=draft, end_date=date(2024, 1, 1))
    ActionFactory(plan=draft)
    return programme


def test_the_programme_dashboard_lists_every_pairings_plan_even_without_one(
    client, people, programme_with_plans
):
    client.force_login(people["coordinator"])

    found = tables(client.get(programme_url(programme_with_plans)))

    assert found["Every pairing's action plan"] == [
        ["Pairing", "Plan status", "Number of actions", "Links"],
        ["Ancona – Ikoma", "In implementation", "4", "Dashboard Ancona – Ikoma"],
        [_name("q-drafting"), "Draft", "2", f"Dashboard {_name('q-drafting')}"],
        [_name("r-no-plan"), "No plan yet", "—", ""],
    ]
    assert found["Pairings by status of their action plan"] == [
        ["Plan status", "Pairings"],
        ["No plan yet", "1"],
        ["Draft", "1"],
        ["Submitted", "0"],
        ["Approved", "0"],
        ["In implementation", "1"],
        ["Closed", "0"],
    ]


def test_the_programme_dashboard_counts_actions_by_status_across_pairings(
    client, people, programme_with_plans
):
    client.force_login(people["coordinator"])

    found = tables(client.get(programme_url(programme_with_plans)))

    assert found["Actions of the programme by progress status"] == [
        ["Status", "Number of actions"],
        ["Not started", "2"],
        ["On track", "2"],
        ["Delayed", "1"],
        ["Completed", "1"],
        ["Cancelled", "0"],
    ]
    assert found["Number of actions per pairing and progress status"][1:] == [
        ["Ancona – Ikoma", "0", "2", "1", "1", "0", "4"],
        [_name("q-drafting"), "2", "0", "0", "0", "0", "2"],
        ["Total", "2", "2", "1", "1", "0", "6"],
    ]


def test_the_programme_dashboard_counts_overdue_follow_up_per_pairing_with_links(
    client, people, programme_with_plans, pairing
):
    client.force_login(people["coordinator"])

    response = client.get(programme_url(programme_with_plans))

    assert tables(response)["Overdue follow-up per pairing"] == [
        ["Pairing", "Progress update overdue", "Past their end date, not completed"],
        ["Ancona – Ikoma", "1 Ancona – Ikoma", "1 Ancona – Ikoma"],
    ]
    page = response.content.decode()
    assert f'<a href="/en/dashboards/pairings/{pairing.slug}/#overdue">1<span' in page


def test_sdg_coverage_counts_the_programmes_actions_per_goal(client, people, plan, today):
    ActionFactory(plan=plan).sdgs.set([11, 13])
    ActionFactory(plan=plan).sdgs.set([11])
    ActionFactory(plan=plan)
    ActionFactory().sdgs.set([11, 1])  # another programme: not counted
    client.force_login(people["coordinator"])

    found = tables(client.get(programme_url(plan.pairing.programme)))

    rows = dict(found["Actions per Sustainable Development Goal"][1:])
    assert len(rows) == 17
    assert rows["SDG 11: Sustainable cities and communities"] == "2"
    assert rows["SDG 13: Climate action"] == "1"
    assert rows["SDG 1: No poverty"] == "0"
    assert sum(int(n) for n in rows.values()) == 3


# --- Charts ----------------------------------------------------------------------------------


def _svg(response, chart_id: str) -> str:
    page = response.content.decode()
    match = re.search(
        rf'<svg[^>]*aria-labelledby="{chart_id}-title {chart_id}-desc".*?</svg>', page, re.S
    )
    assert match, f"no chart {chart_id}"
    return match.group(0)


def test_every_chart_is_labelled_and_followed_by_the_table_of_its_numbers(
    client, people, programme_with_plans, pairing
):
    IndicatorFactory(plan=pairing.plan)
    client.force_login(people["coordinator"])

    for url, expected in [
        (pairing_url(pairing), 2),
        (programme_url(programme_with_plans), 3),
    ]:
        page = client.get(url).content.decode()
        charts_found = re.findall(r"<svg[^>]*>", page)
        assert len(charts_found) == expected
        for tag in charts_found:
            assert 'role="img"' in tag
            title_id, desc_id = re.search(r'aria-labelledby="([^" ]+) ([^"]+)"', tag).groups()
            assert f'<title id="{title_id}">' in page
            assert f'<desc id="{desc_id}">' in page
        assert len(re.findall(r"</svg>\s*<table", page)) == expected
        assert "<script" not in page.split("</header>")[1]


def test_bar_chart_scales_to_the_largest_value_and_clamps_to_a_given_maximum():
    chart = charts.bar_chart([("a", 10), ("b", 5), ("c", 0)], width=170)
    assert chart["plot_width"] == 100
    assert [bar["bar_width"] for bar in chart["bars"]] == [100.0, 50.0, 0.0]

    clamped = charts.bar_chart([("over", 150), ("under", -20), ("none", None)], max_value=100)
    assert [(b["value"], b["clamped"]) for b in clamped["bars"]] == [
        (150.0, True),
        (-20.0, True),
        (None, False),
    ]
    assert [b["bar_width"] for b in clamped["bars"]] == [clamped["plot_width"], 0.0, 0.0]


def test_bar_chart_of_nothing_but_zeros_draws_no_bars():
    chart = charts.bar_chart([("a", 0), ("b", 0)])
    assert [bar["bar_width"] for bar in chart["bars"]] == [0.0, 0.0]


@pytest.mark.parametrize(
    "baseline, latest, target, decrease, expected",
    [
        (100, 80, 60, True, 50.0),
        (10, 25, 20, False, 150.0),
        (100, 110, 60, True, -25.0),
        (10, 10, 10, False, None),  # nothing to reach
        (10, 15, 5, False, None),  # the target is behind the baseline
        (None, 15, 20, False, None),
        (10, None, 20, False, None),
    ],
)
def test_percent_of_way(baseline, latest, target, decrease, expected):
    assert charts.percent_of_way(baseline, latest, target, decrease=decrease) == expected


# --- Query counts ----------------------------------------------------------------------------


def _grow_plan(plan, count: int):
    """``count`` more of everything a pairing dashboard shows."""
    for _ in range(count):
        theme = ThemeFactory(programme=plan.pairing.programme)
        action = ActionFactory(plan=plan, theme=theme, end_date=date(2025, 1, 1))
        action.sdgs.set([11, 13])
        progress(action, "2024-01-01", "on_track")
        progress(action, "2024-06-01", "delayed")
        ActionFactory(plan=plan, theme=theme)
        indicator = IndicatorFactory(plan=plan, action=action)
        measure(indicator, "2024-01-01", 90)
        measure(indicator, "2024-06-01", 80)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pairing_dashboard_costs_the_same_queries_with_5_times_the_data(
    client, people, plan, today
):
    client.force_login(people["editor"])
    _grow_plan(plan, 1)
    client.get(pairing_url(plan.pairing))  # warm up: session, content types

    with_one = _queries(client, pairing_url(plan.pairing))
    _grow_plan(plan, 4)
    client.get(pairing_url(plan.pairing))  # reads again what the writes emptied from the cache
    with_five = _queries(client, pairing_url(plan.pairing))

    assert with_one == with_five


def test_the_programme_dashboard_costs_the_same_queries_with_5_times_the_data(
    client, people, pairing, today, settings
):
    # The figures as computed, not as kept in the cache between two loads (tested below).
    settings.CITYBRIDGE_PAGE_CACHE_SECONDS = 0
    programme = pairing.programme
    client.force_login(people["coordinator"])

    def grow(count):
        for _ in range(count):
            grown = ActionPlanFactory(
                pairing=PairingFactory(programme=programme), status=PlanStatus.IN_IMPLEMENTATION
            )
            _grow_plan(grown, 1)
            PairingFactory(programme=programme)  # and one without a plan

    grow(1)
    client.get(programme_url(programme))  # warm up

    with_one = _queries(client, programme_url(programme))
    grow(4)
    with_five = _queries(client, programme_url(programme))

    assert with_one == with_five


def _name(slug: str) -> str:
    from citybridge.pairings.models import Pairing

    return str(Pairing.objects.get(slug=slug))


def test_the_programme_dashboard_keeps_its_figures_until_the_data_changes(
    client, people, plan, today
):
    client.force_login(people["coordinator"])
    url = programme_url(plan.pairing.programme)
    computed = _queries(client, url)
    kept = _queries(client, url)
    ActionFactory(plan=plan)
    page = client.get(url).content.decode()

    assert kept < computed
    assert '<span class="figure">1</span> actions' in page
