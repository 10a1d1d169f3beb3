"""Applying to a call: drafts, completeness, deadline and eligibility, enforced by the server."""

from datetime import timedelta

import pytest
from django.utils import timezone

from citybridge.access.enums import RoleKind
from citybridge.calls import services
from citybridge.calls.models import Application
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    JapaneseCityFactory,
    PersonFactory,
    ThemeFactory,
    UserFactory,
    grant,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    call = CallFactory(title='{"en": "IUC call 2017", "ja": "IUC 2017年公募"}')
    call.themes.set(
        [
            ThemeFactory(programme=call.programme, name='{"en": "Clean energy"}'),
            ThemeFactory(programme=call.programme, name='{"en": "Social inclusion"}'),
        ]
    )
    return call


@pytest.fixture
def ancona_editor():
    user = UserFactory(username="ancona-editor")
    city = CityFactory(name='{"en": "Ancona"}', population=100_924)
    grant(user, RoleKind.CITY_EDITOR, city)
    return user, city


def application_data(call, contact, **changes):
    first, second = call.themes.order_by("id")
    data = {
        "challenges_0": "Energy use of public buildings",
        "practices_0": "Home care for elderly people",
        "motivation_0": "Learn from a city facing similar challenges",
        "staff_languages": ["it", "en"],
        "contact": contact.pk,
        f"theme_{first.pk}": "1",
        f"theme_{second.pk}": "2",
        "group-TOTAL_FORMS": "0",
        "group-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_city_editor_drafts_completes_and_submits_an_application(client, call, ancona_editor):
    user, city = ancona_editor
    contact = PersonFactory(organisation__city=city)
    client.force_login(user)
    response = client.post(f"/en/calls/{call.slug}/apply/", {"city": city.pk})
    application = Application.objects.get()
    assert response["Location"] == f"/en/calls/applications/{application.pk}/"
    assert client.post(f"/en/calls/applications/{application.pk}/submit/").status_code == 302
    application.refresh_from_db()
    assert application.status == "draft"  # incomplete: refused
    client.post(f"/en/calls/applications/{application.pk}/", application_data(call, contact))
    assert [t.rank for t in application.ranked_themes.all()] == [1, 2]
    client.post(f"/en/calls/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.status == "submitted" and application.submitted_at is not None


def test_submitting_lists_what_is_missing(client, call, ancona_editor):
    user, city = ancona_editor
    application = ApplicationFactory(call=call, city=city, motivation=None)
    client.force_login(user)
    response = client.post(f"/en/calls/applications/{application.pk}/submit/", follow=True)
    page = response.content.decode()
    assert "Missing: the motivation; at least one theme, ranked; a contact person." in page


def test_nothing_can_be_submitted_or_changed_after_the_deadline(client, call, ancona_editor):
    user, city = ancona_editor
    contact = PersonFactory(organisation__city=city)
    application = ApplicationFactory(call=call, city=city, contact=contact)
    application.ranked_themes.create(theme=call.themes.first(), rank=1)
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.save()
    client.force_login(user)
    client.post(
        f"/en/calls/applications/{application.pk}/",
        application_data(call, contact, motivation_0="Too late"),
    )
    client.post(f"/en/calls/applications/{application.pk}/submit/")
    application.refresh_from_db()
    assert application.status == "draft"
    assert "Too late" not in str(application.motivation.data)
    with pytest.raises(Exception, match="closed"):
        services.submit_application(application, by=user)


def test_editors_of_other_cities_cannot_touch_the_application(client, call, ancona_editor):
    _user, city = ancona_editor
    application = ApplicationFactory(call=call, city=city)
    intruder = UserFactory(username="intruder")
    grant(intruder, RoleKind.CITY_EDITOR, CityFactory())
    client.force_login(intruder)
    assert client.get(f"/en/calls/applications/{application.pk}/").status_code == 403
    assert client.post(f"/en/calls/applications/{application.pk}/submit/").status_code in (302, 403)
    application.refresh_from_db()
    assert application.status == "draft"


def test_a_city_outside_the_calls_regions_cannot_apply(client, call):
    user = UserFactory(username="lyon-editor")
    lyon = CityFactory(name='{"en": "Lyon"}', country="FR")
    grant(user, RoleKind.CITY_EDITOR, lyon)
    client.force_login(user)
    client.post(f"/en/calls/{call.slug}/apply/", {"city": lyon.pk})
    assert not Application.objects.exists()


def test_eligibility_is_screened_with_the_reason(call):
    small = ApplicationFactory(call=call, city=JapaneseCityFactory(population=80_000))
    result = services.screen(small)
    assert not result.eligible
    assert "The population counted is 80,000; the call asks for at least 100,000." in result.reason
    small.group_members = [{"name": "Neighbour town", "population": 30_000}]
    assert services.screen(small).eligible
    assert "110,000 inhabitants counted, with the group." in services.screen(small).reason


def test_a_coordinator_overrides_eligibility_with_a_recorded_reason(call):
    from citybridge.access.rules import forget_roles

    small = ApplicationFactory(call=call, city=JapaneseCityFactory(population=80_000))
    coordinator = UserFactory(username="coord")
    grant(coordinator, RoleKind.PROGRAMME_COORDINATOR, call.programme)
    forget_roles(coordinator)
    with pytest.raises(Exception, match="reason"):
        services.override_eligibility(small, by=coordinator, eligible=True, reason=" ")
    services.override_eligibility(
        small, by=coordinator, eligible=True, reason="Metropolitan area of 140,000."
    )
    result = services.eligibility(small)
    assert result.eligible and not result.automatic and "Metropolitan area" in result.reason


def test_the_call_page_offers_the_coordinator_the_evaluation_pages(client, call):
    from citybridge.access.rules import forget_roles

    coordinator = UserFactory(username="coord-page")
    grant(coordinator, RoleKind.PROGRAMME_COORDINATOR, call.programme)
    forget_roles(coordinator)
    client.force_login(coordinator)
    page = client.get(f"/en/calls/{call.slug}/").content.decode()
    assert f"/en/evaluation/{call.slug}/" in page
    assert f"/en/evaluation/{call.slug}/import/" in page


def test_an_applicant_attaches_a_document_that_only_the_call_s_people_can_read(
    client, call, ancona_editor
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    user, city = ancona_editor
    application = ApplicationFactory(call=call, city=city)
    client.force_login(user)
    pdf = SimpleUploadedFile(
        "../../project.pdf", b"%PDF-1.4\n%project\n", content_type="application/pdf"
    )
    client.post(
        f"/en/calls/applications/{application.pk}/attachments/new/",
        {"title": "Project outline", "file": pdf},
    )
    attachment = application.attachments.get()
    assert attachment.original_name == "project.pdf" and "project" not in attachment.file.name
    assert client.get(f"/en/calls/attachments/{attachment.pk}/").status_code == 200
    fake = SimpleUploadedFile("photo.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = client.post(
        f"/en/calls/applications/{application.pk}/attachments/new/",
        {"title": "Photo", "file": fake},
        follow=True,
    )
    assert "SVG" in response.content.decode()
    assert application.attachments.count() == 1
    client.logout()
    assert client.get(f"/en/calls/attachments/{attachment.pk}/").status_code == 302  # to log in
    stranger = UserFactory(username="stranger")
    grant(stranger, RoleKind.CITY_EDITOR, CityFactory())
    client.force_login(stranger)
    assert client.get(f"/en/calls/attachments/{attachment.pk}/").status_code == 404
