import pytest
from django.urls import reverse

from citybridge.accounts.services import preferences_of, set_preferences
from citybridge.activities.selectors import activity_zones
from tests.factories import ActivityFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def form(**changes):
    data = {"name": "Aiko Tanaka", "language": "", "time_zone": ""}
    data |= {
        f"notify_{t}": "at_once"
        for t in ("mention", "assignment", "invitation", "plan_step", "upcoming", "overdue")
    }
    return data | changes


def test_saving_a_language_switches_the_site_to_it(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("workspace:settings"), form(language="ja", notify_mention="digest")
    )
    assert response.url == "/ja/workspace/settings/"
    assert response.cookies["django_language"].value == "ja"
    prefs = preferences_of(type(user).objects.get(pk=user.pk))
    assert prefs.language == "ja" and prefs.delivery_for("mention") == "digest"


def test_logging_in_opens_the_workspace_in_the_persons_language(client):
    user = UserFactory(username="aiko")
    set_preferences(user=user, language="ja")
    response = client.post(
        "/en/accounts/login/?next=/en/workspace/",
        {"username": "aiko", "password": "secret-pass-123"},
    )
    assert response.url == "/ja/workspace/"
    assert response.cookies["django_language"].value == "ja"


def test_agendas_show_times_in_the_zone_the_viewer_chose(pairing):
    user = UserFactory()
    PersonFactory(user=user)  # no city: before, no zone of their own
    activity = ActivityFactory(pairing=pairing)
    assert "America/New_York" not in activity_zones(activity, user)
    set_preferences(user=user, time_zone="America/New_York")
    user = type(user).objects.get(pk=user.pk)
    assert activity_zones(activity, user)[-1] == "America/New_York"


def test_a_new_calendar_address_replaces_the_old_one(client):
    user = UserFactory()
    person = PersonFactory(user=user)
    old = person.calendar_token
    client.force_login(user)
    client.post(reverse("workspace:calendar_reset"))
    person.refresh_from_db()
    assert person.calendar_token != old
    assert client.get(reverse("feeds:person", kwargs={"token": old})).status_code == 404


def test_the_name_changes_on_the_person_record_with_history(client):
    user = UserFactory()
    person = PersonFactory(user=user, name="Aiko")
    client.force_login(user)
    client.post(reverse("workspace:settings"), form(name="Aiko Tanaka"))
    person.refresh_from_db()
    assert person.name == "Aiko Tanaka"
    assert person.history.first().history_user == user
