"""Pages and JSON are sent gzip-compressed to browsers that accept it."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_for_a_browser_that_accepts_gzip(client, pairing):
    url = f"/en/programmes/{pairing.programme.slug}/"
    plain = client.get(url)

    response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert len(response.content) < len(plain.content) / 2
    assert b"<h1>" in gzip.decompress(response.content)


def test_json_from_the_api_is_compressed(client, pairing):
    response = client.get("/api/v1/pairings", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).startswith(b"{")


def test_two_answers_of_one_page_differ_in_compressed_length_against_breach(client, pairing):
    url = f"/en/programmes/{pairing.programme.slug}/"

    lengths = {len(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content) for _ in range(8)}

    assert len(lengths) > 1


def test_a_browser_that_does_not_accept_gzip_gets_the_page_as_it_is(client):
    response = client.get("/en/")

    assert "Content-Encoding" not in response
