from django.db import models
from django.utils.translation import gettext_lazy as _


class RoleKind(models.TextChoices):
    PROGRAMME_COORDINATOR = "programme_coordinator", _("Programme coordinator")
    PAIRING_COORDINATOR = "pairing_coordinator", _("Pairing coordinator")
    CITY_EDITOR = "city_editor", _("City editor")
    CITY_VIEWER = "city_viewer", _("City viewer")
    EVALUATOR = "evaluator", _("Evaluator")


# Which object each kind of role is held on: exactly this one of programme/pairing/city is set.
ROLE_SCOPE = {
    RoleKind.PROGRAMME_COORDINATOR: "programme",
    RoleKind.PAIRING_COORDINATOR: "pairing",
    RoleKind.CITY_EDITOR: "city",
    RoleKind.CITY_VIEWER: "city",
    RoleKind.EVALUATOR: "programme",
}
