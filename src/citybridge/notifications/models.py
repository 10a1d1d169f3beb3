"""What was sent, so that nothing is sent twice."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from citybridge.notifications.enums import NotificationKind


class SentNotification(models.Model):
    """One e-mail of one kind about one activity to one address, sent once and only once.

    The row is written in the same transaction as the sending (``tasks.send_once``): the
    unique constraint makes a second worker, or a second run of ``send-reminders``, skip it.
    Addresses are stored lower-cased so that "Anna@Example.org" and "anna@example.org" count
    as one recipient. An activity that changes later (new times, new sequence) is not
    reminded again: one message per activity, kind and address.
    """

    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.CASCADE,
        related_name="sent_notifications",
        verbose_name=_("activity"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=NotificationKind.choices)
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        ordering = ["-sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "kind", "email"], name="notification_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.email} · {self.activity_id}"
