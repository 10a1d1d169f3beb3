"""Who holds which role on a programme, pairing or city; inviting, changing and revoking.

Every page asks ``access.manage_roles`` on the programme, pairing or city (``access.rules``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from citybridge.access import services
from citybridge.access.enums import RoleKind
from citybridge.access.forms import InviteForm, RoleChangeForm
from citybridge.access.models import Invitation, Role, RoleEvent
from citybridge.core.views import require
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing
from citybridge.programmes.models import Programme

SCOPE_MODELS = {"programme": Programme, "pairing": Pairing, "city": City}


def _scope(request, scope: str, slug: str):
    obj = get_object_or_404(SCOPE_MODELS[scope], slug=slug)
    require(request.user, "access.manage_roles", obj)
    return obj


def roles_url(scope_obj) -> str:
    name = type(scope_obj).__name__.lower()
    return reverse(f"workspace:{name}_roles", kwargs={"slug": scope_obj.slug})


def _on(scope_obj) -> dict:
    return {type(scope_obj).__name__.lower(): scope_obj}


@login_required
@require_GET
def roles(request, scope: str, slug: str):
    """The roles held on a programme, pairing or city; pending invitations; the log."""
    scope_obj = _scope(request, scope, slug)
    on = _on(scope_obj)
    held = list(
        Role.objects.filter(**on)
        .select_related("user__person", "granted_by__person")
        .order_by("kind", "user__username")
    )
    for role in held:
        role.change_form = RoleChangeForm(
            initial={"kind": role.kind}, scope=scope_obj, auto_id=f"id_role{role.pk}_%s"
        )
    now = timezone.now()
    invitations = list(
        Invitation.objects.filter(accepted_at=None, withdrawn_at=None, **on)
        .select_related("invited_by__person")
        .order_by("-created_at")
    )
    for invitation in invitations:
        invitation.expired = invitation.expires_at <= now
    events = list(RoleEvent.objects.filter(**on).select_related("user__person", "by__person")[:100])
    return render(
        request,
        "access/roles.html",
        {
            "scope_obj": scope_obj,
            "scope": scope,
            "roles": held,
            "invitations": invitations,
            "events": events,
            "back_url": _back_url(scope_obj),
            "invite_url": reverse(f"workspace:{scope}_invite", kwargs={"slug": slug}),
        },
    )


def _back_url(scope_obj) -> str:
    if isinstance(scope_obj, Programme):
        return reverse("workspace:programme", kwargs={"slug": scope_obj.slug})
    if isinstance(scope_obj, City):
        return reverse("workspace:city", kwargs={"slug": scope_obj.slug})
    return reverse("workspace:pairing_edit", kwargs={"slug": scope_obj.slug})


@login_required
def invite(request, scope: str, slug: str):
    scope_obj = _scope(request, scope, slug)
    form = InviteForm(request.POST or None, scope=scope_obj)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invite_person(
                by=request.user,
                email=form.cleaned_data["email"],
                kind=RoleKind(form.cleaned_data["kind"]),
                scope=scope_obj,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("An invitation has been sent to %(email)s.") % {"email": invitation.email},
            )
            return redirect(roles_url(scope_obj))
    return render(
        request,
        "access/invite_form.html",
        {"form": form, "scope_obj": scope_obj, "cancel_url": roles_url(scope_obj)},
        status=400 if request.method == "POST" else 200,
    )


def _invitation(request, pk) -> Invitation:
    invitation = get_object_or_404(
        Invitation.objects.select_related("programme", "pairing", "city"), pk=pk
    )
    require(request.user, "access.manage_invitation", invitation)
    return invitation


@login_required
@require_POST
def invitation_resend(request, pk):
    invitation = _invitation(request, pk)
    try:
        services.resend_invitation(invitation=invitation, by=request.user)
        messages.success(
            request,
            _("The invitation has been sent again to %(email)s; the earlier link no longer works.")
            % {"email": invitation.email},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(roles_url(invitation.scope_object))


@login_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = _invitation(request, pk)
    try:
        services.withdraw_invitation(invitation=invitation, by=request.user)
        messages.success(
            request,
            _("The invitation to %(email)s has been withdrawn.") % {"email": invitation.email},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(roles_url(invitation.scope_object))


def _role(request, pk) -> Role:
    role = get_object_or_404(Role.objects.select_related("programme", "pairing", "city"), pk=pk)
    require(request.user, "access.manage_role", role)
    return role


@login_required
@require_POST
def role_change(request, pk):
    role = _role(request, pk)
    scope_obj = role.scope_object
    form = RoleChangeForm(request.POST, scope=scope_obj)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles listed."))
        return redirect(roles_url(scope_obj))
    try:
        services.change_role(role=role, kind=RoleKind(form.cleaned_data["kind"]), by=request.user)
        messages.success(request, _("The role has been changed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(roles_url(scope_obj))


@login_required
@require_POST
def role_revoke(request, pk):
    role = _role(request, pk)
    scope_obj = role.scope_object
    try:
        services.revoke_role(role=role, by=request.user)
        messages.success(request, _("The role has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(roles_url(scope_obj))
