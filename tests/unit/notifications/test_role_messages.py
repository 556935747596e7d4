"""A coordinator's message to the holders of a role: who may send it, and who it reaches."""

import pytest

from contracts.caller import Caller, load_caller
from contracts.errors import Forbidden, InvalidInput, Unauthorized
from notifications import audience, permissions

COORDINATOR = Caller(id="p-coordinator", roles=("coordinator",))


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (COORDINATOR, None),
        (Caller(id="p-la", roles=("la_officer",)), Forbidden),
        (Caller(id="p-head", roles=("headteacher",), school_urn=1), Forbidden),
        (Caller.service("directory"), Forbidden),
        (Caller(id="service:x", roles=("teacher",)), Forbidden),
        (load_caller(None), Unauthorized),
    ],
)
def test_only_the_coordinator_messages_the_holders_of_a_role(caller, expected):
    if expected is None:
        permissions.check_may_message_roles(caller)
    else:
        with pytest.raises(expected):
            permissions.check_may_message_roles(caller)


PEOPLE = [
    {"id": "senco-1", "roles": ["senco"], "school_urn": 1},
    {"id": "senco-2", "roles": ["senco"], "school_urn": 2},
    {"id": "senco-3", "roles": ["senco"], "school_urn": 3},
    {"id": "head-1", "roles": ["headteacher"], "school_urn": 1},
]
CLUSTER_OF = {1: "north", 2: "north", 3: "south"}
GROUPS = {
    "inclusion": {"chair": ["senco-1"], "secretary": ["senco-3"], "member": ["senco-3"]},
    "finance": {"chair": ["senco-1"], "secretary": ["head-1"], "member": []},
}


class FakeDirectory:
    def clusters(self):
        return [{"id": "north", "name": "North"}, {"id": "south", "name": "South"}]

    def group_ids(self):
        return list(GROUPS)

    def has_group(self, group_id):
        return group_id in GROUPS

    def has_school(self, urn):
        return urn in CLUSTER_OF

    def cluster_urns(self, cluster):
        return {urn for urn, c in CLUSTER_OF.items() if c == cluster}

    def people(self, query):
        found = [p for p in PEOPLE if query["role"] in p["roles"]]
        if "school_urn" in query:
            found = [p for p in found if p["school_urn"] == query["school_urn"]]
        if "cluster" in query:
            found = [p for p in found if CLUSTER_OF[p["school_urn"]] == query["cluster"]]
        return found

    def group_holders(self, role, group_id):
        by_id = {p["id"]: p for p in PEOPLE}
        return [by_id[pid] for pid in GROUPS[group_id][role]]


def select(**data):
    return audience.select({"role": "senco", **data}, FakeDirectory())


def test_a_school_role_in_a_cluster_named_in_any_case():
    assert select(cluster="NORTH") == ["senco-1", "senco-2"]
    assert select(cluster="South") == ["senco-3"]
    assert select(school_urn=2) == ["senco-2"]
    assert select(group_id="inclusion") == ["senco-3"]


def test_the_chairs_of_all_groups_each_once():
    assert select(role="chair") == ["senco-1"]
    assert select(role="secretary") == ["senco-3", "head-1"]
    assert select(role="secretary", cluster="north") == ["head-1"]


@pytest.mark.parametrize(
    ("data", "field"),
    [({"cluster": "Atlantis"}, "cluster"), ({"group_id": "nope"}, "group_id"),
     ({"school_urn": 9}, "school_urn")],
)  # fmt: skip
def test_an_unknown_cluster_group_or_school_is_refused_by_name(data, field):
    with pytest.raises(InvalidInput) as refused:
        select(**data)
    assert field in refused.value.fields
