"""A person's own data: download it, or have it erased."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from citybridge.accounts.forms import ConfirmErasureForm
from citybridge.privacy.erasure import erase_person
from citybridge.privacy.export import personal_data_zip


@login_required
@never_cache
def my_data(request):
    data = personal_data_zip(request.user)
    response = HttpResponse(data, content_type="application/zip")
    name = f"citybridge-my-data-{timezone.now():%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def erase_me(request):
    form = ConfirmErasureForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        erase_person(user=user)
        messages.success(request, _("Your personal data has been erased and your account closed."))
        return redirect("portal:home")
    return render(
        request, "privacy/erase.html", {"form": form}, status=400 if form.is_bound else 200
    )
