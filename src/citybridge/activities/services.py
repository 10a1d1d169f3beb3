"""Multi-step writes on activities."""

from django.db import transaction
from django.db.models import F

from citybridge.activities.models import Activity, AgendaItem
from citybridge.activities.times import to_zone
from citybridge.core.revisions import save_form


@transaction.atomic
def save_activity(form, *, by=None) -> Activity:
    """Save an activity form (``core.revisions.save_form``: refused with ``EditConflict`` if
    someone saved it since the form was opened); an existing activity's ``sequence`` goes up
    by one so that calendar clients replace their copy (RFC 5545). Side effects: one history
    record."""
    activity = form.instance
    if activity.pk:
        # Read under the row lock, so two saves never hand out the same sequence.
        sequence = (
            Activity.objects.select_for_update()
            .values_list("sequence", flat=True)
            .get(pk=activity.pk)
        )
        activity.sequence = sequence + 1
    return save_form(form, by=by)


@transaction.atomic
def touch_activity(activity: Activity) -> None:
    """Record that the agenda or outcomes changed: calendars must refresh the event."""
    Activity.objects.filter(pk=activity.pk).update(sequence=F("sequence") + 1)


@transaction.atomic
def move_agenda_item(item: AgendaItem, step: int) -> AgendaItem | None:
    """Move ``item`` one slot earlier (step -1) or later (+1) on its day.

    The two items exchange their time slots, so the agenda stays in time order and each
    session keeps a real start and end. Returns the item it swapped with (None at the edge
    of the day). Side effects: both items saved; the activity's calendar sequence goes up.
    """
    zone = item.activity.host_city.time_zone
    day = to_zone(item.starts_at, zone).date()
    same_day = [
        i
        for i in item.activity.agenda_items.order_by("starts_at", "order", "id")
        if to_zone(i.starts_at, zone).date() == day
    ]
    index = next(n for n, i in enumerate(same_day) if i.pk == item.pk)
    target = index + step
    if not 0 <= target < len(same_day):
        return None
    other = same_day[target]
    item.starts_at, other.starts_at = other.starts_at, item.starts_at
    item.ends_at, other.ends_at = other.ends_at, item.ends_at
    item.order, other.order = other.order, item.order
    item.save(update_fields=["starts_at", "ends_at", "order"])
    other.save(update_fields=["starts_at", "ends_at", "order"])
    touch_activity(item.activity)
    return other
