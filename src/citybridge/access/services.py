"""Giving, changing and taking roles, and inviting people to them by e-mail.

Every function checks the permission of ``by`` with the one rule module
(``access.manage_roles`` on the programme, pairing or city) and refuses with
``PermissionDenied``; refusals a person can act on are ``ValidationError`` with a
translated message. Every grant and revocation is recorded as a ``RoleEvent``.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from citybridge.access.enums import ROLE_SCOPE, RoleKind
from citybridge.access.models import Invitation, Role, RoleEvent
from citybridge.access.rules import forget_roles


class InvitationUnusable(Exception):
    """The link cannot be used: ``reason`` is "unknown", "used", "withdrawn" or "expired"."""

    def __init__(self, reason: str, invitation: Invitation | None = None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _scope_kwargs(kind: RoleKind, scope) -> dict:
    name = ROLE_SCOPE[RoleKind(kind)]
    if type(scope).__name__.lower() != name:
        raise ValidationError(_("This role is not held on a %(scope)s.") % {"scope": name})
    return {name: scope}


def _require(by, scope) -> None:
    if not by.has_perm("access.manage_roles", scope):
        raise PermissionDenied


def _record(role_or_invitation, *, user, action, by, at, invitation=None) -> RoleEvent:
    return RoleEvent.objects.create(
        user=user,
        kind=role_or_invitation.kind,
        programme_id=role_or_invitation.programme_id,
        pairing_id=role_or_invitation.pairing_id,
        city_id=role_or_invitation.city_id,
        action=action,
        by=by,
        at=at,
        invitation=invitation,
    )


# --- Roles -------------------------------------------------------------------------------


@transaction.atomic
def grant_role(*, user, kind: RoleKind, scope, by, at=None, invitation=None) -> Role:
    """Give ``user`` the role ``kind`` on ``scope``; nothing changes if they hold it already.

    Side effects: a ``Role`` (with since when and by whom), a "granted" ``RoleEvent``, and
    (unless accepting an invitation) a notification to the holder (``access.notices``).
    ``by`` must manage the roles of ``scope``, except when an invitation is accepted (the
    inviter was checked when inviting, and is recorded as the grantor).
    """
    if invitation is None:
        _require(by, scope)
    at = at or timezone.now()
    role, created = Role.objects.get_or_create(
        user=user,
        kind=kind,
        **_scope_kwargs(kind, scope),
        defaults={"granted_at": at, "granted_by": by},
    )
    if created:
        _record(
            role, user=user, action=RoleEvent.Action.GRANTED, by=by, at=at, invitation=invitation
        )
        forget_roles(user)
        if invitation is None:
            from citybridge.access.notices import tell_role_holder

            tell_role_holder(role, by=by)
    return role


def _check_not_last_coordinator(role: Role) -> None:
    if role.kind != RoleKind.PROGRAMME_COORDINATOR:
        return
    others = Role.objects.filter(
        kind=RoleKind.PROGRAMME_COORDINATOR, programme_id=role.programme_id
    ).exclude(pk=role.pk)
    if not others.exists():
        raise ValidationError(
            _(
                "A programme keeps at least one coordinator: give the role to someone else "
                "before removing the last one."
            )
        )


@transaction.atomic
def revoke_role(*, role: Role, by, at=None) -> None:
    """Take a role away. Refused for the last coordinator of a programme.

    Side effects: the ``Role`` is deleted and a "revoked" ``RoleEvent`` recorded.
    """
    _require(by, role.scope_object)
    # Lock the programme's coordinators, so two coordinators removing each other at once
    # cannot leave the programme with none.
    role = Role.objects.select_for_update().get(pk=role.pk)
    list(
        Role.objects.select_for_update().filter(
            kind=RoleKind.PROGRAMME_COORDINATOR, programme_id=role.programme_id
        )
    )
    _check_not_last_coordinator(role)
    _record(role, user=role.user, action=RoleEvent.Action.REVOKED, by=by, at=at or timezone.now())
    user = role.user
    role.delete()
    forget_roles(user)


@transaction.atomic
def change_role(*, role: Role, kind: RoleKind, by, at=None) -> Role:
    """Turn a role into another kind held on the same object (a city viewer into an editor).

    Side effects: as ``revoke_role`` then ``grant_role`` (two events at the same time).
    """
    if RoleKind(kind) == role.kind:
        return role
    scope = role.scope_object
    _scope_kwargs(kind, scope)  # the same kind of object, or refused
    at = at or timezone.now()
    user = role.user
    revoke_role(role=role, by=by, at=at)
    return grant_role(user=user, kind=kind, scope=scope, by=by, at=at)


# --- Invitations ---------------------------------------------------------------------------

# The language of each country, for an invitation to a city whose languages are not given.
COUNTRY_LANGUAGES = {
    "IT": "it",
    "JP": "ja",
    "DE": "de",
    "AT": "de",
    "ES": "es",
    "FR": "fr",
    "GR": "el",
    "CY": "el",
    "FI": "fi",
    "SE": "sv",
    "SK": "sk",
    "NL": "nl",
    "PT": "pt",
    "BR": "pt",
    "CN": "zh-hans",
    "KR": "ko",
    "GB": "en",
    "IE": "en",
    "US": "en",
}


def default_language(scope) -> str:
    """The language an invitation is written in unless the inviter chooses: for a city, its
    own language (its first working language, else its country's) if the site is translated
    into it; otherwise the site's default."""
    from citybridge.directory.models import City

    offered = {code for code, _name in settings.LANGUAGES}
    if isinstance(scope, City):
        wanted = [*(scope.languages or []), COUNTRY_LANGUAGES.get(scope.country.code, "")]
        for code in wanted:
            if isinstance(code, str) and code.lower() in offered:
                return code.lower()
    return settings.LANGUAGE_CODE


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


def _expiry(at):
    return at + timedelta(days=settings.CITYBRIDGE_INVITATION_DAYS)


def holds_role(email: str, kind, scope) -> bool:
    return Role.objects.filter(
        user__email__iexact=email, kind=kind, **_scope_kwargs(kind, scope)
    ).exists()


@transaction.atomic
def invite_person(*, by, email: str, kind: RoleKind, scope, language: str = "", at=None):
    """Invite ``email`` to take the role ``kind`` on ``scope``, and send the e-mail.

    Refused when the address already holds the role or has a pending invitation to it.
    Returns the ``Invitation``, with the link's secret on ``invitation.token`` (it is not
    stored; only its hash is). Side effects: an ``Invitation``; an e-mail (HTML and plain
    text) to ``email`` in ``language`` (default: ``default_language(scope)``), sent last.
    """
    from citybridge.access.emails import send_invitation

    _require(by, scope)
    email = get_user_model().objects.normalize_email(email.strip())
    scoped = _scope_kwargs(kind, scope)
    if holds_role(email, kind, scope):
        raise ValidationError(_("%(email)s already has this role.") % {"email": email})
    at = at or timezone.now()
    pending = Invitation.objects.filter(
        email__iexact=email,
        kind=kind,
        accepted_at=None,
        withdrawn_at=None,
        expires_at__gt=at,
        **scoped,
    )
    if pending.exists():
        raise ValidationError(
            _("%(email)s has already been invited to this role: send the invitation again below.")
            % {"email": email}
        )
    offered = {code for code, _name in settings.LANGUAGES}
    invitation = Invitation(
        email=email,
        kind=kind,
        language=language if language in offered else default_language(scope),
        invited_by=by,
        created_at=at,
        expires_at=_expiry(at),
        **scoped,
    )
    token = _new_token(invitation)
    invitation.save()
    invitation.token = token
    # Sent last: nothing after it can fail and leave an e-mail about an invitation not saved.
    send_invitation(invitation, token)
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, by, at=None) -> Invitation:
    """Send a pending (or expired) invitation again with a new link and a new expiry.

    The earlier e-mail's link stops working. Refused for an accepted or withdrawn invitation.
    Side effects: new ``token_hash``, ``resent_at`` and ``expires_at``; the e-mail.
    """
    from citybridge.access.emails import send_invitation

    _require(by, invitation.scope_object)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ValidationError(_("This invitation has been used or withdrawn; invite again."))
    at = at or timezone.now()
    token = _new_token(invitation)
    invitation.resent_at = at
    invitation.expires_at = _expiry(at)
    invitation.save(update_fields=["token_hash", "resent_at", "expires_at"])
    invitation.token = token
    send_invitation(invitation, token)
    return invitation


