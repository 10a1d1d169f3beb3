"""Importing applications from CSV or XLSX: all or nothing, with every problem by row and
column; fake files and oversized files refused."""

import csv
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from citybridge.calls import imports, services
from citybridge.calls.enums import ApplicationStatus
from citybridge.calls.models import Application
from citybridge.core.i18n import as_dict
from citybridge.directory.models import Person
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CityFactory,
    OrganisationFactory,
    PersonFactory,
    ThemeFactory,
    text,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "city",
    "themes",
    "challenges_en",
    "challenges_ja",
    "practices_en",
    "motivation_en",
    "staff_languages",
    "contact_name",
    "contact_email",
    "group_members",
    "status",
]


@pytest.fixture
def call(pairing):
    call = CallFactory(programme=pairing.programme)
    themes = [
        ThemeFactory(programme=pairing.programme, name=text(en=name))
        for name in ("Clean energy and climate change", "Social inclusion", "Urban mobility")
    ]
    call.themes.set(themes[:2])  # "Urban mobility" is a theme of the programme, not of the call
    return call


@pytest.fixture
def ancona(pairing):
    city = pairing.ordered_memberships[0].city  # slug "ancona"
    city.geonames_id = 3183089
    city.save()
    return city


@pytest.fixture
def ikoma(pairing):
    return pairing.ordered_memberships[1].city  # slug "ikoma"


def complete_row(city, **changes):
    values = {
        "city": city,
        "themes": "Social inclusion; Clean energy and climate change",
        "challenges_en": "Ageing population",
        "challenges_ja": "高齢化",
        "practices_en": "Community care",
        "motivation_en": "Learn from Japan",
        "staff_languages": "ja, en",
        "contact_name": "Tanaka",
        "contact_email": "tanaka@ikoma.example",
        "group_members": "",
        "status": "submitted",
    }
    values.update(changes)
    return [values[name] for name in HEADER]


def csv_upload(rows, *, header=HEADER, name="applications.csv", delimiter=","):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows([header, *rows])
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), "text/csv")


def xlsx_upload(rows, *, header=HEADER, name="applications.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for values in [header, *rows]:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/octet-stream")


def import_url(call):
    return f"/en/evaluation/{call.slug}/import/"


def refused(call, upload, by) -> list[tuple]:
    with pytest.raises(imports.ImportRefused) as caught:
        imports.import_applications(call, upload, by=by)
    return [(p.row, p.column, p.letter, p.message) for p in caught.value.problems]


# --- Success ---------------------------------------------------------------------------------


def test_a_valid_csv_creates_every_application(client, call, people, ancona, ikoma):
    upload = csv_upload(
        [
            complete_row(
                "3183089",
                contact_name="Anna Rossi",
                contact_email="anna@ancona.example",
                staff_languages="it, en",
                group_members="Camerano:7,000; Sirolo:4000",
            ),
            complete_row(
                "Ikoma", themes="Clean energy and climate change", status="", practices_en=""
            ),
        ]
    )
    client.force_login(people["coordinator"])

    response = client.post(import_url(call), {"file": upload})

    assert response.status_code == 302
    assert response["Location"] == f"/en/evaluation/{call.slug}/"
    first = Application.objects.get(city=ancona)
    assert first.status == ApplicationStatus.SUBMITTED
    assert first.submitted_at is not None
    assert first.created_by == people["coordinator"]
    assert [str(t.theme) for t in first.ranked_themes.all()] == [
        "Social inclusion",
        "Clean energy and climate change",
    ]
    assert first.challenges.data == {"en": "Ageing population", "ja": "高齢化"}
    assert first.staff_languages == ["it", "en"]
    assert first.group_members == [
        {"name": "Camerano", "population": 7000},
        {"name": "Sirolo", "population": 4000},
    ]
    assert (first.contact.name, first.contact.email, first.contact.languages) == (
        "Anna Rossi",
        "anna@ancona.example",
        ["it", "en"],
    )
    assert services.missing_parts(first) == []  # as complete as a city's own submission
    second = Application.objects.get(city=ikoma)
    assert (second.status, second.submitted_at) == (ApplicationStatus.DRAFT, None)
    assert as_dict(second.practices) == {}


