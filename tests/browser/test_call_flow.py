"""A small call end to end in a browser: a city editor applies and submits, an evaluator scores,
the coordinator selects, runs the matchmaking and accepts it, and the pairing page exists.
Every page on the way passes axe-core; screenshots are saved."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from citybridge.access.enums import RoleKind
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.models import Application, ApplicationTheme, Criterion
from citybridge.demo.iuc_japan import DEMO_PASSWORD
from citybridge.demo.sample_call import SLUG as SAMPLE_SLUG
from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Pairing
from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    JapaneseCityFactory,
    OrganisationFactory,
    PersonFactory,
    ProgrammeFactory,
    ThemeFactory,
    UserFactory,
    grant,
    text,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "secret-pass-123"  # UserFactory's


def log_in(page, live_server, username, password=PASSWORD):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url("**/en/workspace/")


def checked(page, name: str) -> None:
    """Screenshot, then axe-core: the page must have no violation."""
    screenshot(page, name)
    assert_accessible(page)


def test_a_call_from_application_to_accepted_pairing(page, live_server):
    programme = ProgrammeFactory(name=text(en="IUC Japan (test)"))
    energy = ThemeFactory(
        programme=programme, name=text(en="Clean energy", ja="クリーンエネルギー")
    )
    inclusion = ThemeFactory(programme=programme, name=text(en="Social inclusion"))
    call = CallFactory(
        programme=programme,
        slug="city-call",
        title=text(en="City-to-city call", ja="都市間協力の公募"),
        opens_at=timezone.now() - timedelta(days=5),
        closes_at=timezone.now() + timedelta(days=5),
    )
    call.themes.set([energy, inclusion])
    relevance = Criterion.objects.create(
        call=call, name=text(en="Relevance"), weight=100, max_score=5
    )
    ancona = CityFactory(slug="ancona", name=text(en="Ancona"), population=100_500)
    office = OrganisationFactory(city=ancona, name=text(en="EU Programmes Office"))
    PersonFactory(name="Ancona contact (sample)", organisation=office, email="a@example.org")
    coordinator = UserFactory(username="coordinator")
    grant(coordinator, RoleKind.PROGRAMME_COORDINATOR, programme)
    editor = UserFactory(username="ancona-editor")
    grant(editor, RoleKind.CITY_EDITOR, ancona)
    evaluator = UserFactory(username="evaluator")
    grant(evaluator, RoleKind.EVALUATOR, programme)
    call.evaluators.add(evaluator)
    ikoma = ApplicationFactory(
        call=call,
        city=JapaneseCityFactory(
            slug="ikoma", name=text(en="Ikoma", ja="生駒市"), population=120_000
        ),
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now(),
        challenges=text(en="Clean energy for public buildings."),
        practices=text(en="Social inclusion of elderly residents."),
        staff_languages=["ja", "en"],
    )
    ApplicationTheme.objects.create(application=ikoma, theme=energy, rank=1)
    ApplicationTheme.objects.create(application=ikoma, theme=inclusion, rank=2)

    # The city editor applies and submits, through the call's pages.
    log_in(page, live_server, "ancona-editor")
    page.goto(f"{live_server.url}/en/calls/{call.slug}/")
    checked(page, "call-detail")
    page.click("text=Start an application")
    page.wait_for_url("**/en/calls/applications/*/")
    page.fill("#id_challenges_0", "Social inclusion of elderly residents.")
    page.fill("#id_practices_0", "Clean energy for public buildings.")
    page.fill("#id_motivation_0", "Learn from a city facing similar challenges.")
    page.select_option(f"#id_theme_{energy.pk}", "1")
    page.select_option(f"#id_theme_{inclusion.pk}", "2")
    page.check("input[name=staff_languages][value=it]")
    page.check("input[name=staff_languages][value=en]")
    page.select_option("#id_contact", label="Ancona contact (sample)")
    page.click("main form.form-card button[type=submit]")
    page.locator(".message-success", has_text="Your draft has been saved.").wait_for()
    checked(page, "application-draft")
    page.click("text=Submit the application")
    page.locator(".message-success", has_text="submitted").wait_for()
    checked(page, "application-submitted")
    application = Application.objects.get(call=call, city=ancona)
    assert application.status == ApplicationStatus.SUBMITTED

    # The coordinator assigns the evaluator; the evaluator scores.
    log_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/en/evaluation/{call.slug}/")
    page.select_option(f"#assign-{application.pk}-evaluator", str(evaluator.pk))
    page.click(f"#application-{application.pk} form[action$='/assign/'] button[type=submit]")
    page.locator(".message-success", has_text="will evaluate").wait_for()
    log_in(page, live_server, "evaluator")
    page.goto(f"{live_server.url}/en/evaluation/applications/{application.pk}/score/")
    page.fill(f"#id_score_{relevance.pk}", "4")
    checked(page, "evaluation-score")
    page.click("button[name=action][value=submit]")
    page.wait_for_url("**/en/evaluation/mine/")

    # The coordinator selects both cities.
    log_in(page, live_server, "coordinator")
    for selected in (application, ikoma):
        page.goto(f"{live_server.url}/en/evaluation/{call.slug}/")
        page.click(f"#application-{selected.pk} button[name=decision][value=selected]")
        page.locator(".message-success", has_text="Selected").wait_for()
    checked(page, "evaluation-call-selected")
    assert Application.objects.filter(call=call, decision=Decision.SELECTED).count() == 2

    # Matchmaking: one pair, explained; the coordinator accepts it.
    page.goto(f"{live_server.url}/en/matchmaking/{call.slug}/")
    proposal = page.locator("#proposals li.card")
    assert proposal.count() == 1
    assert "Ancona – Ikoma" in proposal.locator("h3").inner_text()
    assert "Sum of the contributions:" in proposal.inner_text()
    assert page.locator("svg[role=img] title").text_content().startswith("Heat map")
    checked(page, "matchmaking-call")
    page.goto(f"{live_server.url}/ja/matchmaking/{call.slug}/")
    assert "共通のテーマ" in page.inner_text("main")
    checked(page, "matchmaking-call-ja")
    page.goto(f"{live_server.url}/en/matchmaking/{call.slug}/")
    page.click("text=Accept the proposal: create the pairing")
    page.locator("#accepted a").first.wait_for()
    checked(page, "matchmaking-accepted")
    pairing = Pairing.objects.get(programme=programme)
    assert pairing.status == PairingStatus.PROPOSED
    assert set(pairing.themes.all()) == {energy, inclusion}

    page.click("#accepted a")
    page.wait_for_url(f"**/en/pairings/{pairing.slug}/")
    assert "Ikoma" in page.locator("h1").inner_text()
    checked(page, "pairing-proposed")


def test_the_demo_sample_calls_matchmaking_passes_axe(page, live_server):
    call_command("load_demo", quiet_logins=True)
    log_in(page, live_server, "coordinator", DEMO_PASSWORD)
    for language in ("en", "it", "ja"):
        page.goto(f"{live_server.url}/{language}/matchmaking/{SAMPLE_SLUG}/")
        assert page.locator("#proposals li.card").count() == 5
        checked(page, f"matchmaking-sample-call-{language}")
