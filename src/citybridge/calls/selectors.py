"""Reads of calls. Who may see a call is decided by ``calls.view_call`` (access.rules); the
list below is the same answer as a query, given the programmes the reader coordinates."""

from django.db.models import Q, QuerySet

from citybridge.calls.models import Call


def visible_calls(*, coordinated_programmes, everything: bool = False) -> QuerySet[Call]:
    """Published calls, and the unpublished ones of ``coordinated_programmes`` (all of them
    for a superuser: ``everything``)."""
    calls = Call.objects.order_by("-opens_at")
    if everything:
        return calls
    return calls.filter(Q(is_published=True) | Q(programme__in=coordinated_programmes))