@transaction.atomic
def withdraw_invitation(*, invitation: Invitation, by, at=None) -> Invitation:
    """Withdraw an invitation not accepted yet: its link then says so and grants nothing.

    Side effects: ``withdrawn_at`` and ``withdrawn_by``.
    """
    _require(by, invitation.scope_object)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = at or timezone.now()
        invitation.withdrawn_by = by
        invitation.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return invitation


def find_invitation(token: str, *, at=None, lock=False) -> Invitation:
    """The invitation of a link, or ``InvitationUnusable`` saying why it cannot be used."""
    invitations = Invitation.objects.select_related("programme", "pairing", "city", "invited_by")
    if lock:
        # Only the invitation's row: PostgreSQL cannot lock the optional side of a join.
        invitations = invitations.select_for_update(of=("self",))
    invitation = invitations.filter(token_hash=hash_token(token or "")).first()
    if invitation is None:
        raise InvitationUnusable("unknown")
    if invitation.accepted_at:
        raise InvitationUnusable("used", invitation)
    if invitation.withdrawn_at:
        raise InvitationUnusable("withdrawn", invitation)
    if invitation.expires_at <= (at or timezone.now()):
        raise InvitationUnusable("expired", invitation)
    return invitation


def account_for(email: str):
    """The account of an address (its username or its e-mail), if there is one."""
    User = get_user_model()
    return (
        User.objects.filter(username__iexact=email).first()
        or User.objects.filter(email__iexact=email).order_by("pk").first()
    )


