"""Spaces: one for every strategic group and cluster of the directory (kept in step by
``sync``), and the ones the coordinator opens (an association, a working party, a project with
an end date)."""

from datetime import date

from community import permissions
from community.domain import SpaceView, Viewer, open_for_posts
from community.storage import Space, new_id, now, raw
from contracts.caller import Caller
from contracts.errors import InvalidInput, NotFound


def group_space_id(group_id: str) -> str:
    return f"group-{group_id}"


def cluster_space_id(cluster_id: str) -> str:
    return f"cluster-{cluster_id}"


def sync(membership) -> dict:
    """A space for every group and cluster (renamed with them); one whose group or cluster has
    gone is archived (kept, read-only)."""
    wanted = {}
    for group in membership.groups():
        wanted[group_space_id(group["id"])] = ("group", group["id"], group["name"])
    for cluster in membership.clusters():
        wanted[cluster_space_id(cluster["id"])] = ("cluster", cluster["id"], cluster["name"])
    existing = {space.id: space for space in Space.objects(kind__in=["group", "cluster"])}
    counts = {"created": 0, "updated": 0, "archived": 0}
    for space_id, (kind, source_id, name) in wanted.items():
        space = existing.get(space_id)
        if space is not None and space.name == name and space.active:
            continue
        # an upsert: two syncs at once (the timer, an RPC) make one space
        done = raw(Space).update_one(
            {"_id": space_id},
            {
                "$set": {"name": name, "active": True, "kind": kind, "source_id": source_id},
                "$setOnInsert": {
                    "description": "",
                    "member_ids": [],
                    "post_count": 0,
                    "created_at": now(),
                },
            },
            upsert=True,
        )
        counts["created" if done.upserted_id is not None else "updated"] += 1
    for space_id, space in existing.items():
        if space_id not in wanted and space.active:
            Space.objects(id=space_id).update_one(set__active=False)
            counts["archived"] += 1
    return counts


def view(space: Space) -> SpaceView:
    return SpaceView(
        id=space.id,
        kind=space.kind,
        source_id=space.source_id,
        phase=space.phase,
        member_ids=tuple(space.member_ids or ()),
        ends_on=space.ends_on,
        active=space.active,
    )


def get_space(space_id) -> Space:
    space = Space.objects(id=str(space_id)).first()
    if space is None:
        raise NotFound(f"No space {space_id}.", {"space_id": ["Unknown space."]})
    return space


def visible(viewer: Viewer) -> list[Space]:
    """The spaces ``viewer`` may see, groups first, then clusters, then the rest, by name."""
    order = {"group": 0, "cluster": 1}
    found = [s for s in Space.objects() if permissions.may_see_space(viewer, view(s))]
    return sorted(found, key=lambda s: (order.get(s.kind, 2), s.name.lower()))


def open_space(data: dict, caller: Caller, today: date) -> Space:
    permissions.check_may_open_space(caller)
    if data.get("ends_on") is not None and data["ends_on"] < today:
        raise InvalidInput("A space cannot end in the past.", {"ends_on": ["In the past."]})
    space = Space(
        id=new_id(),
        kind=data["kind"],
        name=data["name"],
        description=data["description"],
        phase=data.get("phase"),
        ends_on=data.get("ends_on"),
        member_ids=sorted(set(data["member_ids"])),
        created_by=caller.id,
        created_at=now(),
    )
    space.save(force_insert=True)
    return space


def space_item(space: Space, today: date) -> dict:
    return {
        "id": space.id,
        "kind": space.kind,
        "name": space.name,
        "description": space.description or "",
        "source_id": space.source_id,
        "phase": space.phase,
        "ends_on": space.ends_on,
        "member_ids": list(space.member_ids or ()),
        "active": space.active,
        "open_for_posts": open_for_posts(view(space), today),
        "post_count": space.post_count or 0,
    }
