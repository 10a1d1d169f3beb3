"""The public plan page: the latest approved version, with the current progress."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from citybridge.pairings.models import Pairing
from citybridge.plans import selectors, services


def public(request, slug):
    pairing = get_object_or_404(Pairing.objects.public().with_cities(), slug=slug)
    plan = selectors.plan_for_pairing(pairing)
    version = services.latest_approved_version(plan) if plan else None
    if version is None:
        raise Http404  # nothing approved yet: drafts are not published
    actions = {a.pk: a for a in selectors.actions_with_progress(plan)}
    snapshot_actions = version.snapshot["actions"]
    for entry in snapshot_actions:
        current = actions.get(entry["id"])
        entry["latest"] = current.latest if current else None
    return render(
        request,
        "plans/public.html",
        {
            "pairing": pairing,
            "plan": plan,
            "version": version,
            "texts": version.snapshot["plan"],
            "actions": snapshot_actions,
            "indicators": selectors.indicators_with_latest(plan),
        },
    )
