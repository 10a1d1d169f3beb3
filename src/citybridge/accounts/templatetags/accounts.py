from django import template
from django.utils.translation import gettext as _

register = template.Library()

ERASED_USERNAME_PREFIX = "erased-"  # privacy.erasure gives erased accounts this username


@register.filter
def account_name(user) -> str:
    """How an author is named: "former participant" (translated) once they were erased."""
    if user is None:
        return ""
    if user.get_username().startswith(ERASED_USERNAME_PREFIX):
        return _("former participant")
    return user.get_full_name() or user.get_username()


@register.filter
def person_name(name: str) -> str:
    """A person record's name; "former participant" in the reader's language once erased."""
    return _("former participant") if name == "former participant" else name
