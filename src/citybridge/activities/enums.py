from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    STUDY_TOUR = "study_tour", _("Study tour")
    EXCHANGE_MEETING = "exchange_meeting", _("Exchange meeting")
    STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
    WEBINAR = "webinar", _("Webinar or online exchange")
    TRAINING = "training", _("Training")
    SIGNING_CEREMONY = "signing_ceremony", _("Signing ceremony")
    OTHER = "other", _("Other activity")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class ParticipantRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    OFFICIAL = "official", _("Official")
    INTERPRETER = "interpreter", _("Interpreter")
    EXPERT = "expert", _("Expert")
    HOST = "host", _("Host")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Pairing members")
    STAFF = "staff", _("Programme staff")


class MaterialKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    DOCUMENT = "document", _("Document")
    PHOTO = "photo", _("Photo")
    MINUTES = "minutes", _("Minutes")
    LINK = "link", _("Link")


class DatePrecision(models.TextChoices):
    DAY = "day", _("Exact days known")
    MONTH = "month", _("Only the month is known")
