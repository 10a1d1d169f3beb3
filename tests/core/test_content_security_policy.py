"""Every page carries a Content-Security-Policy that allows only the site's own scripts and
styles, and no page needs more: no inline script, style or event handler."""

import re

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_public_pages_allow_only_the_sites_own_scripts_and_styles(client, pairing):
    response = client.get(f"/en/programmes/{pairing.programme.slug}/")

    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"


def test_error_pages_and_the_api_carry_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/en/no-such-page/")
    assert "Content-Security-Policy" in client.get("/api/v1/programmes")


def test_pages_hold_no_inline_script_style_or_event_handler(client, people, pairing):
    client.force_login(people["coordinator"])
    pages = [
        "/en/",
        f"/en/programmes/{pairing.programme.slug}/",
        f"/en/pairings/{pairing.slug}/",
        "/en/workspace/",
        f"/en/dashboards/programmes/{pairing.programme.slug}/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert client.get(url).status_code == 200, url
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style|\sstyle=\"", html), url
        assert not re.search(r"\son[a-z]+=\"", html), url


def test_htmx_is_told_not_to_add_its_own_styles(client):
    html = client.get("/en/").content.decode()

    assert '"includeIndicatorStyles": false' in html
