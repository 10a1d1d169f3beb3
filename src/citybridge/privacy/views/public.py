"""The privacy page: each programme's own notice, and what every person can do."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from citybridge.core.i18n import as_dict
from citybridge.programmes.models import Programme


@require_safe
def privacy(request):
    programmes = [p for p in Programme.objects.order_by("id") if as_dict(p.privacy_notice)]
    return render(request, "privacy/privacy.html", {"programmes": programmes})
