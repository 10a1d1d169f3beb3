from django.core.exceptions import PermissionDenied


def require(user, permission: str, obj=None) -> None:
    """Refuse with a 403 unless ``user`` holds ``permission`` on ``obj`` (core.permissions)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied
