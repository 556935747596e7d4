"""Ranking offers for a support request: weakest report-card areas, same cluster first."""

from datetime import date

from directory.matching import rank_offers, weakest_areas

TODAY = date(2026, 11, 23)


def _offer(oid, area, cluster="north", urn=2, days=5.0, **extra):
    return {
        "id": oid,
        "area": area,
        "cluster": cluster,
        "school_urn": urn,
        "days_remaining": days,
        "phases": [],
        "last_verified_on": date(2026, 9, 1),
        "verification_due_on": date(2027, 9, 1),
        **extra,
    }


def _school(grades=None, cluster="north", safeguarding="met"):
    card = {"grades": grades, "safeguarding": safeguarding} if grades is not None else None
    return {"urn": 1, "cluster": cluster, "phase": "Primary", "report_card": card}


def test_weakest_areas_are_the_lowest_graded_and_anything_needing_attention():
    card = {
        "grades": {
            "achievement": "needs_attention",
            "inclusion": "urgent_improvement",
            "leadership_and_governance": "strong_standard",
            "curriculum_and_teaching": "expected_standard",
        },
        "safeguarding": "met",
    }
    assert weakest_areas(card) == ["inclusion", "achievement"]


def test_no_weakness_when_every_area_is_strong():
    card = {"grades": {"achievement": "strong_standard", "inclusion": "exceptional"}}
    assert weakest_areas(card) == []
    assert weakest_areas(None) == []


def test_safeguarding_not_met_is_the_first_weakness():
    assert weakest_areas({"grades": {}, "safeguarding": "not_met"}) == ["safeguarding"]


def test_same_cluster_comes_before_a_better_score_elsewhere():
    offers = [_offer("far", "reading", cluster="south", days=10), _offer("near", "reading")]
    ranked = rank_offers(offers, {"area": "reading"}, _school(), TODAY)
    assert [r.offer["id"] for r in ranked] == ["near", "far"]


def test_an_offer_answering_a_weak_area_outranks_one_that_does_not():
    school = _school({"achievement": "urgent_improvement", "inclusion": "strong_standard"})
    offers = [_offer("phonics", "phonics"), _offer("maths", "maths")]
    request = {"area": "phonics"}
    ranked = rank_offers(offers, request, school, TODAY)
    # both answer achievement; phonics is also the area asked for
    assert [r.offer["id"] for r in ranked] == ["phonics", "maths"]
    assert "answers a weaker report-card area: achievement" in ranked[1].reasons


def test_unrelated_full_and_own_school_offers_are_left_out():
    offers = [
        _offer("unrelated", "governance"),
        _offer("full", "reading", days=0),
        _offer("own", "reading", urn=1),
        _offer("ok", "reading"),
    ]
    ranked = rank_offers(offers, {"area": "reading"}, _school(), TODAY)
    assert [r.offer["id"] for r in ranked] == ["ok"]


def test_an_overdue_verification_ranks_lower():
    stale = _offer("stale", "reading", verification_due_on=date(2026, 1, 1))
    ranked = rank_offers([stale, _offer("fresh", "reading")], {"area": "reading"}, _school(), TODAY)
    assert [r.offer["id"] for r in ranked] == ["fresh", "stale"]
    assert "verification overdue" in ranked[1].reasons
