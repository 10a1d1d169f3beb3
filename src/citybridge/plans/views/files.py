"""Downloads of an action plan (PDF "at a glance", full PDF, XLSX) and spreadsheet imports.

Who gets what:
- the PDFs: anyone for a published plan (approved, in implementation, closed:
  ``plans.view_published_plan``); a draft or submitted plan only for the people of its
  workspace (``plans.view_plan_workspace``). The public gets "not found" for a plan that is
  not published, a logged-in user without access "forbidden";
- the XLSX workbook: the plan's workspace (it holds unpublished work);
- imports: actions for the plan's city editors while the plan is a draft
  (``plans.edit_plan``), measurements for whoever reports progress (``plans.report_progress``).
"""

from itertools import groupby

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe

from citybridge.core.forms import CityBridgeForm
from citybridge.core.tabular import XLSX_TYPE
from citybridge.core.views import require
from citybridge.plans import pdf, spreadsheets
from citybridge.plans.models import ActionPlan


class ImportKind(models.TextChoices):
    ACTIONS = "actions", gettext_lazy("Actions (create or update)")
    MEASUREMENTS = "measurements", gettext_lazy("Measurements of indicators (add)")


class ImportForm(CityBridgeForm):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"))
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, kinds: list[ImportKind], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _readable_plan(request, pk: int) -> ActionPlan:
    plan = pdf.plan_for_files(pk)
    permission = "plans.view_published_plan" if plan.is_published else "plans.view_plan_workspace"
    if not request.user.has_perm(permission, plan):
        # Like a proposed pairing's page: the public gets "not found", not a hint it exists.
        if not request.user.is_authenticated:
            raise Http404
        raise PermissionDenied
    return plan


@require_safe
@cache_control(private=True)
def glance_pdf(request, pk):
    """ "Plan at a glance", one or two pages, in the language of the address."""
    plan = _readable_plan(request, pk)
    language = get_language()
    return _attachment(
        pdf.render_glance_pdf(plan, language=language),
        "application/pdf",
        f"plan-{plan.pk}-glance-{language}.pdf",
    )


@require_safe
@cache_control(private=True)
def full_pdf(request, pk):
    """The whole plan, in the language of the address."""
    plan = _readable_plan(request, pk)
    language = get_language()
    return _attachment(
        pdf.render_full_pdf(plan, language=language),
        "application/pdf",
        f"plan-{plan.pk}-{language}.pdf",
    )


@require_safe
@login_required
@never_cache
def xlsx(request, pk):
    plan = pdf.plan_for_files(pk)
    require(request.user, "plans.view_plan_workspace", plan)
    return _attachment(spreadsheets.render_plan_workbook(plan), XLSX_TYPE, f"plan-{plan.pk}.xlsx")


def _column_help(columns) -> list[dict]:
    """The import page's list of columns: one line per field, its languages together."""
    return [
        {
            "headers": [c.header for c in group],
            "help": group[0].help,
            "required": group[0].required,
        }
        for group in (list(g) for _field, g in groupby(columns, key=lambda c: (c.field, c.help)))
    ]


def _column_sections(kinds) -> list[dict]:
    sections = []
    if ImportKind.ACTIONS in kinds:
        sections.append(
            {
                "kind": "actions",
                "title": _("Columns for actions"),
                "columns": _column_help(spreadsheets.action_columns()),
            }
        )
    if ImportKind.MEASUREMENTS in kinds:
        sections.append(
            {
                "kind": "measurements",
                "title": _("Columns for measurements"),
                "columns": _column_help(spreadsheets.measurement_columns()),
            }
        )
    return sections


@login_required
@never_cache
def import_file(request, pk):
    """GET: the form and the columns each kind of file may have. POST: import, all or
    nothing; a refused file shows every problem with its row and column (status 400)."""
    plan = pdf.plan_for_files(pk)
    user = request.user
    may_edit = user.has_perm("plans.edit_plan", plan)
    may_report = user.has_perm("plans.report_progress", plan)
    if not (may_edit or may_report):
        raise PermissionDenied
    kinds = []
    if may_edit and plan.is_editable:
        kinds.append(ImportKind.ACTIONS)
    if may_report:
        kinds.append(ImportKind.MEASUREMENTS)
    form = ImportForm(request.POST or None, request.FILES or None, kinds=kinds)
    problems: list[spreadsheets.Problem] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            importer = (
                spreadsheets.import_actions
                if kind == ImportKind.ACTIONS
                else spreadsheets.import_measurements
            )
            try:
                result = importer(plan, form.cleaned_data["file"], by=user)
            except spreadsheets.ImportRefused as refused:
                problems = refused.problems
            else:
                messages.success(request, _summary(kind, result))
                return redirect(request.path)
    return render(
        request,
        "plans/import.html",
        {
            "plan": plan,
            "form": form,
            "file_problems": [p for p in problems if p.row is None],
            "row_problems": [p for p in problems if p.row is not None],
            "problem_count": len(problems),
            "actions_wait_for_draft": may_edit and not plan.is_editable,
            "column_sections": _column_sections(kinds),
            "max_rows": spreadsheets.MAX_IMPORT_ROWS,
            "max_mb": spreadsheets.import_limit_mb(),
        },
        status=status,
    )


def _summary(kind: str, result: spreadsheets.ImportResult) -> str:
    if kind == ImportKind.ACTIONS:
        return _(
            "The actions have been imported: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged."
        ) % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
    return _("The measurements have been imported: %(created)s added.") % {
        "created": result.created
    }
