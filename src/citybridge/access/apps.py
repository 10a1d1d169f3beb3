from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "citybridge.access"
    verbose_name = _("Access")

    def ready(self):
        # Registers every permission rule with django-rules.
        from citybridge.access import rules  # noqa: F401
