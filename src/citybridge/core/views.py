from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render


def require(user, permission: str, obj=None) -> None:
    """Refuse with a 403 unless ``user`` holds ``permission`` on ``obj`` (access.rules)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def form_page(
    request, form, template: str, context: dict | None = None, *, message: str, success_url
):
    """The one way a workspace form page behaves.

    A valid POST saves the form, says so, and redirects to ``success_url`` (a URL, or a
    function of the saved object). A refused POST answers 400 and shows the form again with
    its messages and everything that was typed; nothing is saved.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save()
            messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
        status = 400
    return render(request, template, {"form": form, **(context or {})}, status=status)
