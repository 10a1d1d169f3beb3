"""Editing a pairing's shared details, its programme settings and each city's involvement."""

import pytest

from citybridge.pairings.enums import PairingStatus
from citybridge.pairings.models import Agreement
from tests.factories import CityFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

NO_SIGNATORIES = {
    "signatories-TOTAL_FORMS": "0",
    "signatories-INITIAL_FORMS": "0",
    "versions-TOTAL_FORMS": "0",
    "versions-INITIAL_FORMS": "0",
}


def form_data(pairing, **changes):
    europe, japan = pairing.ordered_memberships
    data = {
        "shared-focus_0": "Clean energy",
        "shared-focus_1": "Energia pulita",
        "shared-focus_2": "",
        "shared-description_0": "",
        "shared-description_1": "",
        "shared-description_2": "",
        "manage-status": pairing.status,
        "manage-selected_in": "2017",
        "manage-start_date": "",
        "manage-end_date": "",
        "manage-coordinator": "",
        f"city{europe.pk}-organisations": [],
        f"city{japan.pk}-organisations": [],
    }
    data.update(changes)
    return data


def test_city_editor_sets_shared_details_and_its_own_departments(client, people, pairing):
    europe, japan = pairing.ordered_memberships
    department = OrganisationFactory(city=europe.city)
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/edit/",
        form_data(
            pairing,
            **{f"city{europe.pk}-organisations": [department.pk], "manage-status": "completed"},
        ),
    )
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert pairing.focus.data["it"] == "Energia pulita"
    assert pairing.status == PairingStatus.ACTIVE, "a city editor cannot change the status"
    assert list(europe.organisations.all()) == [department]


def test_city_editor_does_not_get_the_partner_citys_involvement_form(client, people, pairing):
    europe, japan = pairing.ordered_memberships
    partner_department = OrganisationFactory(city=japan.city)
    client.force_login(people["editor"])
    page = client.get(f"/en/workspace/pairings/{pairing.slug}/edit/").content.decode()
    assert f"city{europe.pk}-organisations" in page
    assert f"city{japan.pk}-organisations" not in page
    client.post(
        f"/en/workspace/pairings/{pairing.slug}/edit/",
        form_data(pairing, **{f"city{japan.pk}-organisations": [partner_department.pk]}),
    )
    assert not japan.organisations.exists()


def test_coordinator_changes_status_and_dates(client, people, pairing):
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/edit/",
        form_data(
            pairing,
            **{
                "manage-status": "completed",
                "manage-start_date": "2017-11-10",
                "manage-end_date": "2020-12-31",
            },
        ),
    )
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.status, str(pairing.end_date)) == ("completed", "2020-12-31")


