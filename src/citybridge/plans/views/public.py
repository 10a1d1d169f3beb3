"""The public plan page: the latest approved version, with the current progress."""

from django.http import Http404
from django.shortcuts import render

from citybridge.core.page_cache import cache_for_anonymous
from citybridge.pairings.models import Pairing
from citybridge.plans import selectors
from citybridge.plans.models import PlanVersion


@cache_for_anonymous
def public(request, slug):
    # The same plans as the API's: approved at least once, of a public pairing.
    plan = selectors.published_plans().filter(pairing__slug=slug).first()
    if plan is None:
        raise Http404  # nothing approved yet: drafts are not published
    pairing = Pairing.objects.with_cities().select_related("programme").get(pk=plan.pairing_id)
    plan.pairing = pairing
    version = PlanVersion.objects.select_related("activity").get(pk=plan.version_id)
    # The actions are shown as approved (the snapshot); only their progress is read today.
    progress = selectors.latest_progress(plan, only=("date", "status", "percent"))
    snapshot_actions = version.snapshot["actions"]
    for entry in snapshot_actions:
        entry["latest"] = progress.get(entry["id"])
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
