"""The public plan page: the latest approved version, with the current progress."""

from django.http import Http404
from django.shortcuts import render

from citybridge.pairings.models import Pairing
from citybridge.plans import selectors
from citybridge.plans.models import PlanVersion


def public(request, slug):
    # The same plans as the API's: approved at least once, of a public pairing.
    plan = selectors.published_plans().filter(pairing__slug=slug).first()
    if plan is None:
        raise Http404  # nothing approved yet: drafts are not published
    pairing = Pairing.objects.with_cities().select_related("programme").get(pk=plan.pairing_id)
    plan.pairing = pairing
    version = PlanVersion.objects.select_related("activity").get(pk=plan.version_id)
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
            "approved_during": version.activity
            if request.user.has_perm("activities.view_activity", version.activity)
            else None,
            "texts": version.snapshot["plan"],
            "actions": snapshot_actions,
            "indicators": selectors.indicators_with_latest(
                plan, among=selectors.public_indicators()
            ),
        },
    )
