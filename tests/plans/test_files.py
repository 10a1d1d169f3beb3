"""Plan files: the PDFs (at a glance, full), the XLSX workbook, and spreadsheet imports of
actions and measurements (all or nothing, every problem reported with row and column)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from citybridge.plans.enums import PlanStatus, ProgressStatus
from citybridge.plans.models import Action, ActionStep, Measurement, ProgressUpdate
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    AgreementFactory,
    IndicatorFactory,
    OrganisationFactory,
    ThemeFactory,
    text,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- helpers -------------------------------------------------------------------------------


def url(plan, name, language="en"):
    files = {"glance_pdf": "glance.pdf", "full_pdf": "plan.pdf", "xlsx": "plan.xlsx"}
    return f"/{language}/plan-files/{plan.pk}/{files.get(name, 'import/')}"


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def workbook_of(response):
    return load_workbook(io.BytesIO(response.content))


def sheet_rows(sheet) -> list[list]:
    return [list(values) for values in sheet.iter_rows(values_only=True)]


def xlsx_file(rows, *, sheet="Actions", name="plan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.title = sheet
    for one in rows:
        workbook.active.append(one)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def csv_file(text_content: str, *, bom=False, name="plan.csv") -> SimpleUploadedFile:
    data = text_content.encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def upload(client, plan, kind, file):
    return client.post(url(plan, "import"), {"kind": kind, "file": file})


def problems(response) -> str:
    """The text of the problem list on the import page, whitespace collapsed."""
    return " ".join(response.content.decode().split())


def titles(plan) -> list[str]:
    return [a.title.data.get("en") for a in plan.actions.order_by("pk")]


@pytest.fixture
def plan(pairing):
    """A draft plan of ``pairing`` with two actions and an indicator."""
    plan = ActionPlanFactory(pairing=pairing)
    ActionFactory(plan=plan, title=text(en="Energy audit of schools", ja="学校のエネルギー診断"))
    ActionFactory(plan=plan, title=text(en="Welfare exchange", ja="福祉交流"))
    return plan


@pytest.fixture
def published_plan(pairing):
    """An approved plan in Japanese and English, with everything the PDFs show."""
    europe, japan = [m.city for m in pairing.ordered_memberships]
    theme = ThemeFactory(
        programme=pairing.programme,
        name=text(en="Clean energy and climate change", ja="クリーンエネルギーと気候変動"),
    )
    pairing.themes.add(theme)
    AgreementFactory(
        pairing=pairing,
        title=text(en="Ikoma–Ancona Agreement", ja="生駒市・アンコーナ市協定"),
        signed_on=date(2018, 10, 4),
    )
    plan = ActionPlanFactory(
        pairing=pairing,
        status=PlanStatus.APPROVED,
        title=text(en="Ancona–Ikoma action plan", ja="アンコーナ・生駒 行動計画"),
        objectives=text(en="Cut emissions", ja="公共施設の排出削減"),
        vision=text(en="Sustainable towns", ja="持続可能なまちづくり"),
        context=text(en="Two mid-sized cities", ja="中規模の二都市"),
    )
    department = OrganisationFactory(
        city=japan, name=text(en="Environment", ja="環境モデル都市推進課")
    )
    action = ActionFactory(
        plan=plan,
        theme=theme,
        title=text(en="Solar roofs on schools", ja="学校屋根の太陽光発電"),
        description=text(en="Panels on ten schools", ja="十校に太陽光パネルを設置"),
        lead_city=japan,
        lead_organisation=department,
        start_date=date(2019, 4, 1),
        end_date=date(2020, 3, 31),
        budget=Decimal("125000.00"),
        expected_results=text(en="Ten roofs", ja="屋根十か所"),
        benefits=text(en="Lower bills", ja="光熱費の削減"),
        risks=text(en="Supply delays", ja="資材の遅延"),
        is_pilot=True,
    )
    ActionStep.objects.create(
        action=action, title=text(en="Tender", ja="入札"), due_date=date(2019, 6, 1)
    )
    indicator = IndicatorFactory(
        plan=plan, action=action, name=text(en="CO2 emissions", ja="二酸化炭素排出量")
    )
    Measurement.objects.create(indicator=indicator, date=date(2019, 12, 31), value=Decimal("88"))
    ProgressUpdate.objects.create(
        action=action,
        date=date(2019, 12, 31),
        status=ProgressStatus.ON_TRACK,
        percent=40,
        narrative=text(en="Four roofs done", ja="四校で完了"),
    )
    return plan


# --- PDFs ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
def test_japanese_pdf_has_extractable_japanese_text(client, published_plan, name):
    response = client.get(url(published_plan, name, "ja"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = pdf_text(response)
    assert "アンコーナ・生駒 行動計画" in content
    assert "学校屋根の太陽光発電" in content
    assert "生駒市" in content  # the Japanese city's name
    assert "クリーンエネルギーと気候変動" in content
    assert "二酸化炭素排出量" in content


def test_glance_pdf_summarises_cities_agreement_objectives_actions_and_indicators(
    client, published_plan
):
    response = client.get(url(published_plan, "glance_pdf"))

    assert response["Content-Disposition"] == (
        f'attachment; filename="plan-{published_plan.pk}-glance-en.pdf"'
    )
    content = pdf_text(response)
    assert "Plan at a glance" in content
    assert "Ancona (Italy, 100,000 inhabitants)" in content
    assert "Ikoma (Japan, 100,000 inhabitants)" in content
    assert "Oct. 4, 2018" in content  # the agreement's signing date
    assert "Cut emissions" in content
    assert "Solar roofs on schools" in content
    assert "Environment" in content  # the lead
    assert "On track · 40%" in content
    assert "Ten roofs" in content and "Lower bills" in content
    assert "100" in content and "60" in content  # baseline and target


def test_full_pdf_has_every_field_steps_indicators_and_progress(client, published_plan):
    content = pdf_text(client.get(url(published_plan, "full_pdf")))

    for expected in [
        "Two mid-sized cities",
        "Sustainable towns",
        "Cut emissions",
        "Panels on ten schools",
        "Supply delays",
        "125,000",
        "EUR",
        "Tender",
        "CO2 emissions",
        "88",  # the latest measurement
        "Four roofs done",
        "pilot project",
    ]:
        assert expected in content, expected


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
def test_pdf_queries_do_not_grow_with_the_actions(client, pairing, people, name):
    plan = ActionPlanFactory(pairing=pairing)
    client.force_login(people["editor"])

    def count(actions):
        plan.actions.all().delete()
        for _ in range(actions):
            action = ActionFactory(plan=plan)
            IndicatorFactory(plan=plan, action=action)
            ActionStep.objects.create(action=action, title=text(en="Step"))
            ProgressUpdate.objects.create(
                action=action, date=date(2020, 1, 1), status=ProgressStatus.ON_TRACK, percent=5
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(plan, name)).status_code == 200
        return len(queries)

    assert count(1) == count(3)


PDF_ROLES_ON_A_DRAFT = [
    ("coordinator", 200),
    ("pairing_coordinator", 200),
    ("editor", 200),
    ("partner_editor", 200),
    ("viewer", 200),
    ("admin", 200),
    ("evaluator", 403),
    ("other_editor", 403),
    ("other_coordinator", 403),
    ("nobody", 403),
]


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
@pytest.mark.parametrize(("who", "status"), PDF_ROLES_ON_A_DRAFT)
def test_draft_plan_pdf_per_role(client, plan, people, name, who, status):
    client.force_login(people[who])
    assert client.get(url(plan, name)).status_code == status


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
def test_draft_plan_pdf_is_not_found_for_the_public(client, plan, name):
    assert client.get(url(plan, name)).status_code == 404


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
def test_submitted_plan_pdf_is_still_private(client, plan, people, name):
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    assert client.get(url(plan, name)).status_code == 404
    client.force_login(people["other_editor"])
    assert client.get(url(plan, name)).status_code == 403


@pytest.mark.parametrize("name", ["glance_pdf", "full_pdf"])
@pytest.mark.parametrize("who", [None, "nobody", "other_editor", "evaluator", "editor"])
def test_published_plan_pdf_is_open_to_everyone(client, plan, people, name, who):
    plan.status = PlanStatus.APPROVED
    plan.save()
    if who:
        client.force_login(people[who])
    assert client.get(url(plan, name)).status_code == 200


@pytest.mark.parametrize("status", [PlanStatus.IN_IMPLEMENTATION, PlanStatus.CLOSED])
def test_plan_in_implementation_or_closed_stays_public(client, plan, status):
    plan.status = status
    plan.save()
    assert client.get(url(plan, "glance_pdf")).status_code == 200


def test_pdf_of_a_missing_plan_is_not_found(client):
    assert client.get("/en/plan-files/999999/plan.pdf").status_code == 404


# --- XLSX export ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("pairing_coordinator", 200),
        ("editor", 200),
        ("partner_editor", 200),
        ("viewer", 200),
        ("admin", 200),
        ("evaluator", 403),
        ("other_editor", 403),
        ("other_coordinator", 403),
        ("nobody", 403),
    ],
)
def test_workbook_per_role(client, plan, people, who, status):
    client.force_login(people[who])
    assert client.get(url(plan, "xlsx")).status_code == status


def test_workbook_sends_anonymous_visitors_to_log_in(client, published_plan):
    response = client.get(url(published_plan, "xlsx"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_workbook_has_every_sheet_with_ids_and_one_column_per_language(
    client, published_plan, people
):
    client.force_login(people["editor"])
    response = client.get(url(published_plan, "xlsx"))

    assert response["Content-Type"] == XLSX
    workbook = workbook_of(response)
    assert workbook.sheetnames == ["Actions", "Indicators", "Measurements", "Progress"]
    actions = sheet_rows(workbook["Actions"])
    header = actions[0]
    assert header[:5] == ["id", "order", "title (en)", "title (it)", "title (ja)"]
    assert "expected_results (ja)" in header
    action = published_plan.actions.get()
    values = dict(zip(header, actions[1], strict=False))
    assert values["id"] == action.pk
    assert values["title (ja)"] == "学校屋根の太陽光発電"
    assert values["title (it)"] is None
    assert values["theme"] == "Clean energy and climate change"
    assert values["lead_city"] == action.lead_city.slug
    assert values["lead_organisation"] == "Environment"
    assert values["budget"] == 125000
    assert values["is_pilot"] == "yes"
    assert values["start_date"].date() == date(2019, 4, 1)
    indicators = sheet_rows(workbook["Indicators"])
    assert dict(zip(indicators[0], indicators[1], strict=False))["latest_value"] == 88
    measurements = sheet_rows(workbook["Measurements"])
    assert measurements[0][:6] == ["id", "indicator_id", "indicator", "unit", "date", "value"]
    progress = sheet_rows(workbook["Progress"])
    assert dict(zip(progress[0], progress[1], strict=False))["narrative (ja)"] == "四校で完了"


# --- Import: actions -------------------------------------------------------------------------


def test_exported_workbook_imports_back_with_a_changed_title(client, plan, people):
    client.force_login(people["editor"])
    workbook = workbook_of(client.get(url(plan, "xlsx")))
    sheet = workbook["Actions"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("title (ja)") + 1, value="学校の省エネ診断")
    buffer = io.BytesIO()
    workbook.save(buffer)
    first, second = plan.actions.order_by("order", "id")

    response = upload(client, plan, "actions", SimpleUploadedFile("plan.xlsx", buffer.getvalue()))

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.title.data == {"en": "Energy audit of schools", "ja": "学校の省エネ診断"}
    assert first.revision == 2
    assert "ja" in first.translation_stamps["title"]
    assert first.history.first().history_user == people["editor"]
    assert second.revision == 1  # unchanged rows are left alone
    page = client.get(response["Location"])
    assert "0 created, 1 updated, 1 unchanged" in page.content.decode()


def test_import_creates_actions_with_every_kind_of_field(client, plan, people, pairing):
    europe, japan = [m.city for m in pairing.ordered_memberships]
    theme = ThemeFactory(programme=pairing.programme, name=text(en="Social inclusion"))
    department = OrganisationFactory(city=europe, name=text(en="Social Policies"))
    partner = OrganisationFactory(city=japan, name=text(en="Welfare Council"))
    client.force_login(people["editor"])
    rows = [
        [
            "id",
            "Title (EN)",
            "title (ja)",
            "theme",
            "Lead city",
            "lead_organisation",
            "partners",
            "start_date",
            "end_date",
            "budget",
            "currency",
            "is_pilot",
            "sdgs",
        ],
        [
            None,
            "Inclusive playgrounds",
            "インクルーシブ公園",
            "social inclusion",
            europe.slug,
            "Social Policies",
            f"Welfare Council; {department.pk}",
            "2019-05-01",
            date(2020, 6, 30),
            "12500.50",
            "eur",
            "yes",
            "10; 11",
        ],
        [None, "Second action", None, theme.pk, None, None, None, None, None, 0, None, "0", None],
    ]

    last = max(a.order for a in plan.actions.all())

    response = upload(client, plan, "actions", xlsx_file(rows))

    assert response.status_code == 302, problems(response)
    created = plan.actions.get(title__contains="Inclusive playgrounds")
    second = plan.actions.get(title__contains="Second action")
    assert created.title.data == {"en": "Inclusive playgrounds", "ja": "インクルーシブ公園"}
    assert created.theme == theme
    assert created.lead_city == europe
    assert created.lead_organisation == department
    assert set(created.partners.all()) == {partner, department}
    assert (created.start_date, created.end_date) == (date(2019, 5, 1), date(2020, 6, 30))
    assert created.budget == Decimal("12500.50")
    assert created.currency == "EUR"
    assert created.is_pilot is True
    assert sorted(s.number for s in created.sdgs.all()) == [10, 11]
    assert (created.order, second.order) == (last + 1, last + 2)  # after the others, in order
    assert second.theme == theme
    assert second.budget == 0
    assert second.is_pilot is False
    assert second.currency == "EUR"


def test_one_bad_row_among_good_ones_changes_nothing_and_every_problem_is_listed(
    client, plan, people
):
    client.force_login(people["editor"])
    first, second = plan.actions.order_by("order", "id")
    other_plan_action = ActionFactory()
    rows = [
        ["id", "title (en)", "start_date", "end_date", "budget", "is_pilot", "lead_city"],
        [first.pk, "Changed title", "2019-01-01", "2019-12-31", "100", "no", None],  # fine
        [None, "New action", "2019-13-01", None, "-5", "maybe", "paris"],  # row 3: 4 problems
        [second.pk, "Also changed", "2020-01-01", "2019-01-01", None, None, None],  # row 4
        [other_plan_action.pk, "Not ours", None, None, None, None, None],  # row 5
        [None, None, None, None, None, None, None],  # empty: skipped
        [None, None, None, None, "1,000", None, None],  # row 7: no title, bad number
    ]
    before = titles(plan)

    response = upload(client, plan, "actions", xlsx_file(rows))

    assert response.status_code == 400
    assert titles(plan) == before
    assert plan.actions.count() == 2
    page = problems(response)
    assert "Nothing was imported: the file has 8 problems." in page
    assert (
        "<td>3</td><td>start_date (C)</td><td>“2019-13-01” is not a date written YYYY-MM-DD" in page
    )
    assert "<td>3</td><td>budget (E)</td><td>The number cannot be below 0.</td>" in page
    assert "<td>3</td><td>is_pilot (F)</td><td>Write yes or no.</td>" in page
    assert "<td>3</td><td>lead_city (G)</td><td>“paris” is not a city of this pairing" in page
    assert "<td>4</td><td>end_date (D)</td><td>The end cannot be before the start.</td>" in page
    assert (
        f"<td>5</td><td>id (A)</td><td>There is no action number {other_plan_action.pk} "
        "in this plan.</td>" in page
    )
    assert "<td>7</td><td>budget (E)</td><td>Write the number with a dot" in page
    assert "<td>7</td><td>title (en) (B)</td><td>An action needs a title in at least one" in page
    other_plan_action.refresh_from_db()
    assert other_plan_action.title.data.get("en") != "Not ours"
    first.refresh_from_db()
    assert (first.revision, first.start_date, first.budget) == (1, None, None)


def test_a_new_action_without_a_title_is_a_problem(client, plan, people):
    client.force_login(people["editor"])
    response = upload(client, plan, "actions", csv_file("id,title (en),budget\n,,10\n"))
    assert response.status_code == 400
    assert (
        "<td>2</td><td>title (en) (B)</td><td>An action needs a title in at least one language."
        in problems(response)
    )
    assert plan.actions.count() == 2


def test_csv_with_byte_order_mark_and_semicolons_imports(client, plan, people):
    client.force_login(people["partner_editor"])
    first = plan.actions.order_by("order", "id").first()
    content = (
        f"id;title (en);title (ja)\n{first.pk};Energy audit;エネルギー診断\n;Tree planting;植樹\n"
    )

    response = upload(client, plan, "actions", csv_file(content, bom=True))

    assert response.status_code == 302, problems(response)
    first.refresh_from_db()
    assert first.title.data == {"en": "Energy audit", "ja": "エネルギー診断"}
    assert {"en": "Tree planting", "ja": "植樹"} in [a.title.data for a in plan.actions.all()]


def test_csv_without_byte_order_mark_imports(client, plan, people):
    client.force_login(people["editor"])
    response = upload(client, plan, "actions", csv_file("id,title (en)\n,Tree planting\n"))
    assert response.status_code == 302
    assert plan.actions.count() == 3


def test_texts_starting_like_formulas_survive_the_round_trip(client, plan, people):
    action = plan.actions.order_by("order", "id").first()
    action.title = text(en="-30% energy use")
    action.save()
    client.force_login(people["editor"])
    exported = client.get(url(plan, "xlsx")).content
    sheet = load_workbook(io.BytesIO(exported))["Actions"]
    assert (sheet["A2"].value, sheet["C2"].value) == (action.pk, "'-30% energy use")

    response = upload(client, plan, "actions", SimpleUploadedFile("p.xlsx", exported))

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title.data == {"en": "-30% energy use"}
    assert action.revision == 1  # nothing changed


def test_unknown_and_missing_columns_are_reported(client, plan, people):
    client.force_login(people["editor"])
    response = upload(client, plan, "actions", csv_file("title,title (fr),Titel\nA,B,C\n"))
    page = problems(response)
    assert response.status_code == 400
    assert (
        "<td>1</td><td>title (A)</td><td>Unknown column “title”: texts have one column per language, for example “title (en)”.</td>"
        in page
    )
    assert "<td>1</td><td>title (fr) (B)</td><td>Unknown column “title (fr)”" in page
    assert "<td>1</td><td>Titel (C)</td>" in page
    assert "<td>1</td><td>id</td><td>The column “id” is missing.</td>" in page


def test_fake_xlsx_is_refused(client, plan, people):
    client.force_login(people["editor"])
    fake = SimpleUploadedFile(
        "plan.xlsx", b"<html><body><script>alert(1)</script></body></html>", content_type=XLSX
    )
    response = upload(client, plan, "actions", fake)
    assert response.status_code == 400
    assert "is not really an Excel spreadsheet: its content is HTML" in problems(response)
    assert plan.actions.count() == 2


def test_other_office_files_are_refused(client, plan, people):
    client.force_login(people["editor"])
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = upload(client, plan, "actions", pdf)
    assert response.status_code == 400
    assert "“plan.pdf” is not an Excel workbook (.xlsx) or a CSV file." in problems(response)


def test_oversize_file_is_refused(client, plan, people, settings):
    settings.CITYBRIDGE_MAX_UPLOAD_MB = 1
    client.force_login(people["editor"])
    content = "id,title (en)\n" + ",Tree planting\n" * 80_000  # about 1.2 MB
    response = upload(client, plan, "actions", csv_file(content))
    assert response.status_code == 400
    assert "the limit is 1 MB" in problems(response)


def test_more_than_ten_thousand_rows_are_refused(client, plan, people):
    client.force_login(people["editor"])
    content = "id,title (en)\n" + ",Tree planting\n" * 10_001
    response = upload(client, plan, "actions", csv_file(content))
    assert response.status_code == 400
    assert "The file has more than 10,000 rows after the header; please split it." in problems(
        response
    )
    assert plan.actions.count() == 2


def test_workbook_sheet_is_chosen_by_name(client, plan, people):
    client.force_login(people["editor"])
    workbook = Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["not", "this"])
    workbook.create_sheet("actions").append(["id", "title (en)"])
    workbook["actions"].append([None, "From the right sheet"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(client, plan, "actions", SimpleUploadedFile("p.xlsx", buffer.getvalue()))
    assert response.status_code == 302
    assert plan.actions.filter(title__contains="From the right sheet").exists()


def test_actions_are_imported_only_while_the_plan_is_a_draft(client, plan, people):
    plan.status = PlanStatus.APPROVED
    plan.save()
    client.force_login(people["editor"])

    page = client.get(url(plan, "import"))
    response = upload(client, plan, "actions", csv_file("id,title (en)\n,New\n"))

    assert 'value="actions"' not in page.content.decode()
    assert "Actions can be imported only while the plan is a draft." in page.content.decode()
    assert response.status_code == 400
    assert plan.actions.count() == 2


def test_programme_coordinator_may_import_measurements_but_not_actions(client, plan, people):
    client.force_login(people["coordinator"])
    page = client.get(url(plan, "import")).content.decode()
    assert 'value="measurements"' in page
    assert 'value="actions"' not in page
    response = upload(client, plan, "actions", csv_file("id,title (en)\n,New\n"))
    assert response.status_code == 400
    assert plan.actions.count() == 2


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("editor", 200),
        ("partner_editor", 200),
        ("coordinator", 200),
        ("pairing_coordinator", 200),
        ("admin", 200),
        ("viewer", 403),
        ("evaluator", 403),
        ("other_editor", 403),
        ("other_coordinator", 403),
        ("nobody", 403),
    ],
)
def test_import_page_per_role(client, plan, people, who, status):
    client.force_login(people[who])
    assert client.get(url(plan, "import")).status_code == status


def test_import_page_documents_the_columns(client, plan, people):
    client.force_login(people["editor"])
    page = client.get(url(plan, "import")).content.decode()
    assert "<code>title (en)</code>, <code>title (it)</code>, <code>title (ja)</code>" in page
    assert '<code>indicator_id</code> <span class="required">' in page
    assert "10,000" in page


def test_editor_of_another_city_cannot_import(client, plan, people):
    client.force_login(people["other_editor"])
    response = upload(client, plan, "actions", csv_file("id,title (en)\n,Intruder\n"))
    assert response.status_code == 403
    assert plan.actions.count() == 2


def test_anonymous_visitors_are_sent_to_log_in_to_import(client, plan):
    response = client.get(url(plan, "import"))
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


# --- Import: measurements --------------------------------------------------------------------


def test_measurements_import_creates_rows(client, plan, people):
    first = IndicatorFactory(plan=plan)
    second = IndicatorFactory(plan=plan)
    client.force_login(people["editor"])
    rows = [
        ["id", "indicator_id", "indicator", "unit", "date", "value", "source (en)", "source (ja)"],
        [None, first.pk, "ignored", "t", date(2019, 12, 31), 95.5, "Energy bills", "光熱費"],
        [None, first.pk, None, None, "2020-12-31", "-3", None, None],
        [None, second.pk, None, None, "2020-12-31", 7, None, None],
    ]

    response = upload(client, plan, "measurements", xlsx_file(rows, sheet="Measurements"))

    assert response.status_code == 302, problems(response)
    recorded = list(
        Measurement.objects.filter(indicator__plan=plan).order_by("indicator_id", "date")
    )
    assert [(m.indicator_id, m.date, m.value) for m in recorded] == [
        (first.pk, date(2019, 12, 31), Decimal("95.5")),
        (first.pk, date(2020, 12, 31), Decimal("-3")),
        (second.pk, date(2020, 12, 31), Decimal("7")),
    ]
    assert recorded[0].source.data == {"en": "Energy bills", "ja": "光熱費"}
    assert recorded[0].recorded_by == people["editor"]
    assert recorded[0].history.first().history_user == people["editor"]
    page = client.get(response["Location"]).content.decode()
    assert "The measurements have been imported: 3 added." in page


def test_measurements_import_refuses_duplicates_in_the_file_and_in_the_database(
    client, plan, people
):
    indicator = IndicatorFactory(plan=plan)
    Measurement.objects.create(indicator=indicator, date=date(2019, 12, 31), value=1)
    client.force_login(people["partner_editor"])
    content = (
        "indicator_id,date,value\n"
        f"{indicator.pk},2020-06-30,2\n"
        f"{indicator.pk},2019-12-31,3\n"  # row 3: already in the database
        f"{indicator.pk},2020-06-30,4\n"  # row 4: same as row 2
        f"{IndicatorFactory().pk},2020-06-30,5\n"  # row 5: another plan's indicator
        f"{indicator.pk},,\n"  # row 6: empty date and value
    )

    response = upload(client, plan, "measurements", csv_file(content))

    assert response.status_code == 400
    assert Measurement.objects.filter(indicator=indicator).count() == 1
    page = problems(response)
    assert (
        f"<td>3</td><td>date (B)</td><td>There is already a measurement of indicator {indicator.pk} on this date.</td>"
        in page
    )
    assert (
        "<td>4</td><td>date (B)</td><td>Row 2 already has a measurement of this indicator on this date.</td>"
        in page
    )
    assert "<td>5</td><td>indicator_id (A)</td><td>There is no indicator number" in page
    assert "<td>6</td><td>date (B)</td><td>This cell cannot be empty.</td>" in page
    assert "<td>6</td><td>value (C)</td><td>This cell cannot be empty.</td>" in page


def test_exported_measurements_cannot_be_imported_twice(client, published_plan, people):
    client.force_login(people["editor"])
    exported = client.get(url(published_plan, "xlsx")).content
    response = upload(
        client, published_plan, "measurements", SimpleUploadedFile("p.xlsx", exported)
    )
    assert response.status_code == 400
    assert "There is already a measurement of indicator" in problems(response)
    assert Measurement.objects.filter(indicator__plan=published_plan).count() == 1


def test_viewer_cannot_import_measurements(client, plan, people):
    indicator = IndicatorFactory(plan=plan)
    client.force_login(people["viewer"])
    response = upload(
        client,
        plan,
        "measurements",
        csv_file(f"indicator_id,date,value\n{indicator.pk},2020-01-01,1\n"),
    )
    assert response.status_code == 403
    assert not Measurement.objects.exists()


def test_import_does_not_touch_actions_of_other_plans(client, plan, people):
    other = ActionFactory(title=text(en="Elsewhere"))
    client.force_login(people["editor"])
    upload(client, plan, "actions", csv_file(f"id,title (en)\n{other.pk},Hijacked\n"))
    other.refresh_from_db()
    assert other.title.data == {"en": "Elsewhere"}
    assert Action.objects.filter(title__contains="Hijacked").count() == 0
