"""The bare page ``citybridge bench-pages`` measures every page against."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls(settings):
    settings.ROOT_URLCONF = "citybridge.bench_bare_urls"


@pytest.mark.parametrize("size", [400, 3_903, 127_001])
def test_the_bare_page_has_the_size_asked_for_and_asks_the_database_nothing(
    client, bench_urls, size, django_assert_num_queries
):
    with django_assert_num_queries(0):
        page = client.get(f"/bare/{size}/")

    assert page.status_code == 200
    assert len(page.content) == size


def test_the_project_pages_are_served_beside_it(client, bench_urls, pairing):
    assert client.get(f"/en/pairings/{pairing.slug}/").status_code == 200