def test_an_excel_workbook_is_imported_with_numbers_as_geonames_ids(call, people, ancona):
    upload = xlsx_upload([complete_row(3183089)])

    [application] = imports.import_applications(call, upload, by=people["coordinator"])

    assert application.city == ancona
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_semicolon_separated_csv_from_an_italian_excel_is_read(call, people, ancona, ikoma):
    upload = csv_upload([complete_row("ancona"), complete_row("ikoma")], delimiter=";")

    created = imports.import_applications(call, upload, by=people["coordinator"])

    assert [a.ranked_themes.count() for a in created] == [2, 2]


def test_column_names_are_not_case_sensitive_and_may_be_in_any_order(call, people, ancona):
    header = ["Status", "Contact Email", "CITY", "challenges (en)", "Contact name"]
    upload = csv_upload([["draft", "a@b.example", "ancona", "Heat waves", "Anna"]], header=header)

    [application] = imports.import_applications(call, upload, by=people["coordinator"])

    assert application.challenges.data == {"en": "Heat waves"}
    assert application.contact.email == "a@b.example"


def test_a_contact_already_in_the_directory_is_reused(call, people, ikoma):
    known = PersonFactory(
        name="Tanaka Hiroshi",
        email="Tanaka@Ikoma.example",
        organisation=OrganisationFactory(city=ikoma),
    )

    [application] = imports.import_applications(
        call, csv_upload([complete_row("ikoma")]), by=people["coordinator"]
    )

    assert application.contact == known
    assert Person.objects.count() == 1


# --- All or nothing ----------------------------------------------------------------------------


def test_one_bad_row_means_nothing_is_imported_and_every_problem_is_listed(
    call, people, ancona, ikoma
):
    persons_before = Person.objects.count()
    upload = csv_upload(
        [
            complete_row("ancona"),
            complete_row("9999999"),
            complete_row("ikoma", themes="Urban mobility; Social inclusion", contact_email="x@"),
            complete_row("ancona", status="sent", staff_languages="jp"),
        ]
    )

    problems = refused(call, upload, people["coordinator"])

    assert [(row, column, letter) for row, column, letter, _m in problems] == [
        (3, "city", "A"),
        (4, "themes", "B"),
        (4, "contact_email", "I"),
        (5, "status", "K"),
        (5, "city", "A"),
        (5, "staff_languages", "G"),
    ]
    messages = [m for *_place, m in problems]
    assert messages[0] == "No city in the directory has the GeoNames id 9999999."
    assert messages[1].startswith("“Urban mobility” is not a theme of this call.")
    assert messages[4] == "Ancona is already on row 2."
    assert not Application.objects.exists()
    assert Person.objects.count() == persons_before


