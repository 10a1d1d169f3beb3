"""A person's own choices: language, time zone and how they are told about things."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from citybridge.accounts.enums import DEFAULT_DELIVERY, Delivery, Topic


class AccountSettings(models.Model):
    """One row per account, created on first save (``services.set_preferences``).

    Blank language or time zone means "not chosen": the platform falls back to the browser's
    language and to the linked person's city's zone (``services.preferences_of``).
    ``notifications`` maps a ``Topic`` value to a ``Delivery`` value; a topic missing from it
    is delivered ``DEFAULT_DELIVERY``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_settings",
        verbose_name=_("user account"),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    notifications = models.JSONField(_("notification choices"), default=dict, blank=True)

    revision = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("account settings")
        verbose_name_plural = _("account settings")

    def __str__(self):
        return str(self.user)

    def delivery_for(self, topic) -> str:
        """The ``Delivery`` value chosen for ``topic`` (default: at once)."""
        value = (self.notifications or {}).get(str(topic))
        return value if value in Delivery.values else DEFAULT_DELIVERY

    def deliveries(self) -> dict[str, str]:
        """Every topic with its delivery, defaults filled in."""
        return {topic: self.delivery_for(topic) for topic in Topic.values}
