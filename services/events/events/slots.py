"""A Teachmeet's presentation slots after they are claimed: the organisers remove a slot (a
presenter withdraws their own) and set the running order. A slot is named by its presenter's
``person_id`` (one slot per person); the running order's positions and start times follow the
new order. A change after publishing marks the order unpublished until it is published again."""

from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput, NotFound
from events import permissions
from events.context import Context
from events.meetings import get_running_order
from events.storage import events_collection
from events.usecases import get_event_document, owning_group


def _open_with_slots(event: dict) -> list[dict]:
    if not event.get("slot_count"):
        raise Conflict("This event has no presentation slots.", {"event_id": ["No slots."]})
    if event.get("status") != "open":
        raise Conflict(
            "The event is no longer open: its running order is final.",
            {"event_id": ["Not open."]},
        )
    return list(event.get("slots") or [])


def remove_slot(ctx: Context, event_id: str, person_id: str, caller: Caller) -> dict:
    """Remove ``person_id``'s slot; the later slots move up. 404 naming ``person_id`` when they
    hold none."""
    event = get_event_document(event_id)
    group = owning_group(ctx, caller, event.get("owner"))
    permissions.check_may_remove_slot(caller, event, person_id, group)
    _open_with_slots(event)
    done = events_collection().update_one(
        {"_id": event_id, "slots.person_id": person_id},
        {"$pull": {"slots": {"person_id": person_id}}, "$set": {"running_order_published": False}},
    )
    if not done.modified_count:
        raise NotFound(
            "Nobody with that id holds a slot at this event.", {"person_id": ["No slot."]}
        )
    return get_running_order(event_id)


def reorder_slots(ctx: Context, event_id: str, order: list[str], caller: Caller) -> dict:
    """Put the slots in ``order`` (every presenter's ``person_id`` once, first to last). 422
    naming ``order`` for a missing, unknown or repeated presenter; 409 when a slot was claimed
    or removed meanwhile."""
    event = get_event_document(event_id)
    group = owning_group(ctx, caller, event.get("owner"))
    permissions.check_may_reorder_slots(caller, event, group)
    slots = _open_with_slots(event)
    by_person = {s.get("person_id"): s for s in slots}
    problems = []
    if len(set(order)) != len(order):
        problems.append("Each presenter once.")
    unknown = sorted(set(order) - set(by_person))
    if unknown:
        problems.append("No slot for: " + ", ".join(unknown) + ".")
    missing = [p for p in by_person if p not in order]
    if missing:
        problems.append("Missing: " + ", ".join(missing) + ".")
    if problems:
        raise InvalidInput("The order must name every presenter once.", {"order": problems})
    done = events_collection().update_one(
        {"_id": event_id, "slots": slots},
        {"$set": {"slots": [by_person[p] for p in order], "running_order_published": False}},
    )
    if not done.matched_count:
        raise Conflict(
            "The slots changed meanwhile; look at the running order again.",
            {"order": ["Out of date."]},
        )
    return get_running_order(event_id)
