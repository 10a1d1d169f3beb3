"""What a person can be told about, and how they want to be told."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    """Kinds of notification a person can choose a delivery for (``AccountSettings``)."""

    MENTION = "mention", _("Mentions in plan comments")
    ASSIGNMENT = "assignment", _("Assignments (applications to evaluate)")
    INVITATION = "invitation", _("Invitations and roles")
    PLAN_STEP = "plan_step", _("Plan workflow steps")
    UPCOMING = "upcoming", _("Upcoming activities")
    OVERDUE = "overdue", _("Overdue items")


class Delivery(models.TextChoices):
    """How a notification of one topic reaches the person by e-mail.

    Every notification is listed on the notifications page whatever the choice: the choice is
    about e-mail only.
    """

    AT_ONCE = "at_once", _("E-mail at once")
    DIGEST = "digest", _("Daily digest")
    OFF = "off", _("No e-mail")


DEFAULT_DELIVERY = Delivery.AT_ONCE
