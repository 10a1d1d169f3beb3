"""People see the site's own error pages, in their language, never Django's debug page."""

import subprocess
import sys

import pytest
from django.test import Client

from citybridge.pairings.enums import PairingStatus


def test_debug_is_off_unless_a_developer_turns_it_on():
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    environment = {"DJANGO_SETTINGS_MODULE": "citybridge.settings", "PATH": "/usr/bin:/bin"}

    default = subprocess.run([sys.executable, "-c", code], env=environment, capture_output=True)
    opted_in = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "CITYBRIDGE_DEBUG": "1"},
        capture_output=True,
    )

    assert default.stdout.decode().strip() == "False", default.stderr.decode()
    assert opted_in.stdout.decode().strip() == "True", opted_in.stderr.decode()


@pytest.mark.django_db
def test_an_unknown_address_answers_the_translated_not_found_page(client):
    response = client.get("/it/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Pagina non trovata</h1>" in html
    assert "URLconf" not in html  # Django's debug page lists the URL patterns


def test_a_refused_page_answers_the_translated_not_allowed_page(client, people, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    client.force_login(people["other_editor"])

    response = client.get(f"/it/pairings/{pairing.slug}/")

    assert response.status_code == 403
    assert "autorizzazione per questa operazione</h1>" in response.content.decode()


@pytest.mark.urls("tests.core.urls_failing")
def test_a_server_error_answers_the_translated_error_page():
    client = Client(raise_request_exception=False)

    response = client.get("/it/failing/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Qualcosa non ha funzionato da parte nostra" in html
    assert "A bug on purpose" not in html
