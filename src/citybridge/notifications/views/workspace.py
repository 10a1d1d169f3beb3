"""The notifications page: what a person was told, newest first, read or not."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from citybridge.accounts.services import time_zone_of
from citybridge.notifications.models import Notification
from citybridge.notifications.services import mark_all_read, mark_read


@login_required
def notifications(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 50).get_page(
        request.GET.get("page")
    )
    language = get_language()
    for item in page:
        item.url = item.url_in(language)
    zone = time_zone_of(request.user) or "UTC"
    return render(request, "notifications/notifications.html", {"page": page, "zone": zone})


@login_required
@require_POST
def read(request, pk):
    """Mark one notification read and go to the place it is about (``?go=1``), or back."""
    item = get_object_or_404(Notification, pk=pk, recipient=request.user)
    mark_read(user=request.user, notification_id=item.pk)
    target = item.url_in(get_language()) if request.POST.get("go") and item.link else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("workspace:notifications")


@login_required
@require_POST
def read_all(request):
    mark_all_read(user=request.user)
    return redirect("workspace:notifications")
