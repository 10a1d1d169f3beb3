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
    if request.method == "POST" and form.is_valid():
        saved = try_save(form, by=request.user)
        if saved is not None:
            messages.success(request, message)
            return redirect(success_url(saved) if callable(success_url) else success_url)
    return render(
        request, template, {"form": form, **(context or {})}, status=form_status(request, form)
    )


def try_save(form, *, by, save=None):
    """Save a valid model form the one way (``core.revisions.save_form``, or ``save(form)``
    when the page saves more than the form, in one transaction).

    Returns the saved object; after a stale save returns None and leaves the
    ``EditConflict`` on the stale form's ``conflict`` (``form``, or the part of the page
    that was stale), which ``core/form.html`` shows (answer with :func:`form_status`: 409)."""
    try:
        return save(form) if save is not None else save_form(form, by=by)
    except EditConflict as conflict:
        if conflict.form is None:  # else the stale part of the page shows it
            form.conflict = conflict
        return None


def form_status(request, *forms) -> int:
    """200 for a page shown, 409 after a stale save, 400 after a refused one."""
    if request.method != "POST":
        return 200
    return 409 if any(getattr(f, "conflict", None) for f in forms if f is not None) else 400
