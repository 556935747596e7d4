"""In-memory search over school and offer summaries."""

from datetime import date

from contracts import directory as c
from contracts.common import load
from directory.domain import tokens
from directory.listing import (
    Postings,
    TokenIndex,
    filter_schools,
    offer_candidates,
    offer_matches,
    rank_for_search,
)

SCHOOLS = {
    1: {"urn": 1, "name": "Beacon Hill Primary", "phase": "Primary", "cluster": "north"},
    2: {"urn": 2, "name": "Anchor High", "phase": "Secondary", "cluster": "north"},
    3: {"urn": 3, "name": "Beacon Rise Academy", "phase": "Secondary", "cluster": "south"},
}
for school in SCHOOLS.values():
    school["moderation_selected_years"] = ["2026-27"] if school["urn"] == 3 else []


def _search(**query):
    ordered = sorted(SCHOOLS.values(), key=lambda s: s["name"])
    rank = {s["urn"]: i for i, s in enumerate(ordered)}
    postings = Postings(SCHOOLS, ("phase", "cluster", "status", "moderation_selected_years"))
    index = TokenIndex((u, tokens(s["name"])) for u, s in SCHOOLS.items())
    total, page = filter_schools(ordered, rank, postings, index, load(c.SchoolQuerySchema, query))
    return total, [s["urn"] for s in page]


def test_name_prefixes_must_all_match():
    assert _search(q="beac")[1] == [1, 3]
    assert _search(q="beacon ri")[1] == [3]
    assert _search(q="zzz") == (0, [])


def test_filters_combine_and_results_come_in_name_order():
    assert _search(phase="Secondary") == (2, [2, 3])
    assert _search(phase="Secondary", cluster="north") == (1, [2])
    assert _search(moderation_year="2026-27") == (1, [3])


def test_pages_count_the_whole_result():
    assert _search(per_page=1, page=2) == (3, [1])


def _offer(oid, area="maths", cluster="north", days=2.0, due=date(2027, 1, 1), **extra):
    return {
        "id": oid,
        "area": area,
        "cluster": cluster,
        "days_remaining": days,
        "status": "active",
        "phases": ["Primary"],
        "school_urn": 1,
        "person_id": None,
        "verification_due_on": due,
        **extra,
    }


def test_offer_search_hides_full_and_withdrawn_offers_and_ranks_near_first():
    offers = {
        o["id"]: o
        for o in [
            _offer("far", cluster="south", due=date(2027, 6, 1)),
            _offer("near"),
            _offer("full", days=0),
            _offer("gone", status="withdrawn"),
            _offer("other", area="send"),
        ]
    }
    postings = Postings(offers, ("status", "area", "cluster", "school_urn", "person_id", "phases"))
    query = load(c.OfferQuerySchema, {"area": "maths", "phase": "Primary"})
    found = [offers[i] for i in offer_candidates(postings, query)]
    found = [o for o in found if offer_matches(o, query, None)]
    assert [o["id"] for o in rank_for_search(found, "north")] == ["near", "far"]
    assert [o["id"] for o in rank_for_search(found, None)] == ["far", "near"]
    roomy = load(c.OfferQuerySchema, {"min_days": 3})
    assert not offer_matches(offers["near"], roomy, None)
