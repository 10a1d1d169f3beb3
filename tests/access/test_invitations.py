"""Invitations to a role: the e-mail, accepting it, and links that no longer work."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from citybridge.access.enums import RoleKind
from citybridge.access.models import Invitation, Role, RoleEvent
from citybridge.access.services import invite_person, resend_invitation, withdraw_invitation
from citybridge.directory.models import Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def cities(pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    return {"ancona": europe, "ikoma": japan}


def in_english(path: str) -> str:
    """The same page in English, where a test reads the page's own words."""
    return path.replace("/ja/", "/en/", 1)


def link_in(message) -> str:
    """The acceptance link of an invitation e-mail, as a path (/ja/invitations/…/)."""
    return re.search(r"https?://[^/\s]+(/\w+/invitations/[\w-]+/)", message.body).group(1)


def invite_ikoma_editor(people, cities, **kwargs):
    return invite_person(
        by=people["coordinator"],
        email=kwargs.pop("email", "sato@ikoma.example.jp"),
        kind=kwargs.pop("kind", RoleKind.CITY_EDITOR),
        scope=kwargs.pop("scope", cities["ikoma"]),
        **kwargs,
    )


def accept_as_new(client, path, name="Sato Hanako", password="a-long-pass-phrase-77"):
    return client.post(path, {"name": name, "password1": password, "password2": password})


# --- The e-mail ------------------------------------------------------------------------------


def test_the_invitation_email_is_in_the_language_the_inviter_chose(people, cities, mailoutbox):
    invite_ikoma_editor(people, cities, language="ja")
    [message] = mailoutbox
    assert "生駒市" in message.body
    assert "生駒市" in message.subject
    assert link_in(message).startswith("/ja/invitations/")


def test_the_invitation_email_has_an_html_part_with_the_link(people, cities, mailoutbox):
    invite_ikoma_editor(people, cities)
    [message] = mailoutbox
    [(html, mime_type)] = message.alternatives
    assert mime_type == "text/html"
    assert f'href="http://127.0.0.1:8000{link_in(message)}"' in html


def test_without_a_choice_the_email_is_in_the_citys_own_language(people, cities, mailoutbox):
    invitation = invite_ikoma_editor(people, cities, language="")
    assert invitation.language == "ja"
    assert link_in(mailoutbox[0]).startswith("/ja/")


def test_an_invitation_to_a_programme_role_defaults_to_the_sites_language(
    people, pairing, mailoutbox
):
    invitation = invite_person(
        by=people["coordinator"],
        email="new.coordinator@example.org",
        kind=RoleKind.EVALUATOR,
        scope=pairing.programme,
    )
    assert invitation.language == "en"


