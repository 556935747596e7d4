"""The lookups the events and notifications services make over RPC: schools, groups, people and
who holds a role now."""

import pytest

from contracts import directory as c
from contracts.errors import InvalidInput, NotFound
from support.waiting import eventually

from .conftest import SERVICE, events_named


def test_get_school_carries_type_group_cluster_ofsted_and_moderation(directory, rpc):
    school = rpc.directory.get_school(900003, caller=SERVICE)
    assert school["type_group"] == "Local authority maintained schools"
    assert school["cluster"] in {"north", "south", "central", "east"}
    assert len(school["moderation_selected_years"]) == 1
    assert {"ofsted_rating", "report_card", "predecessor_urns"} <= set(school)
    with pytest.raises(NotFound):
        rpc.directory.get_school(1, caller=SERVICE)


def test_list_schools_filters_by_cluster_and_phase(directory, rpc):
    north = rpc.directory.list_schools({"cluster": "north", "per_page": 200}, caller=SERVICE)
    assert north["total"] > 0
    assert {s["cluster"] for s in north["items"]} == {"north"}
    secondary = rpc.directory.list_schools({"phase": "Secondary", "per_page": 200}, caller=SERVICE)
    assert secondary["total"] >= 1
    assert {s["phase"] for s in secondary["items"]} == {"Secondary"}


def test_schools_and_people_are_listed_by_urn_and_id_for_a_page_of_names(directory, rpc):
    """A page naming rows fetches their names in one call each: ``urns`` and ``ids``."""
    found = rpc.directory.list_schools({"urns": [900003, 900001, 1]}, caller=SERVICE)
    assert sorted(s["urn"] for s in found["items"]) == [900001, 900003]
    assert found["total"] == 2
    people = rpc.directory.list_people({"per_page": 3}, caller=SERVICE)["items"]
    wanted = [people[2]["id"], people[0]["id"], "no-such-person"]
    named = rpc.directory.list_people({"ids": wanted}, caller=SERVICE)
    assert {p["id"] for p in named["items"]} == {people[0]["id"], people[2]["id"]}
    with pytest.raises(InvalidInput) as exc:
        rpc.directory.list_schools({"urns": list(range(1, 300))}, caller=SERVICE)
    assert "urns" in exc.value.fields


def test_get_group_names_chair_secretary_and_members(directory, rpc):
    group = rpc.directory.get_group("inclusion", caller=SERVICE)
    assert group["name"] == "Inclusion"
    assert group["chair"]["name"] == "Mo Marram"
    assert group["chair_person_id"] in group["members"]
    assert group["secretary_person_id"] in group["members"]
    with pytest.raises(NotFound):
        rpc.directory.get_group("nope", caller=SERVICE)


def test_the_list_of_groups_names_every_member_as_each_group_does(directory, rpc):
    """The list names all the groups' members with one look-up: the same names, schools and
    offices as each group read on its own."""
    listed = rpc.directory.list_groups(caller=SERVICE)
    assert listed["total"] == len(listed["items"]) >= 2
    assert any(group["member_details"] for group in listed["items"])
    for group in listed["items"]:
        alone = rpc.directory.get_group(group["id"], caller=SERVICE)
        assert group["member_details"] == alone["member_details"]
        assert [d["person_id"] for d in group["member_details"]] == group["members"]
        assert (group["chair"], group["secretary"]) == (alone["chair"], alone["secretary"])


def test_find_role_holders_for_school_roles_and_group_offices(directory, rpc):
    sencos = rpc.directory.find_role_holders(
        {"role": "senco", "school_urn": 900001}, caller=SERVICE
    )
    assert [p["name"] for p in sencos["items"]] == ["Sam Senco"]
    chair = rpc.directory.find_role_holders(
        {"role": "chair", "group_id": "inclusion"}, caller=SERVICE
    )
    assert [p["email"] for p in chair["items"]] == ["senco@marram.demo.partnership.test"]
    with pytest.raises(InvalidInput) as exc:
        rpc.directory.find_role_holders({"role": "chair"}, caller=SERVICE)
    assert "group_id" in exc.value.fields


def test_teachers_carry_year_groups_and_subjects(directory, rpc):
    found = rpc.directory.list_people({"subject": "Maths"}, caller=SERVICE)
    assert [p["name"] for p in found["items"]] == ["Max Maths"]
    person = rpc.directory.get_person(found["items"][0]["id"], caller=SERVICE)
    assert person["year_groups"] == ["Year 5", "Year 6"]


def test_people_are_found_by_their_schools_cluster_phase_and_type(directory, rpc, coordinator):
    school = rpc.directory.get_school(900001, caller=SERVICE)
    found = rpc.directory.list_people(
        {"cluster": school["cluster"], "type": school["type"], "role": "headteacher"},
        caller=SERVICE,
    )
    assert "Hana Head" in [p["name"] for p in found["items"]]
    assert {p["school_urn"] for p in found["items"]} <= {
        s["urn"]
        for s in rpc.directory.list_schools(
            {"cluster": school["cluster"], "per_page": 200}, caller=SERVICE
        )["items"]
    }
    assert rpc.directory.update_group("cpd", {}, caller=coordinator)["id"] == "cpd"


def test_a_school_entered_by_hand_is_found_and_announced(directory, rpc, coordinator):
    body = {
        "urn": 8909999,
        "name": "Windmill Free School (synthetic)",
        "phase": "Primary",
        "type": "Free schools",
        "cluster": "east",
    }
    assert rpc.directory.create_school(body, caller=coordinator)["cluster"] == "east"
    found = rpc.directory.list_schools({"q": "windmill"}, caller=SERVICE)
    assert [s["urn"] for s in found["items"]] == [8909999]
    assert eventually(lambda: events_named(c.SCHOOL_ADDED))[0]["urn"] == 8909999