def test_an_invalid_pairing_form_saves_nothing_and_keeps_the_input(client, people, pairing):
    client.force_login(people["coordinator"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/edit/",
        form_data(
            pairing,
            **{
                "shared-focus_1": "Testo conservato",
                "manage-start_date": "2020-01-01",
                "manage-end_date": "2019-01-01",
            },
        ),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The end cannot be before the start." in page
    assert "Testo conservato" in page
    pairing.refresh_from_db()
    assert not pairing.focus


@pytest.mark.parametrize(
    "who", ["viewer", "evaluator", "other_editor", "other_coordinator", "nobody"]
)
def test_outsiders_cannot_edit_the_pairing(client, people, pairing, who):
    client.force_login(people[who])
    response = client.post(f"/en/workspace/pairings/{pairing.slug}/edit/", form_data(pairing))
    assert response.status_code == 403
    pairing.refresh_from_db()
    assert not pairing.focus


def test_partner_editor_records_the_agreement(client, people, pairing):
    client.force_login(people["partner_editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/",
        {
            "title_0": "Ikoma–Ancona agreement",
            "title_1": "",
            "title_2": "生駒市・アンコーナ市協力協定",
            "status": "signed",
            "signed_on": "2018-10-03",
            "signed_place_0": "Ancona",
            "summary_0": "",
            "document_url": "",
            **NO_SIGNATORIES,
        },
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pairing=pairing).title.data["ja"] == "生駒市・アンコーナ市協力協定"


def test_signatories_are_recorded_with_their_titles_and_cities(client, people, pairing):
    europe = pairing.ordered_memberships[0].city
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/",
        {
            "title_0": "Agreement",
            "signed_on": "2018-10-03",
            "signatories-TOTAL_FORMS": "1",
            "signatories-INITIAL_FORMS": "0",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "status": "signed",
            "signatories-0-name": "",
            "signatories-0-title_0": "Mayor of Ancona",
            "signatories-0-title_1": "Sindaca di Ancona",
            "signatories-0-city": europe.pk,
            "signatories-0-order": "0",
        },
    )
    assert response.status_code == 302
    signatory = Agreement.objects.get().signatories.get()
    assert (signatory.title.data["it"], signatory.city) == ("Sindaca di Ancona", europe)


def test_a_signatory_from_a_city_outside_the_pairing_is_refused(client, people, pairing):
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/",
        {
            "title_0": "Agreement",
            "signatories-TOTAL_FORMS": "1",
            "signatories-INITIAL_FORMS": "0",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "status": "signed",
            "signatories-0-title_0": "Mayor",
            "signatories-0-city": CityFactory().pk,
            "signatories-0-order": "0",
        },
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Agreement.objects.exists()


def versions(*files):
    data = {"versions-TOTAL_FORMS": str(len(files)), "versions-INITIAL_FORMS": "0"}
    for n, (language, upload) in enumerate(files):
        data[f"versions-{n}-language"] = language
        data[f"versions-{n}-document"] = upload
    return data


AGREEMENT = {
    "title_0": "Agreement",
    "status": "signed",
    "signed_on": "2018-10-03",
    **NO_SIGNATORIES,
}


def test_an_agreement_version_must_really_be_a_document(client, people, pairing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["editor"])
    fake = SimpleUploadedFile(
        "agreement.pdf", b"<html><script>alert(1)</script>", content_type="application/pdf"
    )
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/",
        {**AGREEMENT, **versions(("it", fake))},
    )
    assert response.status_code == 400
    assert "not really a PDF" in response.content.decode()
    assert not Agreement.objects.exists()


def test_language_versions_are_published_once_the_agreement_is_signed(client, people, pairing):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["editor"])
    pdf = SimpleUploadedFile("accordo.pdf", b"%PDF-1.4\n%Accordo\n", content_type="application/pdf")
    client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/",
        {**AGREEMENT, "status": "draft", **versions(("it", pdf))},
    )
    agreement = Agreement.objects.get()
    version = agreement.versions.get()
    assert version.original_name == "accordo.pdf" and "accordo" not in version.document.name
    client.logout()
    assert client.get(version.get_absolute_url()).status_code == 404  # a draft is not public
    assert "Agreement" not in client.get(f"/en/pairings/{pairing.slug}/").content.decode()
    client.force_login(people["viewer"])
    assert client.get(version.get_absolute_url()).status_code == 200  # members read drafts
    client.logout()
    agreement.status = "signed"
    agreement.save()
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert (
        version.get_absolute_url() in client.get(f"/en/pairings/{pairing.slug}/").content.decode()
    )


def test_a_signed_agreement_needs_its_date(client, people, pairing):
    client.force_login(people["editor"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/", {**AGREEMENT, "signed_on": ""}
    )
    assert "A signed agreement needs its signing date." in response.content.decode()
    assert not Agreement.objects.exists()


def test_viewer_cannot_add_an_agreement(client, people, pairing):
    client.force_login(people["viewer"])
    response = client.post(
        f"/en/workspace/pairings/{pairing.slug}/agreements/new/", {"title_0": "X"}
    )
    assert response.status_code == 403
    assert not Agreement.objects.exists()
