"""Workspace pages for activities: details, agenda (htmx), delegation, outcomes, materials."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from citybridge.activities import attachments, selectors
from citybridge.activities.enums import ActivityKind
from citybridge.activities.forms import (
    ActivityForm,
    AgendaItemForm,
    MaterialForm,
    OutcomesForm,
    ParticipationForm,
)
from citybridge.activities.models import Activity, AgendaItem, Material, Participation
from citybridge.activities.services import move_agenda_item, save_activity, touch_activity
from citybridge.core.revisions import save_form
from citybridge.core.views import form_page, form_status, require, try_save
from citybridge.directory.models import City
from citybridge.pairings.models import Pairing
from citybridge.programmes.models import Programme


def _editable(request, pk) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("host_city", "programme", "pairing__programme"), pk=pk
    )
    require(request.user, "activities.change_activity", activity)
    return activity


def _activity_form_page(request, form, *, activity_url_for):
    if request.method == "POST" and form.is_valid():
        activity = try_save(form, by=request.user, save=_save_activity(request))
        if activity is not None:
            messages.success(request, _("The activity has been saved."))
            return redirect(activity_url_for(activity))
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": form.instance if form.instance.pk else None},
        status=form_status(request, form),
    )


def _save_activity(request):
    return lambda form: save_activity(form, by=request.user)


def _save_agenda_item(request, activity):
    def save(form):
        with transaction.atomic():
            item = save_form(form, by=request.user)
            touch_activity(activity)
        return item

    return save


def _workspace_url(activity):
    return reverse("workspace:activity", kwargs={"pk": activity.pk})


@login_required
def activity_new_for_pairing(request, slug):
    pairing = get_object_or_404(Pairing.objects.select_related("programme"), slug=slug)
    require(request.user, "activities.add_pairing_activity", pairing)
    activity = Activity(programme=pairing.programme, pairing=pairing, kind=ActivityKind.STUDY_TOUR)
    form = ActivityForm(
        request.POST or None,
        instance=activity,
        host_cities=City.objects.filter(memberships__pairing=pairing).order_by("slug"),
    )
    return _activity_form_page(request, form, activity_url_for=_workspace_url)


@login_required
def activity_new_for_programme(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    require(request.user, "activities.add_programme_activity", programme)
    activity = Activity(programme=programme, kind=ActivityKind.EXCHANGE_MEETING)
    form = ActivityForm(
        request.POST or None, instance=activity, host_cities=City.objects.order_by("slug")
    )
    return _activity_form_page(request, form, activity_url_for=_workspace_url)


@login_required
def activity_edit(request, pk):
    activity = _editable(request, pk)
    hosts = (
        City.objects.filter(memberships__pairing=activity.pairing_id)
        if activity.pairing_id
        else City.objects.all()
    )
    form = ActivityForm(request.POST or None, instance=activity, host_cities=hosts.order_by("slug"))
    return _activity_form_page(request, form, activity_url_for=_workspace_url)


def _agenda_context(activity, form=None, user=None):
    activity = selectors.activity_detail(activity.pk)
    return {
        "activity": activity,
        # The viewer's own zone too, as on the public page: agendas show their local times.
        "zones": selectors.activity_zones(activity, user),
        "days": selectors.agenda_by_day(activity),
        "agenda_form": form or AgendaItemForm(activity=activity, prefix="agenda"),
    }


@login_required
def activity(request, pk):
    activity = _editable(request, pk)
    context = _agenda_context(activity, user=request.user)
    activity = context["activity"]
    context.update(
        delegations=selectors.delegation_counts(activity),
        participant_form=ParticipationForm(activity=activity, prefix="participant"),
        material_form=MaterialForm(prefix="material"),
    )
    return render(request, "activities/activity.html", context)


@login_required
def agenda_item_new(request, pk):
    """Add an agenda item; with htmx the agenda is re-rendered in place."""
    activity = _editable(request, pk)
    form = AgendaItemForm(request.POST or None, activity=activity, prefix="agenda")
    if request.method == "POST" and form.is_valid():
        try_save(form, by=request.user, save=_save_agenda_item(request, activity))
        messages.success(request, _("The agenda item has been added."))
        if not request.htmx:
            return redirect("workspace:activity", pk=activity.pk)
        form = None
    if request.htmx:
        status = 400 if form is not None and form.errors else 200
        return render(
            request,
            "activities/_agenda.html",
            _agenda_context(activity, form, request.user),
            status=status,
        )
    return render(
        request,
        "activities/agenda_item_form.html",
        {"form": form, "activity": activity},
        status=400,
    )


@login_required
def agenda_item_edit(request, pk):
    item = get_object_or_404(
        AgendaItem.objects.select_related("activity__host_city", "activity__pairing"), pk=pk
    )
    activity = item.activity
    require(request.user, "activities.change_activity", activity)
    form = AgendaItemForm(request.POST or None, instance=item, activity=activity)
    if request.method == "POST" and form.is_valid():
        if try_save(form, by=request.user, save=_save_agenda_item(request, activity)):
            messages.success(request, _("The agenda item has been saved."))
            return redirect("workspace:activity", pk=activity.pk)
    return render(
        request,
        "activities/agenda_item_form.html",
        {"form": form, "activity": activity, "item": item},
        status=form_status(request, form),
    )


@login_required
@require_POST
def agenda_item_move(request, pk, direction):
    if direction not in ("up", "down"):
        raise Http404
    item = get_object_or_404(AgendaItem.objects.select_related("activity__host_city"), pk=pk)
    require(request.user, "activities.change_activity", item.activity)
    move_agenda_item(item, -1 if direction == "up" else 1)
    if request.htmx:
        return render(
            request, "activities/_agenda.html", _agenda_context(item.activity, user=request.user)
        )
    return redirect("workspace:activity", pk=item.activity_id)


@login_required
@require_POST
def agenda_item_delete(request, pk):
    item = get_object_or_404(AgendaItem.objects.select_related("activity"), pk=pk)
    require(request.user, "activities.change_activity", item.activity)
    item.delete()
    touch_activity(item.activity)
    messages.success(request, _("The agenda item has been removed."))
    if request.htmx:
        return render(
            request, "activities/_agenda.html", _agenda_context(item.activity, user=request.user)
        )
    return redirect("workspace:activity", pk=item.activity_id)


@login_required
def participant_new(request, pk):
    activity = _editable(request, pk)
    return form_page(
        request,
        ParticipationForm(request.POST or None, activity=activity, prefix="participant"),
        "activities/participant_form.html",
        {"activity": activity},
        message=_("The participant has been added."),
        success_url=reverse("workspace:activity", kwargs={"pk": activity.pk}) + "#delegation",
    )


@login_required
def participant_edit(request, pk):
    participation = get_object_or_404(
        Participation.objects.select_related("activity__host_city"), pk=pk
    )
    activity = participation.activity
    require(request.user, "activities.change_activity", activity)
    return form_page(
        request,
        ParticipationForm(
            request.POST or None, instance=participation, activity=activity, prefix="participant"
        ),
        "activities/participant_form.html",
        {"activity": activity, "participation": participation},
        message=_("The participant has been saved."),
        success_url=reverse("workspace:activity", kwargs={"pk": activity.pk}) + "#delegation",
    )


@login_required
@require_POST
def participant_delete(request, pk):
    participation = get_object_or_404(Participation.objects.select_related("activity"), pk=pk)
    require(request.user, "activities.change_activity", participation.activity)
    participation.delete()
    messages.success(request, _("The participant has been removed."))
    return redirect(
        reverse("workspace:activity", kwargs={"pk": participation.activity_id}) + "#delegation"
    )


@login_required
def outcomes(request, pk):
    activity = _editable(request, pk)
    form = OutcomesForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        if try_save(form, by=request.user, save=_save_activity(request)):
            messages.success(request, _("The outcomes have been saved."))
            return redirect("workspace:activity", pk=activity.pk)
    return render(
        request,
        "activities/outcomes_form.html",
        {"form": form, "activity": activity},
        status=form_status(request, form),
    )


@login_required
def material_new(request, target, pk):
    """Attach a file or link to an activity, agenda item, pairing or agreement."""
    owner = attachments.resolve(target, pk)
    require(request.user, owner.permission, owner.permission_obj)
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        prefix="material",
        instance=owner.new_material(),
    )
    if request.method == "POST" and form.is_valid():
        form.instance.uploaded_by = request.user
        material = save_form(form, by=request.user)  # new: never a conflict
        messages.success(request, _("“%(title)s” has been attached.") % {"title": material})
        return redirect(owner.back_url)
    return render(
        request,
        "activities/material_form.html",
        {"form": form, "owner": owner, "target": target, "pk": pk},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def material_delete(request, pk):
    material = get_object_or_404(Material, pk=pk)
    owner = attachments.owner_of(material)
    require(request.user, owner.permission, owner.permission_obj)
    material.file.delete(save=False)
    material.thumbnail.delete(save=False)
    material.delete()
    messages.success(request, _("The material has been removed."))
    return redirect(owner.back_url)
