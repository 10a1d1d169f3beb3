from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ACTIVITY_REMINDER = "activity_reminder", _("Reminder to participants")
    MINUTES_OVERDUE = "minutes_overdue", _("Minutes overdue")
