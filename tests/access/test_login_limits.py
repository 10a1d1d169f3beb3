"""Guessing passwords and flooding someone with reset e-mails are stopped.

Logins: five failures for one account, or from one client address, pause logging in for 15
minutes (django-axes, counts in the cache). Reset e-mails: three an hour per e-mail address
and per client address.
"""

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/it/accounts/login/"
RESET = "/it/accounts/password-reset/"
PAUSED = "Accesso sospeso per questo account o dalla tua rete"


def log_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_after_six_wrong_passwords_the_right_one_is_refused_with_a_message_in_italian(client):
    UserFactory(username="maria")  # password "secret-pass-123"
    for _attempt in range(6):
        log_in(client, "maria", "wrong")

    response = log_in(client, "maria", "secret-pass-123")

    assert response.status_code == 429
    assert PAUSED in response.content.decode()
    assert "Riprova tra 15 minuti" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_stays_locked_from_another_address(client):
    UserFactory(username="maria")
    for _attempt in range(5):
        log_in(client, "maria", "wrong", address="203.0.113.7")

    response = log_in(client, "maria", "secret-pass-123", address="198.51.100.20")

    assert response.status_code == 429


def test_an_address_that_guessed_at_many_accounts_is_locked_for_every_account(client):
    UserFactory(username="maria")
    for number in range(5):
        log_in(client, f"guess-{number}", "wrong", address="203.0.113.7")

    response = log_in(client, "maria", "secret-pass-123", address="203.0.113.7")

    assert response.status_code == 429


def test_four_wrong_passwords_then_the_right_one_logs_in(client):
    UserFactory(username="maria")
    for _attempt in range(4):
        log_in(client, "maria", "wrong")

    response = log_in(client, "maria", "secret-pass-123")

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_a_fourth_reset_e_mail_to_one_address_within_the_hour_is_refused(client):
    UserFactory(username="maria", email="maria@example.org")
    for _request in range(3):
        assert client.post(RESET, {"email": "maria@example.org"}).status_code == 302

    response = client.post(RESET, {"email": "Maria@Example.org"}, REMOTE_ADDR="198.51.100.20")

    assert response.status_code == 429
    assert "Nessuna e-mail è stata inviata" in response.content.decode()
    assert len(mail.outbox) == 3


def test_a_fourth_reset_request_from_one_client_address_within_the_hour_is_refused(client):
    for number in range(4):
        UserFactory(username=f"person-{number}", email=f"person-{number}@example.org")
    for number in range(3):
        client.post(RESET, {"email": f"person-{number}@example.org"}, REMOTE_ADDR="203.0.113.7")

    response = client.post(RESET, {"email": "person-3@example.org"}, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429
    assert len(mail.outbox) == 3
