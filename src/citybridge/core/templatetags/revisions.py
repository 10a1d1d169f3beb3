"""``{% history_url_for obj as url %}``: the record's history page, if the reader may see it."""

from django import template

from citybridge.core import revisions
from citybridge.core.history_views import history_url

register = template.Library()


@register.simple_tag(takes_context=True)
def history_url_for(context, obj):
    request = context.get("request")
    if not obj or request is None or not getattr(obj, "pk", None):
        return ""
    if not (revisions.has_history(type(obj)) and revisions.has_revision(type(obj))):
        return ""
    if not request.user.has_perm(*revisions.history_permission(obj)):
        return ""
    return history_url(obj, back=request.get_full_path())
