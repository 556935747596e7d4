"""Role-addressed messages resolve to the post holder, or to the fallback when vacant."""

from notifications.recipients import RoleAddress, fallback_chain, resolve


def lookup(table):
    return lambda role, urn, group: table.get((role, urn, group), [])


def test_the_post_holder_gets_the_message():
    holders = lookup({("senco", 1, None): ["s1"], ("headteacher", 1, None): ["h1"]})
    assert resolve(RoleAddress("senco", school_urn=1), holders) == ["s1"]


def test_a_vacant_post_falls_back_to_the_deputy_then_the_head():
    assert resolve(RoleAddress("senco", 1), lookup({("deputy_head", 1, None): ["d1"]})) == ["d1"]
    assert resolve(RoleAddress("senco", 1), lookup({("headteacher", 1, None): ["h1"]})) == ["h1"]


def test_a_vacant_headship_falls_back_by_the_one_documented_order():
    assert fallback_chain(RoleAddress("headteacher", 1)) == (
        "headteacher",
        "deputy_head",
        "business_manager",
        "school_admin",
    )
    only_admin = lookup({("school_admin", 1, None): ["a1"]})
    assert resolve(RoleAddress("headteacher", 1), only_admin) == ["a1"]


def test_a_group_chair_falls_back_to_the_secretary():
    holders = lookup({("secretary", None, "inclusion"): ["sec"]})
    assert resolve(RoleAddress("chair", group_id="inclusion"), holders) == ["sec"]


def test_nobody_at_all_resolves_to_nobody():
    assert resolve(RoleAddress("senco", 1), lookup({})) == []
