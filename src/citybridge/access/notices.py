"""Telling someone that they were given a role (the notifications page, and e-mail as chosen)."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from citybridge.accounts.enums import Topic
from citybridge.accounts.services import language_of


def tell_role_holder(role, *, by) -> bool:
    """Notify the holder of a role given by someone else, with a link to their workspace.
    Not when they accepted an invitation (they were there) or gave it to themselves."""
    # Imported here: notifications sits above access (its reminders read roles).
    from citybridge.access.emails import display_name, scope_name
    from citybridge.notifications.services import notify

    if by is None or by.pk == role.user_id:
        return False
    language = language_of(role.user)
    with translation.override(language):
        params = {
            "grantor": display_name(by),
            "role": str(role.get_kind_display()),
            "target": scope_name(role.scope_object, language),
        }
    found = notify(
        recipient=role.user,
        topic=Topic.INVITATION,
        message=gettext_noop("%(grantor)s made you %(role)s of %(target)s."),
        params=params,
        link=reverse("workspace:home"),
    )
    return found is not None