def _person_for(user, invitation: Invitation, name: str):
    """The directory record of the new role holder: theirs, one with their address, or new.

    For a city role the person belongs to the city (its first department, made if it has
    none), unless they already belong to an organisation."""
    from citybridge.directory.enums import OrganisationKind
    from citybridge.directory.models import Organisation, Person

    person = Person.objects.filter(user=user).first()
    if person is None:
        found = Person.objects.filter(email__iexact=invitation.email, user=None).order_by("pk")
        # Someone of the invited city first: the same address may be listed by two cities.
        person = (
            invitation.city_id and found.filter(organisation__city_id=invitation.city_id).first()
        ) or found.first()
    if person is None:
        person = Person(name=name or invitation.email, email=invitation.email)
    person.user = user
    if not person.email:
        person.email = invitation.email
    if invitation.city_id and person.organisation_id is None:
        city = invitation.city
        person.organisation = (
            city.organisations.filter(kind=OrganisationKind.CITY_DEPARTMENT).order_by("pk").first()
            or city.organisations.order_by("pk").first()
            or Organisation.objects.create(
                name=city.name, kind=OrganisationKind.CITY_DEPARTMENT, city=city
            )
        )
    person._history_user = user
    person.save()
    return person


def _set_language(user, language: str, *, new_account: bool) -> None:
    """The invitation's language becomes the invitee's, unless they had chosen one."""
    from citybridge.accounts.services import preferences_of, set_preferences

    if new_account or not preferences_of(user).language:
        set_preferences(user=user, language=language)


@transaction.atomic
def accept_invitation(*, token: str, user=None, password: str = "", name: str = "", at=None):
    """Accept an invitation: the account, the person record and the role.

    With ``user`` (signed in, with the invited address) the role is added to that account;
    without, a new account is made (username and e-mail: the invited address, ``password``)
    — refused if the address already has one (they sign in first). Raises
    ``InvitationUnusable`` for a used, withdrawn, expired or unknown link, and grants nothing.
    Returns the ``Role``. Side effects: maybe a ``User``; a ``directory.Person`` linked to
    the account (created, or found by address); the role, granted by the inviter; the
    invitation marked accepted; the invitee's language as their preference.
    """
    at = at or timezone.now()
    invitation = find_invitation(token, at=at, lock=True)
    new_account = user is None
    if new_account:
        if account_for(invitation.email) is not None:
            raise ValidationError(
                _("An account with this address exists already: sign in to accept.")
            )
        User = get_user_model()
        user = User(username=invitation.email, email=invitation.email, first_name=name[:150])
        user.set_password(password)
        user.save()
    elif (user.email or "").lower() != invitation.email.lower() and (
        user.username.lower() != invitation.email.lower()
    ):
        raise ValidationError(
            _("This invitation is for %(email)s: sign in with that address to accept it.")
            % {"email": invitation.email}
        )
    _person_for(user, invitation, name)
    role = grant_role(
        user=user,
        kind=invitation.kind,
        scope=invitation.scope_object,
        by=invitation.invited_by,
        at=at,
        invitation=invitation,
    )
    invitation.accepted_at = at
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    _set_language(user, invitation.language, new_account=new_account)
    return role


@transaction.atomic
def start_programme(form, *, by):
    """Save a new programme from its form and make ``by`` its first coordinator.

    Only for a programme that has no coordinator yet (the page asks
    ``programmes.add_programme`` first). Side effects: the programme and its first history
    record; the coordinator role and its "granted" event.
    """
    from citybridge.core.revisions import save_form

    programme = save_form(form, by=by)
    if Role.objects.filter(kind=RoleKind.PROGRAMME_COORDINATOR, programme=programme).exists():
        raise PermissionDenied
    at = timezone.now()
    role = Role.objects.create(
        user=by,
        kind=RoleKind.PROGRAMME_COORDINATOR,
        programme=programme,
        granted_at=at,
        granted_by=by,
    )
    _record(role, user=by, action=RoleEvent.Action.GRANTED, by=by, at=at)
    forget_roles(by)
    return programme