def test_the_email_names_who_invited_to_which_role_of_what_and_until_when(
    people, cities, mailoutbox, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    PersonFactory(name="Giulia Rossi", user=people["coordinator"])
    invite_ikoma_editor(people, cities, language="en")
    body = mailoutbox[0].body
    assert "Giulia Rossi invites you to take part in CityBridge as City editor of Ikoma." in body
    # 14 days later, in Ikoma's time zone
    assert "until March 16, 2026, 6 p.m. (Asia/Tokyo)" in body


def test_the_link_expires_after_the_configured_number_of_days(people, cities, settings):
    settings.CITYBRIDGE_INVITATION_DAYS = 3
    invitation = invite_ikoma_editor(people, cities)
    assert invitation.expires_at - invitation.created_at == timedelta(days=3)


def test_only_a_hash_of_the_links_secret_is_stored(people, cities, mailoutbox):
    invitation = invite_ikoma_editor(people, cities)
    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    stored = Invitation.objects.filter(pk=invitation.pk).values().get()
    assert token not in str(stored)


# --- Accepting ------------------------------------------------------------------------------


def test_a_new_person_sets_a_password_and_lands_on_the_workspace(
    client, people, cities, mailoutbox
):
    invite_ikoma_editor(people, cities, language="ja")
    path = link_in(mailoutbox[0])
    assert "パスワード" in client.get(path).content.decode()
    response = accept_as_new(client, path)
    assert response.status_code == 302
    assert response["Location"] == "/ja/workspace/"
    assert client.get("/ja/workspace/").status_code == 200


def test_the_acceptance_page_names_the_time_zone_of_the_expiry(client, people, cities, mailoutbox):
    invite_ikoma_editor(people, cities, language="ja")
    page = client.get(link_in(mailoutbox[0])).content.decode()
    assert re.search(r"\d{1,2}:\d{2} UTC", page)


def test_the_new_account_is_named_by_the_email_address_and_signs_in_with_the_password(
    client, people, cities, mailoutbox
):
    invite_ikoma_editor(people, cities)
    accept_as_new(client, link_in(mailoutbox[0]), password="a-long-pass-phrase-77")
    user = User.objects.get(username="sato@ikoma.example.jp")
    assert (user.email, user.check_password("a-long-pass-phrase-77")) == (
        "sato@ikoma.example.jp",
        True,
    )


def test_accepting_grants_the_role_recorded_as_granted_by_the_inviter(
    client, people, cities, mailoutbox
):
    invite_ikoma_editor(people, cities)
    accept_as_new(client, link_in(mailoutbox[0]))
    role = Role.objects.get(user__username="sato@ikoma.example.jp")
    assert (role.kind, role.city, role.granted_by) == (
        RoleKind.CITY_EDITOR,
        cities["ikoma"],
        people["coordinator"],
    )
    event = RoleEvent.objects.get(user=role.user)
    assert (event.action, event.by, event.invitation_id is not None) == (
        "granted",
        people["coordinator"],
        True,
    )


def test_accepting_creates_a_person_of_the_invited_city_linked_to_the_account(
    client, people, cities, mailoutbox
):
    department = OrganisationFactory(city=cities["ikoma"])
    invite_ikoma_editor(people, cities)
    accept_as_new(client, link_in(mailoutbox[0]), name="Sato Hanako")
    person = Person.objects.get(user__username="sato@ikoma.example.jp")
    assert (person.name, person.email, person.organisation) == (
        "Sato Hanako",
        "sato@ikoma.example.jp",
        department,
    )


def test_a_person_already_listed_with_the_address_is_linked_not_duplicated(
    client, people, cities, mailoutbox
):
    listed = PersonFactory(
        name="Hanako Sato",
        email="Sato@Ikoma.example.jp",
        organisation=OrganisationFactory(city=cities["ikoma"]),
    )
    invite_ikoma_editor(people, cities)
    accept_as_new(client, link_in(mailoutbox[0]))
    assert Person.objects.filter(email__iexact="sato@ikoma.example.jp").count() == 1
    listed.refresh_from_db()
    assert listed.user.username == "sato@ikoma.example.jp"


def test_an_address_with_an_account_is_asked_to_sign_in_first(client, people, cities, mailoutbox):
    UserFactory(username="sato", email="sato@ikoma.example.jp")
    invite_ikoma_editor(people, cities)
    path = in_english(link_in(mailoutbox[0]))
    assert "This address already has an account" in client.get(path).content.decode()
    response = client.post(path, {})
    assert response.status_code == 302
    assert "/accounts/login/?next=" in response["Location"]
    assert not Role.objects.filter(user__username="sato").exists()


def test_a_signed_in_invitee_accepts_with_one_click_and_keeps_their_account(
    client, people, cities, mailoutbox
):
    existing = UserFactory(username="sato", email="sato@ikoma.example.jp")
    invite_ikoma_editor(people, cities)
    client.force_login(existing)
    response = client.post(in_english(link_in(mailoutbox[0])), {})
    assert response.status_code == 302
    assert existing.roles.get().kind == RoleKind.CITY_EDITOR
    assert User.objects.count() == len(people) + 1


def test_someone_signed_in_with_another_address_cannot_accept(client, people, cities, mailoutbox):
    invite_ikoma_editor(people, cities)
    client.force_login(people["nobody"])
    path = in_english(link_in(mailoutbox[0]))
    assert "but this invitation is for sato@ikoma.example.jp" in client.get(path).content.decode()
    client.post(path, {})
    assert not people["nobody"].roles.exists()


def test_two_different_passwords_are_refused_and_nothing_is_created(
    client, people, cities, mailoutbox
):
    invite_ikoma_editor(people, cities)
    response = client.post(
        in_english(link_in(mailoutbox[0])),
        {"name": "Sato", "password1": "a-long-pass-phrase-77", "password2": "another-pass-88"},
    )
    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()
    assert not User.objects.filter(username="sato@ikoma.example.jp").exists()


# --- Links that no longer work ----------------------------------------------------------------


def test_a_used_link_says_so_and_grants_nothing_more(client, people, cities, mailoutbox):
    invite_ikoma_editor(people, cities)
    path = in_english(link_in(mailoutbox[0]))
    accept_as_new(client, path)
    client.logout()
    response = accept_as_new(client, path, password="yet-another-pass-99")
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()
    assert Role.objects.filter(user__username="sato@ikoma.example.jp").count() == 1


def test_an_expired_link_says_so_and_grants_nothing(
    client, people, cities, mailoutbox, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    invite_ikoma_editor(people, cities)
    time_machine.move_to("2026-03-16 09:00:01+00:00", tick=False)
    response = accept_as_new(client, in_english(link_in(mailoutbox[0])))
    assert response.status_code == 410
    assert "This invitation has expired." in response.content.decode()
    assert not User.objects.filter(username="sato@ikoma.example.jp").exists()


def test_a_withdrawn_link_says_so_and_grants_nothing(client, people, cities, mailoutbox):
    invitation = invite_ikoma_editor(people, cities)
    withdraw_invitation(invitation=invitation, by=people["coordinator"])
    response = accept_as_new(client, in_english(link_in(mailoutbox[0])))
    assert response.status_code == 410
    assert "withdrawn" in response.content.decode()
    assert not User.objects.filter(username="sato@ikoma.example.jp").exists()


def test_a_link_nobody_sent_is_not_found(client, db):
    response = client.get("/en/invitations/made-up-link/")
    assert response.status_code == 404
    assert "not an invitation we know of" in response.content.decode()


def test_resending_sends_a_new_link_and_the_earlier_one_stops_working(
    client, people, cities, mailoutbox
):
    invitation = invite_ikoma_editor(people, cities)
    resend_invitation(invitation=invitation, by=people["coordinator"])
    first, second = link_in(mailoutbox[0]), link_in(mailoutbox[1])
    assert first != second
    assert client.get(first).status_code == 404
    assert accept_as_new(client, second).status_code == 302


def test_resending_an_expired_invitation_gives_it_a_new_expiry(
    people, cities, mailoutbox, time_machine
):
    time_machine.move_to("2026-03-02 09:00:00+00:00", tick=False)
    invitation = invite_ikoma_editor(people, cities)
    time_machine.move_to("2026-04-01 09:00:00+00:00", tick=False)
    invitation = resend_invitation(invitation=invitation, by=people["coordinator"])
    assert invitation.expires_at == timezone.now() + timedelta(days=14)
    assert invitation.is_pending()


def test_a_withdrawn_invitation_cannot_be_resent(people, cities):
    invitation = invite_ikoma_editor(people, cities)
    withdraw_invitation(invitation=invitation, by=people["coordinator"])
    with pytest.raises(ValidationError):
        resend_invitation(invitation=invitation, by=people["coordinator"])


def test_an_address_that_holds_the_role_already_is_not_invited_again(people, cities):
    with pytest.raises(ValidationError, match="already has this role"):
        invite_ikoma_editor(
            people, cities, email=people["partner_editor"].email, scope=cities["ikoma"]
        )


def test_a_second_invitation_to_the_same_role_is_refused_while_the_first_is_pending(
    people, cities, mailoutbox
):
    invite_ikoma_editor(people, cities)
    with pytest.raises(ValidationError, match="already been invited"):
        invite_ikoma_editor(people, cities)
    assert len(mailoutbox) == 1


# --- Who may invite to what (explicit for each role) ----------------------------------------

INVITES = {
    # role of the inviter: (kind, scope) → allowed?
    "coordinator": {
        ("programme_coordinator", "programme"): True,
        ("evaluator", "programme"): True,
        ("pairing_coordinator", "pairing"): True,
        ("city_editor", "ancona"): True,
        ("city_viewer", "ikoma"): True,
    },
    "editor": {
        ("city_editor", "ancona"): True,
        ("city_viewer", "ancona"): True,
        ("city_editor", "ikoma"): False,
        ("evaluator", "programme"): False,
        ("pairing_coordinator", "pairing"): False,
    },
    "viewer": {("city_viewer", "ancona"): False, ("city_editor", "ancona"): False},
    "pairing_coordinator": {
        ("pairing_coordinator", "pairing"): False,
        ("city_editor", "ancona"): False,
    },
    "evaluator": {("evaluator", "programme"): False, ("city_viewer", "ancona"): False},
    "other_coordinator": {
        ("programme_coordinator", "programme"): False,
        ("pairing_coordinator", "pairing"): False,
        ("city_editor", "ancona"): False,
    },
    "other_editor": {("city_editor", "ancona"): False},
    "nobody": {("city_viewer", "ancona"): False, ("evaluator", "programme"): False},
    "admin": {("programme_coordinator", "programme"): True, ("city_editor", "ikoma"): True},
}
CASES = [
    (inviter, kind, scope, allowed)
    for inviter, cases in INVITES.items()
    for (kind, scope), allowed in cases.items()
]


@pytest.mark.parametrize(("inviter", "kind", "scope", "allowed"), CASES)
def test_who_may_invite_to_which_role(people, pairing, cities, inviter, kind, scope, allowed):
    scopes = {"programme": pairing.programme, "pairing": pairing, **cities}

    def invite():
        return invite_person(
            by=people[inviter], email="someone@example.org", kind=kind, scope=scopes[scope]
        )

    if allowed:
        assert invite().pk
    else:
        with pytest.raises(PermissionDenied):
            invite()


def test_the_invite_page_offers_a_city_editor_only_the_city_roles(client, people, cities):
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/roles/cities/{cities['ancona'].slug}/invite/")
    options = re.findall(r'<option value="(\w+)"', page.content.decode())
    assert [o for o in options if o in {k.value for k in RoleKind}] == [
        "city_editor",
        "city_viewer",
    ]


def test_inviting_from_the_page_sends_the_email_and_lists_the_invitation(
    client, people, cities, mailoutbox
):
    client.force_login(people["editor"])
    base = f"/en/workspace/roles/cities/{cities['ancona'].slug}/"
    response = client.post(
        base + "invite/",
        {"email": "bianchi@ancona.example.it", "kind": "city_viewer", "language": "it"},
    )
    assert response.status_code == 302
    assert mailoutbox[0].to == ["bianchi@ancona.example.it"]
    assert "bianchi@ancona.example.it" in client.get(base).content.decode()
