from functools import partial

from citybridge.notifications.services import unread_count


def unread_notifications(request):
    """The header's unread count: counted only when a template shows it (one query per
    request, cached on the user)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": partial(unread_count, user)}