def test_the_import_page_lists_the_problems_and_creates_nothing(client, call, people, ancona):
    client.force_login(people["coordinator"])

    response = client.post(
        import_url(call),
        {"file": csv_upload([complete_row("ancona"), complete_row("nowhere")])},
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert "Nothing was imported: the file has one problem." in page
    assert "<tr><td>3</td><td>city (A)</td><td>No city in the directory has the short name" in page
    assert not Application.objects.exists()


def test_a_city_that_already_applied_is_a_row_error(call, people, ancona, ikoma):
    ApplicationFactory(call=call, city=ancona)

    problems = refused(
        call, csv_upload([complete_row("ikoma"), complete_row("ancona")]), people["coordinator"]
    )

    assert problems == [(3, "city", "A", "Ancona has already applied to this call.")]
    assert Application.objects.count() == 1


def test_a_city_outside_the_calls_countries_is_a_row_error(call, people):
    CityFactory(name='{"en": "Austin"}', country="US")

    problems = refused(call, csv_upload([complete_row("austin")]), people["coordinator"])

    assert problems == [
        (
            2,
            "city",
            "A",
            "Austin is in United States of America, which is not among the countries of this call.",
        )
    ]


def test_a_submitted_row_must_be_complete(call, people, ancona):
    row = complete_row(
        "ancona",
        themes="",
        challenges_en="",
        challenges_ja="",
        staff_languages="",
        contact_name="",
        contact_email="",
    )

    problems = refused(call, csv_upload([row]), people["coordinator"])

    assert [(r, c) for r, c, _l, _m in problems] == [
        (2, "themes"),
        (2, "challenges_en"),
        (2, "staff_languages"),
        (2, "contact_email"),
    ]


def test_a_malformed_group_is_a_row_error(call, people, ancona):
    problems = refused(
        call,
        csv_upload([complete_row("ancona", group_members="Camerano:7000; Sirolo")]),
        people["coordinator"],
    )

    assert problems == [
        (
            2,
            "group_members",
            "J",
            "“Sirolo” should be a name and a population, such as “Camerano:7000”.",
        )
    ]


# --- Files that are refused as a whole -------------------------------------------------------


def test_an_unknown_or_missing_column_is_refused(call, people):
    header = ["motivaton_en", "themes"]

    problems = refused(call, csv_upload([["x", "y"]], header=header), people["coordinator"])

    assert problems == [
        (
            1,
            "motivaton_en",
            "A",
            "Unknown column “motivaton_en”. The columns are listed on this page.",
        ),
        (1, "city", "", "The column “city” is missing."),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
            "“applications.csv” is not an Excel workbook (.xlsx) or a CSV file.",
        ),
        (
            b"<html><script>alert(1)</script></html>",
            "“applications.csv” is not really a CSV file: its content is HTML.",
        ),
    ],
)
def test_a_fake_csv_is_refused_by_its_content(client, call, people, content, message):
    client.force_login(people["coordinator"])

    response = client.post(
        import_url(call), {"file": SimpleUploadedFile("applications.csv", content, "text/csv")}
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Application.objects.exists()


def test_a_word_document_named_xlsx_is_refused(call, people):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    upload = SimpleUploadedFile("applications.xlsx", buffer.getvalue())

    [(row, _column, _letter, message)] = refused(call, upload, people["coordinator"])

    assert row is None
    assert message == "“applications.xlsx” is not an Excel workbook (.xlsx) or a CSV file."


def test_more_than_5000_rows_are_refused(call, people):
    rows = [[f"city-{n}"] for n in range(imports.MAX_ROWS + 1)]

    [(row, _column, _letter, message)] = refused(
        call, csv_upload(rows, header=["city"]), people["coordinator"]
    )

    assert row is None
    assert message == "The file has more than 5,000 rows after the header; please split it."


def test_a_file_with_only_the_column_names_is_refused(call, people):
    upload = csv_upload([], header=["city", "status"])

    assert refused(call, upload, people["coordinator"]) == [
        (None, "", "", "The file has the column names but no application below them.")
    ]


@pytest.mark.parametrize("who", ["editor", "evaluator", "other_coordinator"])
def test_only_the_coordinators_import(client, call, people, ancona, who):
    client.force_login(people[who])

    response = client.post(import_url(call), {"file": csv_upload([complete_row("ancona")])})

    assert response.status_code == 403
    assert not Application.objects.exists()


def test_the_import_page_documents_the_columns_and_offers_an_empty_file(client, call, people):
    client.force_login(people["coordinator"])

    page = client.get(import_url(call)).content.decode()
    template = client.get(import_url(call) + "template.csv")

    for name in HEADER:
        assert f"<code>{name}</code>" in page
    assert "<q>Clean energy and climate change</q>" in page
    assert template.content.decode("utf-8-sig").splitlines()[0] == ",".join(imports.column_names())
