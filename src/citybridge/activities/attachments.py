"""What a material can be attached to, who may attach it, and where to go back afterwards.

One table serves the upload and the removal views, so the four kinds of owner (activity,
agenda item, agreement, pairing) follow the same rules.
"""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from citybridge.activities.models import Activity, AgendaItem, Material
from citybridge.pairings.models import Agreement, Pairing


@dataclass(frozen=True)
class Owner:
    target: str
    obj: object
    permission: str
    permission_obj: object
    back_url: str

    def new_material(self) -> Material:
        return Material(**{self.target: self.obj})


def resolve(target: str, pk: int) -> Owner:
    if target == "activity":
        activity = get_object_or_404(Activity.objects.select_related("pairing"), pk=pk)
        return Owner(
            target, activity, "activities.change_activity", activity, _activity_url(activity.pk)
        )
    if target == "agenda_item":
        item = get_object_or_404(AgendaItem.objects.select_related("activity__pairing"), pk=pk)
        return Owner(
            target,
            item,
            "activities.change_activity",
            item.activity,
            _activity_url(item.activity_id),
        )
    if target == "pairing":
        pairing = get_object_or_404(Pairing, pk=pk)
        return Owner(
            target, pairing, "pairings.change_pairing", pairing, _pairing_url(pairing.slug)
        )
    if target == "agreement":
        agreement = get_object_or_404(Agreement.objects.select_related("pairing"), pk=pk)
        return Owner(
            target,
            agreement,
            "pairings.change_agreement",
            agreement,
            _pairing_url(agreement.pairing.slug),
        )
    raise Http404


def owner_of(material: Material) -> Owner:
    for target in ("activity", "agenda_item", "pairing", "agreement"):
        pk = getattr(material, f"{target}_id")
        if pk is not None:
            return resolve(target, pk)
    raise Http404


def _activity_url(pk) -> str:
    return reverse("workspace:activity", kwargs={"pk": pk}) + "#materials"


def _pairing_url(slug) -> str:
    return reverse("workspace:pairing_edit", kwargs={"slug": slug}) + "#materials"
