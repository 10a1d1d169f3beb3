"""Writes on action plans: the workflow and frozen versions.

Saving the plan's texts (optimistic locking, translation stamps, history) is
``core.revisions``, as for every record people edit.

Workflow: draft → submitted → approved → in implementation → closed; a coordinator may send a
submitted (or approved) plan back to draft with a request for changes. Each submission and
approval freezes a ``PlanVersion``.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from citybridge.plans.enums import PlanStatus, VersionKind
from citybridge.plans.models import Action, ActionPlan, Comment, PlanVersion
from citybridge.plans.notices import tell_mentioned, tell_plan_step
from citybridge.plans.selectors import approval_activities
from citybridge.plans.snapshots import take_snapshot

# (from, to) → the permission it needs
TRANSITIONS = {
    (PlanStatus.DRAFT, PlanStatus.SUBMITTED): "plans.submit_plan",
    (PlanStatus.SUBMITTED, PlanStatus.APPROVED): "plans.approve_plan",
    (PlanStatus.SUBMITTED, PlanStatus.DRAFT): "plans.approve_plan",  # changes requested
    (PlanStatus.APPROVED, PlanStatus.DRAFT): "plans.approve_plan",
    (PlanStatus.APPROVED, PlanStatus.IN_IMPLEMENTATION): "plans.approve_plan",
    (PlanStatus.IN_IMPLEMENTATION, PlanStatus.CLOSED): "plans.approve_plan",
}


# --- Workflow -----------------------------------------------------------------------------


def _move(plan: ActionPlan, to: PlanStatus, *, by) -> None:
    needed = TRANSITIONS.get((PlanStatus(plan.status), to))
    if needed is None:
        raise ValidationError(
            _("A plan that is “%(from)s” cannot become “%(to)s”.")
            % {"from": plan.get_status_display(), "to": to.label}
        )
    if not by.has_perm(needed, plan):
        raise PermissionDenied


def _freeze(plan: ActionPlan, kind: VersionKind, *, by, at, activity=None) -> PlanVersion:
    number = (plan.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        kind=kind,
        snapshot=take_snapshot(plan),
        created_by=by,
        created_at=at,
        activity=activity,
    )


@transaction.atomic
def submit_plan(plan: ActionPlan, *, by, at: datetime | None = None) -> PlanVersion:
    """A city editor submits the draft (``at``: when, default now; the demo passes the
    historical date). Side effects: status submitted; version frozen."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _move(plan, PlanStatus.SUBMITTED, by=by)
    if not plan.actions.exists():
        raise ValidationError(_("A plan needs at least one action before it is submitted."))
    plan.status = PlanStatus.SUBMITTED
    plan.save(update_fields=["status", "updated_at"])
    tell_plan_step(plan, by=by)
    return _freeze(plan, VersionKind.SUBMITTED, by=by, at=at or timezone.now())


@transaction.atomic
def approve_plan(plan: ActionPlan, *, by, at: datetime | None = None, activity=None) -> PlanVersion:
    """A programme coordinator approves a submitted plan, optionally at an activity (e.g. an
    exchange meeting; ``selectors.approval_activities``, else ValidationError). Side effects:
    status approved; who/when/where recorded; version frozen."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _move(plan, PlanStatus.APPROVED, by=by)
    if activity is not None and not approval_activities(plan).filter(pk=activity.pk).exists():
        raise ValidationError(
            _(
                "The meeting where the plan was approved must be a public meeting of the "
                "programme or a meeting of this pairing."
            )
        )
    at = at or timezone.now()
    plan.status = PlanStatus.APPROVED
    plan.approved_at, plan.approved_by, plan.approved_during = at, by, activity
    plan.save(
        update_fields=["status", "approved_at", "approved_by", "approved_during", "updated_at"]
    )
    tell_plan_step(plan, by=by)
    return _freeze(plan, VersionKind.APPROVED, by=by, at=at, activity=activity)


@transaction.atomic
def request_changes(plan: ActionPlan, *, by, reason: str) -> Comment:
    """A coordinator sends the plan back to draft. Side effects: status draft; the reason is
    kept as a comment on the plan."""
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _move(plan, PlanStatus.DRAFT, by=by)
    if not reason.strip():
        raise ValidationError(_("Say what needs to change."))
    plan.status = PlanStatus.DRAFT
    plan.save(update_fields=["status", "updated_at"])
    tell_plan_step(plan, by=by)
    return Comment.objects.create(
        plan=plan, author=by, body=_("Changes requested: %(reason)s") % {"reason": reason}
    )


@transaction.atomic
def start_implementation(plan: ActionPlan, *, by, at: datetime | None = None) -> None:
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _move(plan, PlanStatus.IN_IMPLEMENTATION, by=by)
    plan.status = PlanStatus.IN_IMPLEMENTATION
    plan.save(update_fields=["status", "updated_at"])
    tell_plan_step(plan, by=by)


@transaction.atomic
def close_plan(plan: ActionPlan, *, by) -> None:
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    _move(plan, PlanStatus.CLOSED, by=by)
    plan.status = PlanStatus.CLOSED
    plan.save(update_fields=["status", "updated_at"])
    tell_plan_step(plan, by=by)


def latest_approved_version(plan: ActionPlan) -> PlanVersion | None:
    return (
        plan.versions.filter(kind=VersionKind.APPROVED)
        .select_related("activity")
        .order_by("-number")
        .first()
    )


def add_comment(*, plan: ActionPlan, by, body: str, action: Action | None = None) -> Comment:
    """A comment on the plan or one action; ``@username`` mentions of people who may see the
    plan are recorded (others are left as plain text) and each of them is notified."""
    import re

    from django.contrib.auth import get_user_model

    if not body.strip():
        raise ValidationError(_("Write something first."))
    comment = Comment.objects.create(plan=plan, action=action, author=by, body=body.strip())
    # Invited people's usernames are their e-mail addresses: "@name@city.example.jp" is one.
    names = set(re.findall(r"@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)", body))
    if names:
        users = get_user_model().objects.filter(username__in=names, is_active=True)
        comment.mentions.set([u for u in users if u.has_perm("plans.view_plan_workspace", plan)])
        tell_mentioned(comment)
    return comment


def next_action_order(plan: ActionPlan) -> int:
    return (plan.actions.aggregate(n=Max("order"))["n"] or 0) + 1
