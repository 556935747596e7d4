"""In-memory search over school and offer summaries (pure): name-token prefixes, filters, name
order and offer ranking. The catalogue keeps the summaries current; this module only reads them."""

from bisect import bisect_left
from collections.abc import Iterable
from datetime import date

from directory.domain import tokens


class TokenIndex:
    """Word token -> ids, with prefix lookup: ``ids_for("north gull")`` -> ids having a token
    starting with ``north`` and one starting with ``gull``."""

    def __init__(self, entries: Iterable[tuple[object, list[str]]]):
        self._ids: dict[str, set] = {}
        for item_id, words in entries:
            for word in words:
                self._ids.setdefault(word, set()).add(item_id)
        self._sorted = sorted(self._ids)

    def _prefix(self, prefix: str) -> set:
        found: set = set()
        i = bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            found |= self._ids[self._sorted[i]]
            i += 1
        return found

    def ids_for(self, text: str) -> set | None:
        """Ids matching every word of ``text`` as a prefix; None when ``text`` has no words."""
        words = tokens(text)
        if not words:
            return None
        result = None
        for word in sorted(words, key=len, reverse=True):
            ids = self._prefix(word)
            result = ids if result is None else result & ids
            if not result:
                return set()
        return result


class Postings:
    """Field value -> ids for exact-match filters (list fields count each element)."""

    def __init__(self, items: dict, fields: tuple[str, ...]):
        self.all = set(items)
        self._by: dict[str, dict] = {f: {} for f in fields}
        for item_id, item in items.items():
            for field in fields:
                value = item.get(field)
                for v in value if isinstance(value, list) else [value]:
                    self._by[field].setdefault(v, set()).add(item_id)

    def values(self, field: str) -> list:
        """The values some item holds in ``field``."""
        return list(self._by[field])

    def ids(self, wanted: dict) -> set:
        """Ids whose fields hold every wanted value."""
        result = None
        for field, value in sorted(
            wanted.items(), key=lambda kv: len(self._by[kv[0]].get(kv[1], ()))
        ):
            ids = self._by[field].get(value, set())
            result = set(ids) if result is None else result & ids
            if not result:
                return set()
        return set(self.all) if result is None else result


SCHOOL_FILTERS = ("phase", "type", "type_group", "cluster", "status", "moderation_selected_years")


def filter_schools(
    ordered: list[dict], rank: dict, postings: Postings, index: TokenIndex, query: dict
) -> tuple[int, list[dict]]:
    """(total, page) of schools matching q, the field filters and the moderation year, in name
    order (``ordered``; ``rank`` maps urn -> position in it)."""
    wanted = {k: query[k] for k in SCHOOL_FILTERS[:-1] if query.get(k)}
    if query.get("moderation_year"):
        wanted["moderation_selected_years"] = query["moderation_year"]
    ids = postings.ids(wanted)
    if query.get("urns"):
        ids &= set(query["urns"])
    if query.get("q"):
        ids &= index.ids_for(query["q"]) or set()
    start, size = (query["page"] - 1) * query["per_page"], query["per_page"]
    if len(ids) * 8 < len(ordered):
        page = sorted(ids, key=rank.__getitem__)[start : start + size]
        return len(ids), [ordered[rank[u]] for u in page]
    page, seen = [], 0
    for school in ordered:
        if school["urn"] in ids:
            if seen >= start:
                page.append(school)
                if len(page) == size:
                    break
            seen += 1
    return len(ids), page


OFFER_FILTERS = ("status", "area", "cluster", "school_urn", "person_id", "phases")


def offer_candidates(postings: Postings, query: dict) -> set:
    """Ids of active offers matching the exact-match filters of an offer query."""
    wanted = {"status": "active"}
    wanted.update({k: query[k] for k in OFFER_FILTERS[1:-1] if query.get(k) is not None})
    if query.get("phase"):
        wanted["phases"] = query["phase"]
    return postings.ids(wanted)


def offer_matches(offer: dict, query: dict, ids: set | None) -> bool:
    if offer["status"] != "active":
        return False
    least = query.get("min_days") or 0
    if offer["days_remaining"] <= 0 and not query.get("include_full"):
        return False
    if least and offer["days_remaining"] < least:
        return False
    for key in ("area", "cluster", "school_urn", "person_id"):
        if query.get(key) is not None and offer.get(key) != query[key]:
            return False
    if query.get("phase") and query["phase"] not in offer.get("phases", ()):
        return False
    return ids is None or offer["id"] in ids


def base_rank(offers: Iterable[dict]) -> dict:
    """id -> position when ordered by most recently verified, then most days left."""

    def key(offer: dict) -> tuple[int, float, str]:
        due = offer.get("verification_due_on") or date.min
        return (-due.toordinal(), -offer["days_remaining"], offer["id"])

    return {o["id"]: i for i, o in enumerate(sorted(offers, key=key))}


def rank_for_search(
    offers: list[dict], near_cluster: str | None, rank: dict | None = None
) -> list[dict]:
    """Same cluster as the asker first, then the most recently verified, then most days left
    (``rank``: a precomputed ``base_rank`` of the offers, to save sorting)."""
    rank = rank if rank is not None else base_rank(offers)
    ordered = sorted(offers, key=lambda o: rank[o["id"]])
    if near_cluster:
        ordered.sort(key=lambda o: o.get("cluster") != near_cluster)  # stable
    return ordered
