"""What was sent, so that nothing is sent twice, and what each person is told."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from citybridge.accounts.enums import Topic
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


class Notification(models.Model):
    """Something one person is told about, listed on their notifications page.

    The text is kept as an English message id with its parameters and translated when shown or
    e-mailed, so each reader sees it in their own language. ``link`` is a path without the
    language prefix (``/workspace/plans/3/#comment-12``); ``url_in(language)`` adds it.
    ``emailed_at`` is set when the e-mail about it went out, at once or in a digest, so it is
    never sent twice.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    topic = models.CharField(_("kind"), max_length=32, choices=Topic.choices)
    message = models.CharField(max_length=300)
    params = models.JSONField(default=dict, blank=True)
    link = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self):
        return f"{self.recipient} · {self.topic} · {self.created_at:%Y-%m-%d}"

    @property
    def text(self) -> str:
        """The message in the active language, with its parameters."""
        try:
            return gettext(self.message) % (self.params or {})
        except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder
            return self.message % (self.params or {})

    def url_in(self, language: str) -> str:
        return f"/{language}{self.link}" if self.link else ""


class DigestSent(models.Model):
    """One daily digest to one person for one day (in their time zone): sent once only.

    Written in the same transaction as the sending; the unique constraint makes a second worker
    or a second run of ``send-reminders`` skip it.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField()
    items = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sent digest")
        verbose_name_plural = _("sent digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_sent_once")
        ]

    def __str__(self):
        return f"{self.recipient_id} · {self.day}"
