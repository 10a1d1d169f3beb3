from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data across every app: a person's download, their erasure, and the deletion
    of applications kept past their retention period. Above the domain apps it reads."""

    name = "citybridge.privacy"
    verbose_name = _("Personal data")
