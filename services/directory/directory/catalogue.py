"""Read models for search: each directory process keeps summaries of every school and offer in
memory and brings them up to date before each search from the documents whose ``rev`` (write time
in ns, set by every write) is recent. Fetching only changed documents keeps a search to a few ms
on any MongoDB-wire store, where a scan of 25k documents per query would not be."""

import threading
import time
from datetime import date, datetime

from directory.listing import OFFER_FILTERS, SCHOOL_FILTERS, Postings, TokenIndex, base_rank
from directory.storage import Offer, School, raw

# Writes whose rev is older than this when a refresh starts may be missed: keep it above the
# longest time between taking ``rev`` and the write landing (and any clock skew between hosts).
# A full reload every FULL_RELOAD_SECONDS (in the background) heals anything missed even so.
OVERLAP_NS = 5_000_000_000
FULL_RELOAD_SECONDS = 600


def _day(value) -> date | None:
    return value.date() if isinstance(value, datetime) else value


class Catalogue:
    """Summaries of one collection's documents, refreshed incrementally by ``rev``."""

    def __init__(self, document_class, fields: tuple[str, ...], summarise):
        self._document = document_class
        self._fields = {f: 1 for f in (*fields, "rev")}
        self._summarise = summarise
        self._lock = threading.Lock()
        self._reset(None)

    def _reset(self, key) -> None:
        self._key, self._since, self.version = key, None, 0
        self._loaded_at = time.monotonic()
        self.items: dict = {}
        self._derived: dict = {}

    def refresh(self) -> dict:
        """Bring the summaries up to date; returns them by id."""
        collection = raw(self._document)
        key = self._key_of(collection)
        with self._lock:
            if key != self._key:
                self._reset(key)
            started = time.time_ns()
            query = {} if self._since is None else {"rev": {"$gte": self._since}}
            changed = False
            for doc in collection.find(query, self._fields):
                self.items[doc["_id"]] = self._summarise(doc)
                changed = True
            self._since = started - OVERLAP_NS
            if changed:
                self.version += 1
                self._derived = {}
            return self.items

    def _key_of(self, collection) -> tuple:
        return (id(collection.database.client), collection.database.name)

    def reload(self) -> None:
        """Read every document afresh while searches go on with the current summaries, then swap;
        the next refresh re-reads what changed meanwhile."""
        collection = raw(self._document)
        started = time.time_ns()
        fresh = {doc["_id"]: self._summarise(doc) for doc in collection.find({}, self._fields)}
        with self._lock:
            if self._key_of(collection) != self._key:
                self._reset(self._key_of(collection))
            self.items = fresh
            self._since = min(self._since or started, started - OVERLAP_NS)
            self._loaded_at = time.monotonic()
            self.version += 1
            self._derived = {}

    def maintain(self) -> None:
        """Periodic upkeep: refresh, and reload everything when the last full load is old."""
        if self._since is not None and time.monotonic() - self._loaded_at > FULL_RELOAD_SECONDS:
            self.reload()
        self.refresh()

    def derived(self, name: str, build):
        """``build(items)`` cached until the summaries change (sorted lists, token indexes)."""
        with self._lock:
            if name not in self._derived:
                self._derived[name] = build(self.items)
            return self._derived[name]


SCHOOL_FIELDS = (
    "name",
    "name_tokens",
    "phase",
    "type",
    "type_group",
    "la_code",
    "la_name",
    "status",
    "postcode",
    "cluster",
    "ofsted_rating",
    "moderation_selected_years",
)


def _school_summary(doc: dict) -> dict:
    item = {f: doc.get(f) for f in SCHOOL_FIELDS if f != "name_tokens"}
    item["urn"] = doc["_id"]
    item["moderation_selected_years"] = sorted(doc.get("moderation_selected_years") or [])
    item["_tokens"] = doc.get("name_tokens") or []
    return item


OFFER_FIELDS = (
    "school_urn",
    "school_name",
    "cluster",
    "person_id",
    "person_name",
    "area",
    "title",
    "title_tokens",
    "description",
    "phases",
    "academic_year",
    "capacity_days",
    "days_committed",
    "days_remaining",
    "last_verified_on",
    "verification_due_on",
    "status",
)


def _offer_summary(doc: dict) -> dict:
    item = {f: doc.get(f) for f in OFFER_FIELDS if f != "title_tokens"}
    item["id"] = doc["_id"]
    item["phases"] = list(doc.get("phases") or [])
    item["last_verified_on"] = _day(doc.get("last_verified_on"))
    item["verification_due_on"] = _day(doc.get("verification_due_on"))
    item["_tokens"] = doc.get("title_tokens") or []
    return item


schools = Catalogue(School, SCHOOL_FIELDS, _school_summary)
offers = Catalogue(Offer, OFFER_FIELDS, _offer_summary)


def _by_name(items: dict) -> tuple[list[dict], dict]:
    ordered = sorted(items.values(), key=lambda s: (s["name"], s["urn"]))
    return ordered, {s["urn"]: i for i, s in enumerate(ordered)}


def school_views() -> tuple[list[dict], dict, Postings, TokenIndex]:
    """Every school summary in name order, its rank map, postings and token index (current)."""
    schools.refresh()
    ordered, rank = schools.derived("by_name", _by_name)
    postings = schools.derived("postings", lambda items: Postings(items, SCHOOL_FILTERS))
    index = schools.derived(
        "tokens", lambda items: TokenIndex((u, s["_tokens"]) for u, s in items.items())
    )
    return ordered, rank, postings, index


def offer_views() -> tuple[dict, Postings, TokenIndex, dict]:
    """Offer summaries by id, their postings, token index and base ranking (current)."""
    items = offers.refresh()
    rank = offers.derived("rank", lambda items: base_rank(items.values()))
    postings = offers.derived("postings", lambda items: Postings(items, OFFER_FILTERS))
    index = offers.derived(
        "tokens", lambda items: TokenIndex((i, o["_tokens"]) for i, o in items.items())
    )
    return items, postings, index, rank


def public(item: dict) -> dict:
    """A summary without its private search fields."""
    return {k: v for k, v in item.items() if not k.startswith("_")}
