"""A person's own data: the download holds it, erasure leaves none of it anywhere."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.db import connection, models
from django.urls import reverse

from citybridge.accounts.services import set_preferences
from citybridge.plans.services import add_comment
from citybridge.privacy.erasure import TEXT_FIELDS, erase_person
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ActivityFactory,
    AgreementFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    SignatoryFactory,
)

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Chiara Lombardi", "chiara.lombardi@comune.example.it"


@pytest.fixture
def chiara(pairing, people):
    """The Ancona editor, with a person record, a history, a comment, a mention and a seat at
    an activity; her name is also quoted in another person's comment and on an agreement."""
    user = people["editor"]
    user.email, user.first_name, user.last_name = EMAIL, "Chiara", "Lombardi"
    user.save()
    ancona = pairing.ordered_memberships[0].city
    person = PersonFactory(
        user=user, name=NAME, email=EMAIL, organisation=OrganisationFactory(city=ancona)
    )
    person.name = NAME + " "  # a second history entry with the name
    person._history_user = user
    person.save()
    set_preferences(user=user, language="it", time_zone="Europe/Rome")
    plan = ActionPlanFactory(pairing=pairing)
    ActionFactory(plan=plan)
    add_comment(plan=plan, by=user, body="@partner-editor budget attached")
    add_comment(plan=plan, by=people["partner_editor"], body=f"Thanks {NAME}! @editor")
    ParticipationFactory(activity=ActivityFactory(pairing=pairing), person=person)
    SignatoryFactory(agreement=AgreementFactory(pairing=pairing), name=NAME)
    return user


def test_the_download_holds_the_persons_account_record_settings_and_writing(client, chiara):
    client.force_login(chiara)
    response = client.get(reverse("workspace:my_data"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = {name: archive.read(name).decode() for name in archive.namelist()}
    assert json.loads(data["account.json"])["email"] == EMAIL
    assert json.loads(data["person.json"])["name"].strip() == NAME
    assert json.loads(data["settings.json"])["time_zone"] == "Europe/Rome"
    assert [r["kind"] for r in json.loads(data["roles.json"])] == ["city_editor"]
    assert "budget attached" in data["plan_comments.json"]
    assert len(json.loads(data["participations.json"])) == 1
    assert json.loads(data["notifications.json"])[0]["topic"] == "mention"
    assert any(name.startswith("history/directory.historicalperson") for name in data)


def _text_hits(needles) -> list[str]:
    """Every (table, column) whose text holds one of ``needles``, read with raw SQL."""
    hits = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if model._meta.proxy or not model._meta.managed:
                continue
            for field in model._meta.concrete_fields:
                if not isinstance(field, TEXT_FIELDS + (models.SlugField,)):
                    continue
                table, column = model._meta.db_table, field.column
                qn = connection.ops.quote_name
                cursor.execute(f"SELECT {qn(column)} FROM {qn(table)}")  # noqa: S608
                for (value,) in cursor.fetchall():
                    text = str(value or "").lower()
                    hits += [f"{table}.{column}: {n}" for n in needles if n.lower() in text]
    return hits


def test_erasure_leaves_no_name_or_email_anywhere_in_the_database(chiara):
    assert _text_hits([NAME, EMAIL])  # the scan does see them before
    erase_person(user=chiara)
    assert _text_hits([NAME, EMAIL, "Lombardi", "@editor"]) == []


def test_erasure_keeps_what_the_person_did_as_former_participant(client, chiara, people):
    from citybridge.plans.models import Comment

    comments = Comment.objects.filter(author=chiara).count()
    erase_person(user=chiara)
    chiara.refresh_from_db()
    assert not chiara.is_active and chiara.email == "" and not chiara.has_usable_password()
    assert Comment.objects.filter(author=chiara).count() == comments
    assert chiara.person.name == "former participant"
    client.force_login(people["partner_editor"])
    plan = Comment.objects.filter(author=chiara).first().plan
    page = client.get(reverse("workspace:plan", kwargs={"pk": plan.pk})).content.decode()
    assert NAME not in page and "Lombardi" not in page
    assert "former participant" in page


def test_erasure_leaves_no_name_on_the_public_pages(client, chiara, pairing):
    erase_person(user=chiara)
    for url in [
        reverse("portal:pairing", kwargs={"slug": pairing.slug}),
        reverse("portal:home"),
    ]:
        page = client.get(url).content.decode()
        assert NAME not in page and EMAIL not in page


def test_erasure_asks_for_the_password_and_logs_the_person_out(client, chiara):
    client.force_login(chiara)
    url = reverse("workspace:erase_me")
    assert client.post(url, {"password": "wrong"}).status_code == 400
    chiara.refresh_from_db()
    assert chiara.is_active
    response = client.post(url, {"password": "secret-pass-123"})
    assert response.status_code == 302
    chiara.refresh_from_db()
    assert not chiara.is_active
    assert client.get(reverse("workspace:home")).status_code == 302  # logged out
