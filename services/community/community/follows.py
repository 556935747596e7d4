"""Following: a person follows a space they may see, or a support-area tag, and hears of new
posts there (the notifications service asks ``followers`` who, by their preferences). A follow
keeps the follower's caller as it last was (roles, school); who may see a post is decided from
it with the directory's answers now, so a tag's follower hears only of posts they may see."""

from community import permissions, spaces
from community.domain import Viewer
from community.membership import DirectoryMembership
from community.posts import get_post
from community.storage import Follow, Space, now, raw
from contracts.caller import Caller, load_caller
from contracts.choices import resolve_named
from contracts.errors import InvalidInput


def _target(data: dict, viewer: Viewer, membership: DirectoryMembership) -> tuple[str, str]:
    if data.get("space_id") is not None:
        space = spaces.get_space(data["space_id"])
        permissions.check_may_follow_space(viewer, spaces.view(space))
        return "space", space.id
    permissions.check_may_follow(viewer.caller)
    return "tag", resolve_named("tag", data["tag"], membership.support_areas())


def follow_id(person_id: str, kind: str, target: str) -> str:
    return f"{person_id}:{kind}:{target}"


def follow(data: dict, viewer: Viewer, membership: DirectoryMembership) -> dict:
    """Follow (again changes nothing but the caller kept); answers the caller's follows."""
    kind, target = _target(data, viewer, membership)
    raw(Follow).update_one(
        {"_id": follow_id(viewer.id, kind, target)},
        {
            "$set": {"caller": viewer.caller.dump(), "person_id": viewer.id},
            "$setOnInsert": {"kind": kind, "target": target, "created_at": now()},
        },
        upsert=True,
    )
    return mine(viewer, membership)


def unfollow(data: dict, viewer: Viewer, membership: DirectoryMembership) -> dict:
    """Stop following (not following already changes nothing)."""
    permissions.check_may_follow(viewer.caller)
    if data.get("space_id") is not None:
        kind, target = "space", str(data["space_id"])
    else:
        kind, target = "tag", resolve_named("tag", data["tag"], membership.support_areas())
    Follow.objects(id=follow_id(viewer.id, kind, target)).delete()
    return mine(viewer, membership)


def mine(viewer: Viewer, membership: DirectoryMembership) -> dict:
    permissions.check_may_follow(viewer.caller)
    found = list(Follow.objects(person_id=viewer.id).order_by("kind", "target"))
    names = {s.id: s.name for s in Space.objects(id__in=[f.target for f in found])}
    areas = membership.support_areas() if any(f.kind == "tag" for f in found) else {}
    items = [
        {
            "kind": f.kind,
            "target": f.target,
            "name": (names if f.kind == "space" else areas).get(f.target, f.target),
        }
        for f in found
    ]
    return {"items": items, "total": len(items)}


def followers(post_id, caller: Caller, membership: DirectoryMembership) -> dict:
    """Who follows the post's space or one of its tags and may see the post (the author left
    out): for the notifications service. A hidden post has no followers to tell."""
    permissions.check_may_list_followers(caller)
    post = get_post(post_id)
    space = spaces.view(spaces.get_space(post.space_id))
    targets = [{"kind": "space", "target": post.space_id}]
    targets += [{"kind": "tag", "target": tag} for tag in post.tags]
    found: dict[str, dict] = {}
    for each in Follow._get_collection().find({"$or": targets}):
        found.setdefault(each["person_id"], each.get("caller") or {})
    people = []
    for person_id, wire in found.items():
        if person_id == post.author_id:
            continue
        try:
            viewer = membership.viewer(load_caller(wire))
        except InvalidInput:  # a caller kept in an older shape: not told
            continue
        if viewer.id == person_id and permissions.may_see_post(viewer, space, post):
            people.append(person_id)
    people.sort()
    return {"items": people, "total": len(people)}
