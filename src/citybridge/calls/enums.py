from django.db import models
from django.utils.translation import gettext_lazy as _


class Side(models.TextChoices):
    A = "a", _("First region")
    B = "b", _("Second region")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Decision(models.TextChoices):
    PENDING = "pending", _("Not decided")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


class LockKind(models.TextChoices):
    LOCKED = "locked", _("Locked: always pair them")
    FORBIDDEN = "forbidden", _("Forbidden: never pair them")
