import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from citybridge.access.models import Role
from citybridge.directory.models import City, Organisation
from citybridge.pairings.models import Agreement, Milestone, Pairing, PairingCity
from citybridge.programmes.models import Programme, Theme

pytestmark = pytest.mark.django_db

MODELS = [
    Programme,
    Theme,
    City,
    Organisation,
    Pairing,
    PairingCity,
    Agreement,
    Milestone,
    Role,
    get_user_model(),
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_demo_loads_the_real_iuc_japan_programme(capsys):
    call_command("load_demo")
    assert Pairing.objects.filter(selected_in=2017).count() == 5
    assert Pairing.objects.count() == 10
    ikoma = City.objects.get(slug="ikoma")
    assert (ikoma.time_zone, ikoma.country.code, ikoma.name.data["ja"]) == (
        "Asia/Tokyo",
        "JP",
        "生駒市",
    )
    assert 100_000 < ikoma.population < 130_000
    ancona_ikoma = Pairing.objects.get(slug="ancona-ikoma")
    assert [m.city.slug for m in ancona_ikoma.ordered_memberships] == ["ancona", "ikoma"]
    departments = {
        o.name.data["en"]
        for o in PairingCity.objects.get(
            pairing=ancona_ikoma, city__slug="ancona"
        ).organisations.all()
    }
    assert departments == {"EU Programmes Office", "Social Policies", "Planning and Environment"}
    agreement = ancona_ikoma.agreements.get()
    assert str(agreement.signed_on) == "2018-10-03"
    assert "ancona-editor" in capsys.readouterr().out


def test_loading_the_demo_twice_changes_nothing():
    call_command("load_demo", quiet_logins=True)
    first = counts()
    call_command("load_demo", quiet_logins=True)
    assert counts() == first


def test_if_empty_keeps_edits_made_since_the_first_load():
    call_command("load_demo", quiet_logins=True)
    City.objects.filter(slug="ancona").update(website="https://www.comune.ancona.gov.it/")
    call_command("load_demo", quiet_logins=True, if_empty=True)
    assert City.objects.get(slug="ancona").website == "https://www.comune.ancona.gov.it/"


def test_every_demo_account_can_log_in_and_reach_the_workspace(client):
    call_command("load_demo", quiet_logins=True)
    from citybridge.demo.iuc_japan import DEMO_PASSWORD, DEMO_USERS

    for username, *_ in DEMO_USERS:
        response = client.post(
            "/en/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.get("/en/workspace/").status_code == 200
        client.logout()
