"""What search reads: each community process keeps a summary of every post in memory (what a search
filters and ranks on, not the text) and brings it up to date before each search from the posts
whose ``rev`` (write time in ns, set by every write that changes a summary's fields) is recent.
The store is then asked only for the page's posts, by id. SecantusDB scans the whole collection
for a search's filter (an ``$or``, ``$all``, several fields), about 0.3 ms a post: 3 s or more
per search at 10,000 posts, where the summaries take a few ms.

A full reload every ``FULL_RELOAD_SECONDS`` (in the background) heals a write that missed its
``rev``; until the first load is done a search reads the store as before (``ready``)."""

import threading
import time

from community.storage import Post, raw

# writes whose rev is older than this when a refresh starts may be missed: keep it above the
# longest time between taking ``rev`` and the write landing (and clock skew between hosts)
OVERLAP_NS = 5_000_000_000
FULL_RELOAD_SECONDS = 600
FIELDS = {
    "space_id": 1,
    "kind": 1,
    "words": 1,
    "tags": 1,
    "phases": 1,
    "partnership_wide": 1,
    "school_urn": 1,
    "published_at": 1,
    "helped_count": 1,
    "hidden": 1,
    "pinned": 1,
    "rev": 1,
}


def summary(doc: dict) -> dict:
    return {
        "_id": doc["_id"],
        "space_id": doc.get("space_id"),
        "kind": doc.get("kind") or "post",
        "words": frozenset(doc.get("words") or ()),
        "tags": frozenset(doc.get("tags") or ()),
        "phases": frozenset(doc.get("phases") or ()),
        "partnership_wide": bool(doc.get("partnership_wide")),
        "school_urn": doc.get("school_urn"),
        "published_at": doc["published_at"],
        "helped_count": doc.get("helped_count") or 0,
        "hidden": bool(doc.get("hidden")),
        "pinned": bool(doc.get("pinned")),
    }


class PostView:
    def __init__(self):
        self._lock = threading.Lock()
        self._key = None
        self._since: int | None = None
        self._loaded_at = 0.0
        self.items: dict[str, dict] = {}
        self._newest: list[dict] | None = None

    @property
    def ready(self) -> bool:
        return self._since is not None and self._key == _key_of(raw(Post))

    def refresh(self) -> None:
        """Read the posts written since the last refresh (all of them the first time)."""
        collection = raw(Post)
        with self._lock:
            if _key_of(collection) != self._key:
                self._key, self._since, self._newest = _key_of(collection), None, None
                self.items = {}
            started = time.time_ns()
            query = {} if self._since is None else {"rev": {"$gte": self._since}}
            changed = False
            for doc in collection.find(query, FIELDS):
                self.items[doc["_id"]] = summary(doc)
                changed = True
            if self._since is None:
                self._loaded_at = time.monotonic()
            self._since = started - OVERLAP_NS
            if changed:
                self._newest = None

    def maintain(self) -> None:
        """Periodic upkeep (a timer): refresh, and reload everything when the last load is old."""
        if self._since is not None and time.monotonic() - self._loaded_at > FULL_RELOAD_SECONDS:
            with self._lock:
                self._since = None
                self.items = {}
        self.refresh()

    def newest(self) -> list[dict]:
        """Every summary, newest first (kept until a refresh changes one)."""
        with self._lock:
            if self._newest is None:
                self._newest = sorted(
                    self.items.values(), key=lambda s: s["published_at"], reverse=True
                )
            return self._newest


def _key_of(collection) -> tuple:
    return (id(collection.database.client), collection.database.name)


def matches(query: dict, terms: list[str], visible: set[str], head: bool):
    """A predicate on summaries: ``search.query_filter``'s rules."""
    tag, phase = query.get("tag"), query.get("phase")
    school, space_id = query.get("school_urn"), query.get("space_id")
    wanted = frozenset(terms)

    def keep(s: dict) -> bool:
        if s["hidden"]:
            return False
        seen = s["space_id"] in visible or s["partnership_wide"]
        if not (seen or (head and s["kind"] == "feedback")):
            return False
        if wanted and not wanted <= s["words"]:
            return False
        if tag and tag not in s["tags"]:
            return False
        if phase and phase not in s["phases"]:
            return False
        if school is not None and s["school_urn"] != school:
            return False
        return not space_id or s["space_id"] == space_id

    return keep


posts = PostView()
