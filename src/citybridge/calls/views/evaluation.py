"""Evaluation pages: the coordinator's page of a call (eligibility, evaluators, ranking,
selection), the ranking as CSV/XLSX, the import of applications, and the evaluator's own list
and score form. Permissions: ``calls.manage_call`` on the call for the coordinator's pages,
``calls.evaluate_application`` for scoring (access.rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from citybridge.calls import evaluation, imports, services
from citybridge.calls.enums import ApplicationStatus, Decision
from citybridge.calls.evaluation_forms import (
    AssignForm,
    DecisionForm,
    EligibilityForm,
    ImportForm,
    ScoreForm,
)
from citybridge.calls.models import Application, Call, Evaluation
from citybridge.core.i18n import localize
from citybridge.core.tabular import XLSX_TYPE, render_csv, render_xlsx
from citybridge.core.views import require


def _call(request, slug) -> Call:
    call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
    require(request.user, "calls.manage_call", call)
    return call


def _application(call: Call, pk) -> Application:
    # Through the call, so ``application.call`` is the call already loaded.
    return get_object_or_404(call.applications.select_related("city"), pk=pk)


def _back(call: Call, application: Application | None = None) -> str:
    url = reverse("evaluation:call", kwargs={"slug": call.slug})
    return f"{url}#application-{application.pk}" if application else url


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- Coordinator: the call's applications, evaluators, ranking and selection -----------------


@require_safe
@login_required
def call_page(request, slug):
    call = _call(request, slug)
    criteria, results = evaluation.ranking(call)
    evaluators = evaluation.call_evaluators(call)
    entries = []
    for result in results:
        application = result.application
        assigned = {e.evaluation.evaluator_id for e in result.evaluators}
        entries.append(
            {
                "result": result,
                "eligibility_form": EligibilityForm(auto_id=f"eligibility-{application.pk}-%s"),
                "assign_form": AssignForm(
                    evaluators=[u for u in evaluators if u.pk not in assigned],
                    auto_id=f"assign-{application.pk}-%s",
                ),
            }
        )
    applications = [r.application for r in results]
    return render(
        request,
        "calls/evaluation_call.html",
        {
            "call": call,
            "criteria": criteria,
            "max_total": evaluation.max_total(criteria),
            "entries": entries,
            "ranked": [r for r in results if r.rank is not None],
            "evaluators": evaluators,
            "counts": {
                "applications": len(applications),
                "submitted": sum(a.status == ApplicationStatus.SUBMITTED for a in applications),
                "eligible": sum(r.eligibility.eligible for r in results),
                "received": sum(r.received for r in results),
                "assigned": sum(r.assigned for r in results),
                "selected": sum(a.decision == Decision.SELECTED for a in applications),
            },
        },
    )


@require_POST
@login_required
def set_eligibility(request, slug, pk):
    call = _call(request, slug)
    application = _application(call, pk)
    form = EligibilityForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose eligible or not eligible, and give the reason for the decision.")
        )
        return redirect(_back(call, application))
    try:
        services.override_eligibility(
            application,
            by=request.user,
            eligible=form.cleaned_data["eligible"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("The eligibility of %(city)s has been recorded.") % {"city": application.city},
        )
    return redirect(_back(call, application))


@require_POST
@login_required
def assign(request, slug, pk):
    call = _call(request, slug)
    application = _application(call, pk)
    form = AssignForm(request.POST, evaluators=evaluation.call_evaluators(call))
    if not form.is_valid():
        messages.error(request, _("Choose one of the evaluators of the call."))
        return redirect(_back(call, application))
    evaluator = form.cleaned_data["evaluator"]
    try:
        services.assign_evaluator(application, evaluator, by=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("%(evaluator)s will evaluate the application of %(city)s.")
            % {"evaluator": evaluation.evaluator_label(evaluator), "city": application.city},
        )
    return redirect(_back(call, application))


@require_POST
@login_required
def decide(request, slug, pk):
    call = _call(request, slug)
    application = _application(call, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose selected or not selected."))
        return redirect(_back(call, application))
    decision = Decision(form.cleaned_data["decision"])
    try:
        services.decide(application, by=request.user, decision=decision)
    except ValidationError as error:
        _error(request, error)
        return redirect(_back(call, application))
    contact = application.contact
    if contact is not None and contact.email:
        told = _("%(contact)s is being told by e-mail.") % {"contact": contact.name}
    else:
        told = _("The application has no contact e-mail address: please tell the city yourself.")
    messages.success(
        request,
        _("%(city)s: %(decision)s.") % {"city": application.city, "decision": decision.label}
        + " "
        + told,
    )
    return redirect(_back(call, application))


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_safe
@login_required
@never_cache
def ranking_csv(request, slug):
    call = _call(request, slug)
    criteria, results = evaluation.ranking(call)
    return _attachment(
        render_csv(evaluation.ranking_rows(criteria, results)),
        "text/csv; charset=utf-8",
        f"ranking-{call.slug}.csv",
    )


@require_safe
@login_required
@never_cache
def ranking_xlsx(request, slug):
    call = _call(request, slug)
    criteria, results = evaluation.ranking(call)
    return _attachment(
        render_xlsx(evaluation.ranking_rows(criteria, results), sheet_title=_("Ranking")),
        XLSX_TYPE,
        f"ranking-{call.slug}.xlsx",
    )


# --- Coordinator: import -------------------------------------------------------------------


@login_required
def import_applications(request, slug):
    call = _call(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                created = imports.import_applications(
                    call, form.cleaned_data["file"], by=request.user
                )
            except imports.ImportRefused as refused:
                problems = refused.problems
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s application has been imported.",
                        "%(count)s applications have been imported.",
                        len(created),
                    )
                    % {"count": len(created)},
                )
                return redirect(_back(call))
    return render(
        request,
        "calls/import.html",
        {
            "call": call,
            "form": form,
            "file_problems": [p for p in problems if p.row is None],
            "row_problems": [p for p in problems if p.row is not None],
            "problem_count": len(problems),
            "columns": imports.columns(),
            "max_rows": imports.MAX_ROWS,
            "max_mb": imports.import_limit_bytes() // (1024 * 1024),
            "theme_names": sorted(localize(t.name, "en").text for t in call.themes.all()),
        },
        status=status,
    )


@require_safe
@login_required
def import_template_csv(request, slug):
    call = _call(request, slug)
    return _attachment(
        render_csv(imports.template_rows()),
        "text/csv; charset=utf-8",
        f"applications-{call.slug}.csv",
    )


@require_safe
@login_required
def import_template_xlsx(request, slug):
    call = _call(request, slug)
    return _attachment(
        render_xlsx(imports.template_rows(), sheet_title=_("Applications")),
        XLSX_TYPE,
        f"applications-{call.slug}.xlsx",
    )


# --- Evaluator -----------------------------------------------------------------------------


@require_safe
@login_required
def mine(request):
    """The applications the user evaluates, by call (never those with a conflict)."""
    groups: dict = {}
    for item in evaluation.assigned_to(request.user):
        groups.setdefault(item.application.call, []).append(item)
    return render(request, "calls/evaluation_mine.html", {"groups": list(groups.items())})


@login_required
def score(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call", "city").prefetch_related("ranked_themes__theme"),
        pk=pk,
    )
    require(request.user, "calls.evaluate_application", application)
    own = get_object_or_404(
        Evaluation.objects.prefetch_related("scores"),
        application=application,
        evaluator=request.user,
    )
    criteria = list(application.call.criteria.all())
    locked = application.decision != Decision.PENDING
    form = ScoreForm(request.POST or None, criteria=criteria, evaluation=own)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                evaluation.save_scores(
                    own,
                    by=request.user,
                    scores=form.scores(),
                    comments=form.comments(),
                    comment=form.cleaned_data["comment"],
                    submit=form.submitting,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if form.submitting:
                    messages.success(request, _("Your evaluation has been submitted. Thank you."))
                    return redirect("evaluation:mine")
                messages.success(request, _("Your draft has been saved."))
                return redirect("evaluation:score", pk=application.pk)
    if locked:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "calls/evaluation_score.html",
        {
            "application": application,
            "evaluation": own,
            "form": form,
            "criteria": criteria,
            "locked": locked,
        },
        status=status,
    )
