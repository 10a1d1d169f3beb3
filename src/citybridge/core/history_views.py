"""The history page of any record people edit, and "restore this version" (two clicks).

One generic page for every model with a history (``core.revisions``); who may see it and
restore is the record's own edit permission (``edit_permission()`` on the model, default
``<app>.change_<model>``), checked through ``core.permissions`` like every other page.
"""

from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from citybridge.core import revisions
from citybridge.core.views import require


def _model(label: str):
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        raise Http404 from None
    if not (revisions.has_history(model) and revisions.has_revision(model)):
        raise Http404
    return model


def _record(model, pk):
    """The record, or (deleted) how it looked last; and whether it still exists."""
    obj = model._default_manager.filter(pk=pk).first()
    if obj is not None:
        return obj, False
    last = (
        revisions.history_manager(model)
        .model.objects.filter(**{model._meta.pk.attname: pk})
        .order_by("-history_date", "-history_id")
        .first()
    )
    if last is None:
        raise Http404
    return last.instance, True


def _back(request) -> str:
    back = request.GET.get("back") or request.POST.get("back") or ""
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return back
    return ""


def history_url(obj, back: str = "") -> str:
    url = reverse("history:record", kwargs={"label": obj._meta.label_lower, "pk": obj.pk})
    return f"{url}?{urlencode({'back': back})}" if back else url


@login_required
def record_history(request, label, pk):
    """Who changed what and when: the record and its children, newest first."""
    model = _model(label)
    obj, deleted = _record(model, pk)
    require(request.user, *revisions.history_permission(obj))
    return render(
        request,
        "core/history.html",
        {
            "obj": obj,
            "deleted": deleted,
            "label": label,
            "entries": revisions.history_of(obj),
            "back": _back(request),
        },
    )


@login_required
def restore(request, label, pk, history_id):
    """Confirm (GET), then bring back (POST) the texts of one version of a record. Refused
    like a stale save if someone saved in between."""
    model = _model(label)
    target = get_object_or_404(model._default_manager, pk=pk)  # only live records
    record = get_object_or_404(
        revisions.history_manager(model).model.objects.exclude(history_type="-"),
        history_id=history_id,
        **{model._meta.pk.attname: target.pk},
    )
    require(request.user, *revisions.edit_permission(target))
    if getattr(target, "is_editable", True) is False:  # e.g. a plan no longer a draft
        raise PermissionDenied(_("This cannot be changed any more, so nothing can be restored."))
    back = _back(request) or history_url(target)
    context = {"target": target, "record": record, "back": back}
    if request.method == "POST":
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        try:
            revisions.restore_version(target, record, revision=revision, by=request.user)
        except revisions.EditConflict as conflict:
            context.update(
                conflict=conflict, changes=revisions.restore_preview(conflict.current, record)
            )
            return render(request, "core/restore.html", context, status=409)
        messages.success(request, _("The earlier version has been restored."))
        return redirect(back)
    context["changes"] = revisions.restore_preview(target, record)
    return render(request, "core/restore.html", context)
