"""Workspace pages for the joint action plan: co-writing, workflow, versions, monitoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.core.history_views import record_history
from citybridge.core.i18n import i18n, localize
from citybridge.core.revisions import needs_translation, save_form, save_formset
from citybridge.core.views import form_page, form_status, require, try_save
from citybridge.pairings.models import Pairing
from citybridge.plans import selectors, services
from citybridge.plans.forms import (
    ActionForm,
    ActionStepFormSet,
    ApprovalForm,
    CommentForm,
    IndicatorForm,
    MeasurementForm,
    PlanForm,
    ProgressUpdateForm,
    RequestChangesForm,
)
from citybridge.plans.models import Action, ActionPlan, Indicator
from citybridge.plans.snapshots import diff_snapshots


def _plan(request, pk, permission="plans.view_plan_workspace") -> ActionPlan:
    plan = get_object_or_404(ActionPlan.objects.select_related("pairing__programme"), pk=pk)
    require(request.user, permission, plan)
    return plan


def _plan_url(plan) -> str:
    return reverse("workspace:plan", kwargs={"pk": plan.pk})


@login_required
def plan_for_pairing(request, slug):
    """The pairing's plan, or the page to start it."""
    pairing = get_object_or_404(
        Pairing.objects.select_related("programme").with_cities(), slug=slug
    )
    plan = selectors.plan_for_pairing(pairing)
    if plan is not None:
        # Checked before redirecting, so an outsider does not learn the plan's number.
        require(request.user, "plans.view_plan_workspace", plan)
        return redirect(_plan_url(plan))
    require(request.user, "plans.start_plan", pairing)
    if request.method == "POST":
        names = {
            code: " – ".join(localize(m.city.name, code).text for m in pairing.ordered_memberships)
            for code in ("en", "it", "ja")
        }
        plan = ActionPlan.objects.create(
            pairing=pairing,
            title=i18n(
                en=f"Urban Cooperation Action Plan {names['en']}",
                it=f"Piano d'azione di cooperazione urbana {names['it']}",
                ja=f"都市協力行動計画 {names['ja']}",
            ),
        )
        messages.success(request, _("The action plan has been started."))
        return redirect(reverse("workspace:plan_edit", kwargs={"pk": plan.pk}))
    return render(request, "plans/plan_start.html", {"pairing": pairing})


@login_required
def plan(request, pk):
    plan = _plan(request, pk)
    actions = selectors.actions_with_progress(plan)
    user = request.user
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "groups": selectors.by_theme(actions),
            "indicators": selectors.indicators_with_latest(plan),
            "versions": list(
                plan.versions.select_related("created_by", "activity").order_by("-number")
            ),
            "comments": list(plan.comments.select_related("author", "action")),
            "comment_form": CommentForm(),
            "can_edit": plan.is_editable and user.has_perm("plans.edit_plan", plan),
            "can_submit": plan.status == "draft" and user.has_perm("plans.submit_plan", plan),
            "can_approve": user.has_perm("plans.approve_plan", plan),
            "can_report": plan.status == "in_implementation"
            and user.has_perm("plans.report_progress", plan),
            "approval_form": ApprovalForm(
                plan=plan, initial={"approved_on": timezone.now().date()}
            ),
            "changes_form": RequestChangesForm(),
            "needs": _needs_translation(plan, actions),
        },
    )


def _needs_translation(plan, actions) -> list[str]:
    """'Objectives (日本語)'-style notes for every text whose other language changed later."""
    from django.conf import settings

    notes = []
    names = dict(settings.LANGUAGES)
    for obj, fields in [
        (plan, PlanForm.TEXT_FIELDS),
        *[(a, ActionForm.TEXT_FIELDS) for a in actions],
    ]:
        for name in fields:
            for code in names:
                if needs_translation(obj, name, code):
                    label = obj._meta.get_field(name).verbose_name
                    notes.append(f"{obj} · {label} ({names[code]})")
    return notes


def _edit(request, form, *, template, context, back, steps=None):
    """Save with optimistic locking (``core.revisions``); a stale save is refused with 409 and
    the other person's changes listed. ``steps``: the action's milestones formset, saved in
    the same transaction, each milestone against the revision it was opened at."""
    if request.method == "POST":
        valid = form.is_valid()
        if steps is not None:
            valid = steps.is_valid() and valid
        if valid and try_save(form, by=request.user, save=_save_with_steps(request, steps)):
            messages.success(request, _("Saved."))
            return redirect(back)
    forms = [form, *(steps.forms if steps is not None else [])]
    return render(request, template, {"form": form, **context}, status=form_status(request, *forms))


def _save_with_steps(request, steps):
    def save(form):
        with transaction.atomic():
            saved = save_form(form, by=request.user, skip_unchanged=steps is not None)
            if steps is not None:
                steps.instance = saved
                save_formset(steps, by=request.user)
        return saved

    return save


def _require_draft(plan):
    if not plan.is_editable:
        raise PermissionDenied(_("Only a draft plan can be edited."))


@login_required
def plan_edit(request, pk):
    plan = _plan(request, pk, "plans.edit_plan")
    _require_draft(plan)
    form = PlanForm(request.POST or None, instance=plan)
    return _edit(
        request,
        form,
        template="plans/plan_form.html",
        context={"plan": plan},
        back=_plan_url(plan),
    )


