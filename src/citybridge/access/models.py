from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from citybridge.access.enums import ROLE_SCOPE, RoleKind

SCOPES = ("programme", "pairing", "city")


class ScopedToRoleKind:
    """A role, a grant of one or an invitation to one: its ``kind`` says which of
    ``programme``/``pairing``/``city`` it is held on (``enums.ROLE_SCOPE``)."""

    @property
    def scope_object(self):
        return getattr(self, ROLE_SCOPE[RoleKind(self.kind)])


class Role(ScopedToRoleKind, models.Model):
    """A user's role on one programme, pairing or city.

    Roles are the only input of the permission rules in ``citybridge.access.rules``;
    a user may hold several (e.g. editor of Ancona and evaluator in another programme).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=32, choices=RoleKind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("programme"),
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("pairing"),
    )
    city = models.ForeignKey(
        "directory.City",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roles",
        verbose_name=_("city"),
    )
    # Empty for roles given before grants were recorded (in the Django admin).
    granted_at = models.DateTimeField(_("since"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        # The table keeps the name it had when roles lived in ``core`` (moved by state only).
        db_table = "core_role"
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "programme", "pairing", "city"], name="unique_role"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.get_kind_display()} · {self.scope_object}"

    def clean(self):
        wanted = ROLE_SCOPE[RoleKind(self.kind)] if self.kind else None
        for scope in SCOPES:
            has = getattr(self, f"{scope}_id") is not None
            name = self._meta.get_field(scope).related_model._meta.verbose_name
            if scope == wanted and not has:
                raise ValidationError({scope: _("This role needs a %(scope)s.") % {"scope": name}})
            if scope != wanted and has:
                raise ValidationError(
                    {scope: _("This role is not held on a %(scope)s.") % {"scope": name}}
                )


class RoleEvent(ScopedToRoleKind, models.Model):
    """One grant or revocation of a role: who gave or took which role from whom, and when.

    Kept after the role itself is gone (the role pages show "since when, granted by whom" from
    the latest grant, and the whole log underneath); rows are only ever added.
    """

    class Action(models.TextChoices):
        GRANTED = "granted", _("granted")
        REVOKED = "revoked", _("revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_events",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("role"), max_length=32, choices=RoleKind.choices)
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    pairing = models.ForeignKey(
        "pairings.Pairing", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    city = models.ForeignKey(
        "directory.City", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    action = models.CharField(_("what happened"), max_length=16, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), db_index=True)
    invitation = models.ForeignKey(
        "Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("role grant or revocation")
        verbose_name_plural = _("role grants and revocations")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.action} {self.get_kind_display()} · {self.user}"


class Invitation(ScopedToRoleKind, models.Model):
    """An e-mail invitation to take a role; accepting it grants the role.

    Only a hash of the link's secret is stored (``token_hash``): a copy of the database does
    not let anyone accept an invitation. A link is good until ``expires_at`` and only once;
    resending makes a new secret, so the earlier e-mail's link stops working.
    """

    email = models.EmailField(_("e-mail"))
    kind = models.CharField(_("role"), max_length=32, choices=RoleKind.choices)
    programme = models.ForeignKey(
        "programmes.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("programme"),
    )
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("pairing"),
    )
    city = models.ForeignKey(
        "directory.City",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("city"),
    )
    language = models.CharField(_("language of the e-mail"), max_length=8)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("expires"))
    resent_at = models.DateTimeField(_("sent again"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.email} · {self.get_kind_display()} · {self.scope_object}"

    def is_pending(self, at=None) -> bool:
        from django.utils import timezone

        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > (at or timezone.now())
        )
