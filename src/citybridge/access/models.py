from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from citybridge.access.enums import ROLE_SCOPE, RoleKind

SCOPES = ("programme", "pairing", "city")


class Role(models.Model):
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

    @property
    def scope_object(self):
        return getattr(self, ROLE_SCOPE[RoleKind(self.kind)])
