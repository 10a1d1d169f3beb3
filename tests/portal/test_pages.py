"""Public pages: content, languages with fallback markers, privacy of proposed pairings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from citybridge.pairings.enums import PairingStatus
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CityFactory,
    JapaneseCityFactory,
    MilestoneFactory,
    OrganisationFactory,
    PairingFactory,
    ProgrammeFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_pairing_page_shows_cities_themes_departments_agreement_and_timeline(client, pairing):
    europe = pairing.ordered_memberships[0]
    department = OrganisationFactory(city=europe.city, name='{"en": "Social Policies"}')
    europe.organisations.add(department)
    pairing.themes.add(ThemeFactory(programme=pairing.programme, name='{"en": "Social inclusion"}'))
    AgreementFactory(
        pairing=pairing, title='{"en": "Ikoma–Ancona agreement"}', signed_on="2018-10-03"
    )
    MilestoneFactory(
        pairing=pairing, date="2018-04-17", title='{"en": "Ancona delegation in Ikoma"}'
    )

    page = client.get(f"/en/pairings/{pairing.slug}/").content.decode()

    for expected in [
        "Ancona",
        "Ikoma",
        "Social Policies",
        "Social inclusion",
        "Ikoma–Ancona agreement",
        "Ancona delegation in Ikoma",
        "Asia/Tokyo (JST, UTC+09:00)",
        "100,000",
    ]:
        assert expected in page
    timeline = page[page.index('id="timeline-heading"') :]
    assert timeline.index("Ancona delegation in Ikoma") < timeline.index("Ikoma–Ancona agreement")


def test_japanese_page_shows_japanese_ui_and_content_with_fallback_markers(client, pairing):
    pairing.focus = '{"en": "Clean energy and climate change"}'
    pairing.save()
    page = client.get(f"/ja/pairings/{pairing.slug}/").content.decode()
    assert '<html lang="ja">' in page
    assert "生駒市" in page  # translated content
    assert "人口" in page  # UI string "Population" from the ja catalogue
    # English-only content is shown, marked in its language and as not yet translated.
    assert '<div lang="en"><p>Clean energy and climate change</p></div>' in page
    assert "未翻訳" in page


def test_a_fully_translated_page_has_no_fallback_marker(client):
    city = CityFactory(name='{"en": "Ancona", "it": "Ancona"}')
    page = client.get(f"/it/cities/{city.slug}/").content.decode()
    assert "non ancora tradotto" not in page
    assert "Popolazione" in page


def test_language_switcher_links_to_the_same_page_in_each_language(client, pairing):
    page = client.get(f"/it/pairings/{pairing.slug}/").content.decode()
    for code in ("en", "it", "ja"):
        assert f'href="/{code}/pairings/{pairing.slug}/" lang="{code}"' in page


def test_a_proposed_pairing_is_not_public(client, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    assert client.get(f"/en/pairings/{pairing.slug}/").status_code == 404
    programme_page = client.get(f"/en/programmes/{pairing.programme.slug}/").content.decode()
    assert pairing.slug not in programme_page


def test_a_proposed_pairing_is_shown_to_its_city_editor(client, people, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    client.force_login(people["editor"])
    assert client.get(f"/en/pairings/{pairing.slug}/").status_code == 200


def test_a_proposed_pairing_refuses_an_unrelated_logged_in_user_with_403(client, people, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    client.force_login(people["other_editor"])
    response = client.get(f"/en/pairings/{pairing.slug}/")
    assert response.status_code == 403
    assert "not allowed" in response.content.decode()


def test_programme_page_shows_figures_map_and_themes(client, pairing):
    ThemeFactory(programme=pairing.programme, name='{"en": "Smart cities"}')
    page = client.get(f"/en/programmes/{pairing.programme.slug}/").content.decode()
    assert "Smart cities" in page
    assert "<circle" in page and page.count("<circle") == 2
    assert '<span class="figure">200,000</span>' in page  # two cities of 100,000


def test_unknown_pages_answer_404_in_the_site_layout(client, db):
    response = client.get("/ja/pairings/nowhere/")
    assert response.status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_programme_page_query_count_does_not_grow_with_pairings(client):
    programme = ProgrammeFactory()
    PairingFactory(programme=programme)
    one = _queries(client, f"/en/programmes/{programme.slug}/")
    for _ in range(4):
        PairingFactory(
            programme=programme,
            cities=[CityFactory(), JapaneseCityFactory(), JapaneseCityFactory()],
        )
    assert _queries(client, f"/en/programmes/{programme.slug}/") == one


def _add_content(pairing, n):
    for membership in pairing.ordered_memberships:
        membership.organisations.add(*OrganisationFactory.create_batch(n, city=membership.city))
    for _ in range(n):
        theme = ThemeFactory(programme=pairing.programme)
        theme.sdgs.set([7, 13])
        pairing.themes.add(theme)
        agreement = AgreementFactory(pairing=pairing, signed_on="2018-10-03")
        agreement.signatories.create(name="Mayor", city=pairing.ordered_memberships[0].city)
        MilestoneFactory(pairing=pairing)
        ActivityFactory(pairing=pairing)


def test_pairing_page_query_count_does_not_grow_with_content(client, pairing):
    _add_content(pairing, 1)
    one = _queries(client, f"/en/pairings/{pairing.slug}/")
    _add_content(pairing, 3)
    assert _queries(client, f"/en/pairings/{pairing.slug}/") == one


def test_city_page_lists_its_published_pairings(client, pairing):
    city = pairing.ordered_memberships[0].city
    page = client.get(f"/en/cities/{city.slug}/").content.decode()
    assert pairing.get_absolute_url() in page
