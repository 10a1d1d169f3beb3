from django.contrib.admin import options
from i18nfield.fields import I18nCharField, I18nTextField
from i18nfield.forms import I18nTextarea, I18nTextInput


def restrict_admin_to_superusers(site) -> None:
    """The Django admin is a superuser's tool; everyone else works in the workspace."""
    site.has_permission = lambda request: request.user.is_active and request.user.is_superuser
    site.site_header = "CityBridge administration"
    # The admin gives every TextField and CharField its own widget, which cannot take the
    # languages a translated field passes: translated fields keep their one input per language.
    # (Model admins copied the defaults when they were registered; inlines copy them later.)
    translated = {I18nTextField: {"widget": I18nTextarea}, I18nCharField: {"widget": I18nTextInput}}
    options.FORMFIELD_FOR_DBFIELD_DEFAULTS.update(translated)
    for model_admin in site._registry.values():
        model_admin.formfield_overrides.update(translated)
