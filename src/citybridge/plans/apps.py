from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "citybridge.plans"
    verbose_name = _("Action plans")
