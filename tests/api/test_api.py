"""The public read-only API: schema, languages, filters, privacy and 4xx errors."""

import pytest

from citybridge.pairings.enums import PairingStatus
from tests.factories import CityFactory, JapaneseCityFactory, PairingFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_every_public_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= {
        "/api/v1/programmes",
        "/api/v1/programmes/{slug}",
        "/api/v1/cities",
        "/api/v1/cities/{slug}",
        "/api/v1/pairings",
        "/api/v1/pairings/{slug}",
    }
    assert all(set(methods) == {"get"} for methods in schema["paths"].values())


def test_interactive_docs_are_served_without_any_cdn(client):
    page = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page


def test_pairings_come_in_the_language_asked_for_with_the_language_of_each_text(client, pairing):
    pairing.focus = '{"en": "Smart cities", "ja": "スマートシティ"}'
    pairing.save()
    items = client.get("/api/v1/pairings", {"lang": "ja"}).json()["items"]
    assert items[0]["focus"] == {"text": "スマートシティ", "language": "ja"}
    assert items[0]["cities"][0]["name"] == {
        "text": "Ancona",
        "language": "en",
    }  # fallback, said so
    assert items[0]["cities"][1]["name"] == {"text": "生駒市", "language": "ja"}


def test_pairing_list_is_paginated_and_filterable(client, pairing):
    other = PairingFactory(
        programme=pairing.programme, cities=[CityFactory(), JapaneseCityFactory()], selected_in=2018
    )
    body = client.get("/api/v1/pairings", {"limit": 1}).json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert [
        p["slug"] for p in client.get("/api/v1/pairings", {"selected_in": 2018}).json()["items"]
    ] == [other.slug]
    city = pairing.ordered_memberships[0].city
    assert [
        p["slug"] for p in client.get("/api/v1/pairings", {"city": city.slug}).json()["items"]
    ] == [pairing.slug]


def test_proposed_pairings_are_not_in_the_public_api(client, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    assert client.get("/api/v1/pairings").json()["count"] == 0
    assert client.get(f"/api/v1/pairings/{pairing.slug}").status_code == 404


def test_pairing_detail_lists_involved_organisations_and_agreements(client, pairing):
    pairing.themes.add(ThemeFactory(programme=pairing.programme))
    body = client.get(f"/api/v1/pairings/{pairing.slug}").json()
    assert [i["city"] for i in body["involved"]] == [
        m.city.slug for m in pairing.ordered_memberships
    ]
    assert body["agreements"] == []
    assert len(body["themes"]) == 1


def test_cities_filter_by_country_and_population(client):
    CityFactory(population=500_000)
    JapaneseCityFactory(population=120_000)
    body = client.get("/api/v1/cities", {"country": "jp"}).json()
    assert [c["country"] for c in body["items"]] == ["JP"]
    assert client.get("/api/v1/cities", {"min_population": 200_000}).json()["count"] == 1


@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v1/pairings?lang=xx", 422),
        ("/api/v1/pairings?limit=-1", 422),
        ("/api/v1/pairings?limit=100000", 422),
        ("/api/v1/pairings?offset=abc", 422),
        ("/api/v1/pairings?status=dissolved", 422),
        ("/api/v1/pairings?selected_in=1", 422),
        ("/api/v1/cities?country=ITA", 422),
        ("/api/v1/cities?continent=XX", 422),
        ("/api/v1/cities?min_population=-5", 422),
        ("/api/v1/cities/no-such-city", 404),
        ("/api/v1/programmes/no-such-programme", 404),
    ],
)
def test_invalid_parameters_get_a_json_4xx_never_a_500(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_the_api_is_read_only(client, pairing):
    assert client.post("/api/v1/pairings", {}).status_code == 405


def test_activities_are_listed_with_utc_times_and_the_host_zone(client, pairing):
    from tests.factories import ActivityFactory, AgendaItemFactory

    activity = ActivityFactory(pairing=pairing, title='{"en": "Study visit", "ja": "視察"}')
    AgendaItemFactory(activity=activity)
    items = client.get("/api/v1/activities", {"lang": "ja", "pairing": pairing.slug}).json()[
        "items"
    ]
    assert items[0]["title"] == {"text": "視察", "language": "ja"}
    assert items[0]["starts_at"].startswith("2018-10-03T07:00:00")
    assert items[0]["time_zone"] == "Europe/Rome"
    detail = client.get(f"/api/v1/activities/{activity.uid}").json()
    assert len(detail["agenda"]) == 1
    assert client.get("/api/v1/activities/not-a-uid").status_code == 404
    assert client.get("/api/v1/activities", {"after": "tomorrow"}).status_code == 422


def test_activities_of_proposed_pairings_are_not_in_the_api(client, pairing):
    from tests.factories import ActivityFactory

    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    activity = ActivityFactory(pairing=pairing)
    assert client.get("/api/v1/activities").json()["count"] == 0
    assert client.get(f"/api/v1/activities/{activity.uid}").status_code == 404


@pytest.mark.parametrize("endpoint", ["programmes", "cities", "pairings", "activities"])
def test_an_offset_beyond_any_database_is_refused_not_a_500(client, db, endpoint):
    response = client.get(f"/api/v1/{endpoint}", {"offset": 10**20})
    assert response.status_code == 422
