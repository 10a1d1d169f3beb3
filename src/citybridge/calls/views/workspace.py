"""Calls, for the people working on them: applying as a city (the application, its
attachments, submitting it) and the coordinator's call settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.calls import services
from citybridge.calls.forms import ApplicationForm, CallForm, CriterionFormSet, GroupMemberFormSet
from citybridge.calls.models import Application, ApplicationAttachment, Call
from citybridge.core.revisions import save_form, save_formset
from citybridge.core.storage import serve_private
from citybridge.core.views import form_status, require, try_save
from citybridge.directory.models import City
from citybridge.programmes.models import Programme


@login_required
@require_POST
def apply(request, slug):
    call = get_object_or_404(Call, slug=slug)
    city = get_object_or_404(City, pk=request.POST.get("city"))
    try:
        application = services.start_application(call, city, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(call.get_absolute_url())
    return redirect("calls:application", pk=application.pk)


def _group_initial(application):
    return [
        {"name": m.get("name", ""), "population": m.get("population")}
        for m in application.group_members or []
    ]


@login_required
def application(request, pk):
    application = get_object_or_404(
        Application.objects.select_related("call__programme", "city"), pk=pk
    )
    require(request.user, "calls.view_application", application)
    editable = request.user.has_perm("calls.edit_application", application) and (
        application.status == "draft" and application.call.is_open()
    )
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data, instance=application)
    groups = GroupMemberFormSet(data, initial=_group_initial(application), prefix="group")
    if request.method == "POST":
        try:
            services.check_can_change(application, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("calls:application", pk=application.pk)
        if form.is_valid() and groups.is_valid():
            members = [
                {"name": g.cleaned_data["name"], "population": g.cleaned_data["population"]}
                for g in groups
                if g.cleaned_data and not g.cleaned_data.get("DELETE")
            ]
            saved = try_save(
                form,
                by=request.user,
                save=lambda form: services.save_application(form, members, by=request.user),
            )
            if saved is not None:
                messages.success(request, _("Your draft has been saved."))
                return redirect("calls:application", pk=application.pk)
    return render(
        request,
        "calls/application.html",
        {
            "application": application,
            "form": form,
            "groups": groups,
            "editable": editable,
            "eligibility": services.eligibility(application),
            "missing": services.missing_parts(application),
        },
        status=form_status(request, form),
    )


@login_required
@require_POST
def submit(request, pk):
    application = get_object_or_404(Application.objects.select_related("call", "city"), pk=pk)
    try:
        services.submit_application(application, by=request.user)
        messages.success(request, _("Your application has been submitted. Thank you."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:application", pk=application.pk)


@login_required
def call_edit(request, slug=None, programme_slug=None):
    """A coordinator opens a call or changes it, with its evaluation criteria."""
    if slug:
        call = get_object_or_404(Call.objects.select_related("programme"), slug=slug)
        require(request.user, "calls.manage_call", call)
    else:
        programme = get_object_or_404(Programme, slug=programme_slug)
        require(request.user, "calls.add_call", programme)
        now = timezone.now()
        call = Call(programme=programme, opens_at=now, closes_at=now + timezone.timedelta(days=60))
    data = request.POST if request.method == "POST" else None
    form = CallForm(data, instance=call)
    criteria = CriterionFormSet(data, instance=call, prefix="criteria")
    if request.method == "POST" and form.is_valid() and criteria.is_valid():
        saved = try_save(form, by=request.user, save=_save_call(request, criteria))
        if saved is not None:
            messages.success(request, _("The call has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "calls/call_form.html",
        {"form": form, "criteria": criteria, "call": call if slug else None},
        status=form_status(request, form, *criteria.forms),
    )


def _save_call(request, criteria):
    def save(form):
        with transaction.atomic():
            call = save_form(form, by=request.user, skip_unchanged=True)
            criteria.instance = call
            save_formset(criteria, by=request.user)
        return call

    return save


@login_required
@require_POST
def attachment_new(request, pk):
    """Attach a document to a draft application (checked by content, stored privately)."""
    from citybridge.core.uploads import validate_upload

    application = get_object_or_404(Application.objects.select_related("call", "city"), pk=pk)
    try:
        services.check_can_change(application, by=request.user)
        upload = request.FILES.get("file")
        title = (request.POST.get("title") or "").strip()[:200]
        if upload is None or not title:
            raise ValidationError(_("Give the attachment a title and choose a file."))
        checked = validate_upload(upload)
        upload.name = checked.safe_name
        ApplicationAttachment.objects.create(
            application=application,
            title=title,
            file=upload,
            original_name=checked.display_name,
            mime_type=checked.mime_type,
        )
        messages.success(request, _("“%(title)s” has been attached.") % {"title": title})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:application", pk=application.pk)


@login_required
def attachment_file(request, pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__call"), pk=pk
    )
    if not request.user.has_perm("calls.view_application", attachment.application):
        raise Http404
    return serve_private(
        attachment.file,
        name=attachment.original_name or "attachment",
        mime_type=attachment.mime_type,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(
        ApplicationAttachment.objects.select_related("application__call"), pk=pk
    )
    try:
        services.check_can_change(attachment.application, by=request.user)
        attachment.file.delete(save=False)
        attachment.delete()
        messages.success(request, _("The attachment has been removed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("calls:application", pk=attachment.application_id)
