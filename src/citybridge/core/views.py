from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from citybridge.core.revisions import EditConflict, save_form


def require(user, permission: str, obj=None) -> None:
    """Refuse with a 403 unless ``user`` holds ``permission`` on ``obj`` (access.rules)."""
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def form_page(
    request, form, template: str, context: dict | None = None, *, message: str, success_url
):
    """The one way a workspace form page behaves.

    A valid POST saves the form (``core.revisions.save_form``: refused if someone saved the
    record since the form was opened), says so, and redirects to ``success_url`` (a URL, or a
    function of the saved object). A refused POST answers 400 (invalid) or 409 (someone else
    saved first: the page lists what they changed) and shows the form again with its messages
    and everything that was typed; nothing is saved.
    """
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save_form(form, by=request.user)
            except EditConflict as conflict:
                form.conflict = conflict
                return render(request, template, {"form": form, **(context or {})}, status=409)
            messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
        status = 400
    return render(request, template, {"form": form, **(context or {})}, status=status)
