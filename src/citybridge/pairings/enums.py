from django.db import models
from django.utils.translation import gettext_lazy as _


class PairingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")


# Proposed pairings are internal: only the programme staff and the cities concerned see them.
PUBLIC_STATUSES = (PairingStatus.ACTIVE, PairingStatus.COMPLETED)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED = "signed", _("Signed")
    EXPIRED = "expired", _("Expired")
