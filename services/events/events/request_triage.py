"""The coordinator tidies training requests: closes one with a reason, and merges duplicates
into one (their requesters and supporters carried over, each person once). Closed and merged
requests leave demand (it counts open ones) and cannot be commissioned."""

from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput
from events import permissions
from events.context import Context
from events.demand import _request, _scoped
from events.storage import TrainingRequest, now


def _open(row: TrainingRequest, field: str) -> None:
    if row.status != "open":
        raise Conflict(f"The training request is {row.status}, not open.", {field: ["Not open."]})


def close_request(ctx: Context, request_id: str, reason: str, caller: Caller) -> dict:
    """Close an open request with ``reason``; 409 when it is not open."""
    permissions.check_may_triage_training_requests(caller)
    _open(_request(request_id), "request_id")
    closed = {"status": "closed", "closed_reason": reason, "closed_by": caller.id}
    done = TrainingRequest._get_collection().update_one(
        {"_id": request_id, "status": "open"}, {"$set": {**closed, "closed_at": now()}}
    )
    if not done.modified_count:
        raise Conflict("The training request was closed meanwhile.", {"request_id": ["Not open."]})
    return _scoped(ctx, caller)(_request(request_id))


def merge_requests(ctx: Context, request_id: str, duplicates: list[str], caller: Caller) -> dict:
    """Fold ``duplicates`` into ``request_id``: each becomes ``merged`` into it, and its
    requester and supporters become this request's supporters (its own requester never, each
    person once). 422 naming ``request_ids`` for an unknown, repeated or the same request; 409
    for one not open."""
    permissions.check_may_triage_training_requests(caller)
    target = _request(request_id)
    _open(target, "request_id")
    problems = []
    if len(set(duplicates)) != len(duplicates):
        problems.append("Each request once.")
    if request_id in duplicates:
        problems.append("A request cannot be merged into itself.")
    rows = {r.id: r for r in TrainingRequest.objects(id__in=list(set(duplicates)))}
    unknown = sorted(set(duplicates) - set(rows))
    if unknown:
        problems.append("Unknown: " + ", ".join(unknown) + ".")
    if problems:
        raise InvalidInput(
            "Name other open requests to merge, once each.", {"request_ids": problems}
        )
    taken = sorted(r.id for r in rows.values() if r.status != "open")
    if taken:
        raise Conflict("Not open: " + ", ".join(taken) + ".", {"request_ids": ["Not open."]})
    collection = TrainingRequest._get_collection()
    people: list[str] = []
    for duplicate in duplicates:
        merged = {"status": "merged", "merged_into": request_id, "closed_by": caller.id}
        done = collection.update_one(
            {"_id": duplicate, "status": "open"}, {"$set": {**merged, "closed_at": now()}}
        )
        if done.modified_count:  # one that moved on meanwhile keeps its people
            row = rows[duplicate]
            people += [row.person_id, *row.supporters]
    carried = [p for p in dict.fromkeys(people) if p != target.person_id]
    if carried:
        collection.update_one(
            {"_id": request_id}, {"$addToSet": {"supporters": {"$each": carried}}}
        )
    return _scoped(ctx, caller)(_request(request_id))
