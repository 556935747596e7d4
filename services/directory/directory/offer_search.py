"""Finding offers: the ranked search of active offers with days left (same cluster as the
asking school first, then the most recently verified, then the most days remaining), read from
the warm offer catalogue, and an offer as a search lists it (with whether its verification is
overdue)."""

from datetime import date

from contracts.common import page_start
from directory import catalogue
from directory.domain import is_overdue
from directory.listing import offer_candidates, offer_matches, rank_for_search
from directory.schools import get_school


def listed_offer(offer: dict, today: date) -> dict:
    return {
        **catalogue.public(offer),
        "verification_overdue": is_overdue(offer.get("verification_due_on"), today),
    }


def _cluster_of(urn: int) -> str | None:
    """A school's cluster from the school catalogue (kept warm by the service), else the store."""
    known = catalogue.schools.items.get(urn)
    return known["cluster"] if known else get_school(urn).cluster


def search_offers(query: dict, today: date) -> dict:
    """Active offers with days left, ranked: same cluster as ``near_urn`` first, then the most
    recently verified, then the most days remaining. Full offers are hidden."""
    near = _cluster_of(query["near_urn"]) if query.get("near_urn") else None
    offers, postings, index, rank = catalogue.offer_views()
    ids = index.ids_for(query["q"]) if query.get("q") else None
    candidates = (offers[i] for i in offer_candidates(postings, query))
    found = rank_for_search([o for o in candidates if offer_matches(o, query, ids)], near, rank)
    start = page_start(query)
    items = []
    for offer in found[start : start + query["per_page"]]:
        item = listed_offer(offer, today)
        item["reasons"] = ["same cluster"] if near and offer["cluster"] == near else []
        items.append(item)
    return {"items": items, "total": len(found)}
