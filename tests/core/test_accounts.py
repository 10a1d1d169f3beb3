import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_and_logout(client):
    UserFactory(username="maria")
    response = client.post(
        "/en/accounts/login/", {"username": "maria", "password": "secret-pass-123"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/workspace/"
    response = client.post("/en/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/en/workspace/").status_code == 302


def test_a_wrong_password_gets_a_clear_message(client):
    UserFactory(username="maria")
    response = client.post("/it/accounts/login/", {"username": "maria", "password": "wrong"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_password_reset_sends_a_link_by_e_mail(client):
    UserFactory(username="maria", email="maria@example.org")
    response = client.post("/en/accounts/password-reset/", {"email": "maria@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/en/accounts/reset/" in mail.outbox[0].body


def test_admin_is_for_superusers_only(client, people):
    client.force_login(people["coordinator"])
    assert client.get("/admin/").status_code == 302  # sent to the admin login
    client.force_login(people["admin"])
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pairings/pairing/").status_code == 200