@login_required
def action_edit(request, pk=None, plan_pk=None):
    if pk is not None:
        action = get_object_or_404(Action.objects.select_related("plan__pairing__programme"), pk=pk)
        plan = action.plan
        require(request.user, "plans.edit_plan", plan)
    else:
        plan = _plan(request, plan_pk, "plans.edit_plan")
        action = Action(plan=plan, order=services.next_action_order(plan))
    _require_draft(plan)
    form = ActionForm(request.POST or None, instance=action, plan=plan)
    steps = ActionStepFormSet(request.POST or None, instance=action, prefix="steps")
    return _edit(
        request,
        form,
        template="plans/action_form.html",
        context={"plan": plan, "action": action if pk else None, "steps": steps},
        back=_plan_url(plan),
        steps=steps,
    )


@login_required
@require_POST
def plan_transition(request, pk, transition):
    plan = _plan(request, pk)
    try:
        if transition == "submit":
            services.submit_plan(plan, by=request.user)
            messages.success(
                request, _("The plan has been submitted to the programme coordinators.")
            )
        elif transition == "approve":
            form = ApprovalForm(request.POST, plan=plan)
            if not form.is_valid():
                raise ValidationError(_("Give the date of the approval."))
            at = timezone.make_aware(
                timezone.datetime.combine(
                    form.cleaned_data["approved_on"], timezone.datetime.min.time().replace(hour=12)
                )
            )
            services.approve_plan(
                plan, by=request.user, at=at, activity=form.cleaned_data["activity"]
            )
            messages.success(request, _("The plan has been approved."))
        elif transition == "request_changes":
            form = RequestChangesForm(request.POST)
            services.request_changes(plan, by=request.user, reason=form.data.get("reason", ""))
            messages.success(request, _("The plan is back in draft with your request."))
        elif transition == "implement":
            services.start_implementation(plan, by=request.user)
            messages.success(request, _("The plan is now in implementation."))
        elif transition == "close":
            services.close_plan(plan, by=request.user)
            messages.success(request, _("The plan has been closed."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_plan_url(plan))


@login_required
def versions_compare(request, pk):
    plan = _plan(request, pk)
    versions = list(plan.versions.order_by("number"))
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("from", versions[0].number if versions else 0))]
        new = by_number[int(request.GET.get("to", versions[-1].number if versions else 0))]
    except (KeyError, ValueError):
        old = new = None
    diff = diff_snapshots(old.snapshot, new.snapshot, get_language()) if old and new else None
    return render(
        request,
        "plans/plan_versions.html",
        {"plan": plan, "versions": versions, "old": old, "new": new, "diff": diff},
    )


@login_required
@require_POST
def comment_new(request, pk):
    plan = _plan(request, pk, "plans.comment_plan")
    action = None
    if request.POST.get("action"):
        action = get_object_or_404(Action, pk=request.POST["action"], plan=plan)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.add_comment(
            plan=plan, by=request.user, body=form.cleaned_data["body"], action=action
        )
        messages.success(request, _("Your comment has been added."))
    else:
        messages.error(request, _("The comment is empty or too long."))
    return redirect(_plan_url(plan) + "#comments")


@login_required
def progress_new(request, pk):
    action = get_object_or_404(Action.objects.select_related("plan__pairing__programme"), pk=pk)
    require(request.user, "plans.report_progress", action.plan)
    if action.plan.status != "in_implementation":
        raise PermissionDenied(_("Progress is reported once the plan is in implementation."))
    form = ProgressUpdateForm(request.POST or None, initial={"date": timezone.now().date()})
    form.instance.action = action
    form.instance.author = request.user
    return form_page(
        request,
        form,
        "plans/plan_item_form.html",
        {"plan": action.plan, "heading": action},
        message=_("The progress update has been recorded."),
        success_url=_plan_url(action.plan),
    )


@login_required
def indicator_edit(request, pk=None, plan_pk=None):
    if pk:
        indicator = get_object_or_404(
            Indicator.objects.select_related("plan__pairing__programme"), pk=pk
        )
        plan = indicator.plan
    else:
        plan = get_object_or_404(
            ActionPlan.objects.select_related("pairing__programme"), pk=plan_pk
        )
        indicator = Indicator(plan=plan)
    require(request.user, "plans.report_progress", plan)
    return form_page(
        request,
        IndicatorForm(request.POST or None, instance=indicator, plan=plan),
        "plans/plan_item_form.html",
        {"plan": plan, "heading": indicator if pk else _("New indicator")},
        message=_("The indicator has been saved."),
        success_url=_plan_url(plan) + "#indicators",
    )


@login_required
def measurement_new(request, pk):
    indicator = get_object_or_404(
        Indicator.objects.select_related("plan__pairing__programme"), pk=pk
    )
    require(request.user, "plans.report_progress", indicator.plan)
    form = MeasurementForm(request.POST or None, indicator=indicator)
    form.instance.recorded_by = request.user
    return form_page(
        request,
        form,
        "plans/plan_item_form.html",
        {"plan": indicator.plan, "heading": indicator},
        message=_("The measurement has been recorded."),
        success_url=_plan_url(indicator.plan) + "#indicators",
    )


@login_required
def history(request, pk):
    """Who changed what and when, in the plan, its actions and indicators (the history page
    every record has, at the plan's own address)."""
    return record_history(request, "plans.actionplan", pk)
