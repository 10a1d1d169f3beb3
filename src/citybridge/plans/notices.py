"""Who is told about what happens to a plan: mentions in comments and workflow steps.

Each recipient's notification names the pairing in their own language; the message itself
is translated when it is shown or e-mailed (``notifications.services.notify``).
"""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from citybridge.access.enums import RoleKind
from citybridge.access.models import Role
from citybridge.accounts.enums import Topic
from citybridge.accounts.services import language_of
from citybridge.plans.enums import PlanStatus

STEP_MESSAGES = {
    PlanStatus.SUBMITTED: gettext_noop("%(actor)s submitted the action plan of %(pairing)s."),
    PlanStatus.APPROVED: gettext_noop("%(actor)s approved the action plan of %(pairing)s."),
    PlanStatus.DRAFT: gettext_noop(
        "%(actor)s asked for changes to the action plan of %(pairing)s."
    ),
    PlanStatus.IN_IMPLEMENTATION: gettext_noop(
        "The action plan of %(pairing)s is now being implemented."
    ),
    PlanStatus.CLOSED: gettext_noop("%(actor)s closed the action plan of %(pairing)s."),
}


def _actor(user) -> str:
    try:
        return user.person.name
    except Exception:  # noqa: BLE001 - no person linked: the account's own name
        return user.get_full_name() or user.get_username()


def _tell(users, *, by, topic, message, plan, link) -> int:
    # Imported here: notifications sits above access (its reminders read roles), which reads
    # plans; a module-level import would make the apps import one another in a circle.
    from citybridge.notifications.services import notify

    told, seen = 0, set()
    for user in users:
        if user.pk in seen or (by is not None and user.pk == by.pk):
            continue
        seen.add(user.pk)
        with translation.override(language_of(user)):
            params = {"actor": _actor(by) if by else "", "pairing": str(plan.pairing)}
        told += (
            notify(recipient=user, topic=topic, message=message, params=params, link=link)
            is not None
        )
    return told


def tell_mentioned(comment) -> int:
    """Notify each person mentioned in ``comment`` (not its author). Returns how many."""
    plan = comment.plan
    link = reverse("workspace:plan", kwargs={"pk": plan.pk}) + f"#comment-{comment.pk}"
    return _tell(
        comment.mentions.all(),
        by=comment.author,
        topic=Topic.MENTION,
        message=gettext_noop(
            "%(actor)s mentioned you in a comment on the action plan of %(pairing)s."
        ),
        plan=plan,
        link=link,
    )


def tell_plan_step(plan, *, by) -> int:
    """Notify who acts next after ``plan`` moved to its current status: the programme's
    coordinators when it is submitted, the editors of the pairing's cities otherwise (never
    the person who moved it). Returns how many were told."""
    if plan.status == PlanStatus.SUBMITTED:
        roles = Role.objects.filter(
            kind=RoleKind.PROGRAMME_COORDINATOR, programme_id=plan.pairing.programme_id
        )
    else:
        roles = Role.objects.filter(
            kind=RoleKind.CITY_EDITOR,
            city__in=plan.pairing.memberships.values("city"),
        )
    users = [role.user for role in roles.select_related("user").order_by("user_id")]
    return _tell(
        users,
        by=by,
        topic=Topic.PLAN_STEP,
        message=STEP_MESSAGES[PlanStatus(plan.status)],
        plan=plan,
        link=reverse("workspace:plan", kwargs={"pk": plan.pk}),
    )
