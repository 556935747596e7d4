"""Search across the spaces a person may see, and the partnership-wide posts of the others: by
words (every word of ``q``), tag, phase, school and space; ranked by recency and "this helped
us" marks (``domain.rank``), or newest first. Within one space (``space_id``) its pinned posts
come first. Every headteacher finds the half-termly feedback to heads of every group."""

from community import search_view, spaces
from community.domain import Viewer, rank, words
from community.posts import post_item
from community.storage import Post, Space, now
from contracts.common import page_start

# ranking reads at most this many of the newest matches
CANDIDATES = 2000


def query_filter(query: dict, visible_ids: list[str], head: bool = False) -> dict:
    seen = [{"space_id": {"$in": visible_ids}}, {"partnership_wide": True}]
    if head:
        seen.append({"kind": "feedback"})
    found = {"hidden": False, "$or": seen}
    terms = words(query.get("q") or "")
    if terms:
        found["words"] = {"$all": terms}
    if query.get("tag"):
        found["tags"] = query["tag"]
    if query.get("phase"):
        found["phases"] = query["phase"]
    if query.get("school_urn") is not None:
        found["school_urn"] = query["school_urn"]
    if query.get("space_id"):
        found["space_id"] = query["space_id"]
    return found


def search(query: dict, viewer: Viewer) -> dict:
    names = {space.id: space.name for space in Space.objects.only("id", "name")}
    visible_ids = [space.id for space in spaces.visible(viewer)]
    head = viewer.caller.has_role("headteacher")
    if search_view.posts.ready:
        page, total = _from_view(query, visible_ids, head)
    else:
        page, total = _from_store(query, visible_ids, head)
    items = [post_item(Post._from_son(doc), names.get(doc["space_id"], ""), viewer) for doc in page]
    return {"items": items, "total": total}


def _from_view(query: dict, visible_ids: list[str], head: bool) -> tuple[list[dict], int]:
    """The page's posts and the number found, chosen from the in-memory summaries
    (``search_view``); only the page's posts are read from the store, by id."""
    search_view.posts.refresh()
    keep = search_view.matches(query, words(query.get("q") or ""), set(visible_ids), head)
    found = [s for s in search_view.posts.newest() if keep(s)]
    start, size = page_start(query), query["per_page"]
    pinned_first = bool(query.get("space_id"))
    if pinned_first:
        found.sort(key=lambda s: s["pinned"], reverse=True)  # stable: newest first within
    if query.get("sort") == "recent":
        chosen = found[start : start + size]
    else:
        moment = now()
        candidates = found[:CANDIDATES]
        candidates.sort(
            key=lambda s: (
                pinned_first and s["pinned"],
                rank(_age_days(moment, s["published_at"]), s["helped_count"]),
            ),
            reverse=True,
        )
        chosen = candidates[start : start + size]
    ids = [s["_id"] for s in chosen]
    docs = {doc["_id"]: doc for doc in Post._get_collection().find({"_id": {"$in": ids}})}
    return [docs[i] for i in ids if i in docs and not docs[i].get("hidden")], len(found)


def _from_store(query: dict, visible_ids: list[str], head: bool) -> tuple[list[dict], int]:
    """The same, asking the store (before the summaries are first loaded)."""
    collection = Post._get_collection()
    found = query_filter(query, visible_ids, head)
    total = collection.count_documents(found)
    start, size = page_start(query), query["per_page"]
    pinned_first = bool(query.get("space_id"))
    order = [("pinned", -1)] if pinned_first else []
    newest = collection.find(found).sort([*order, ("published_at", -1)])
    if query.get("sort") == "recent":
        return list(newest.skip(start).limit(size)), total
    moment = now()
    candidates = list(newest.limit(CANDIDATES))
    candidates.sort(
        key=lambda doc: (
            pinned_first and bool(doc.get("pinned")),
            rank(_age_days(moment, doc["published_at"]), doc.get("helped_count", 0)),
        ),
        reverse=True,
    )
    return candidates[start : start + size], total


def _age_days(moment, published_at) -> float:
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=moment.tzinfo)
    return (moment - published_at).total_seconds() / 86400
