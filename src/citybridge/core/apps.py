from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "citybridge.core"
    verbose_name = _("Core")

    def ready(self):
        from citybridge.core.cache_stamp import watch_all_connections

        # Every write to our tables replaces the stamp that cached public pages carry.
        watch_all_connections()
