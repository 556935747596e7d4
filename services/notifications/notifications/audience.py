"""Who a coordinator's message to a role reaches ("every SENCo in the north cluster", "the chairs
of all groups"): the people holding ``role`` now, narrowed by cluster, school and strategic group,
each once. Only the holders: a role's message does not fall back to a deputy (a post's message
does, ``recipients``). Pure: the directory is passed in (``DirectoryAudience`` over RPC).

A school role (``senco``, ``headteacher``, ...) is looked up in the directory's people, narrowed
to a cluster or a school, and to the members of a group when one is given. A group role
(``chair``, ``secretary``, ``member``) is looked up in one group, or in every group, narrowed to
the schools of a cluster or to a school. An unknown cluster, school or group is refused by name.
"""

from typing import Protocol

from contracts.directory import GROUP_ROLES
from contracts.errors import InvalidInput


class Directory(Protocol):
    def clusters(self) -> list[dict]:
        """``[{"id", "name"}]``."""

    def group_ids(self) -> list[str]: ...

    def has_group(self, group_id: str) -> bool: ...

    def has_school(self, urn: int) -> bool: ...

    def cluster_urns(self, cluster: str) -> set[int]: ...

    def people(self, query: dict) -> list[dict]:
        """Every person ``list_people`` finds for ``query`` (all pages)."""

    def group_holders(self, role: str, group_id: str) -> list[dict]: ...


def cluster_id(value: str, directory: Directory) -> str:
    """The cluster's id, matched on id or name without regard to case; 422 when unknown."""
    wanted = value.strip().casefold()
    for cluster in directory.clusters():
        if wanted in (str(cluster["id"]).casefold(), str(cluster.get("name", "")).casefold()):
            return cluster["id"]
    known = ", ".join(sorted(str(c["id"]) for c in directory.clusters()))
    raise InvalidInput("Unknown cluster.", {"cluster": [f"No cluster {value!r}; known: {known}."]})


def _check_known(data: dict, directory: Directory) -> None:
    if data.get("group_id") and not directory.has_group(data["group_id"]):
        raise InvalidInput("Unknown group.", {"group_id": [f"No group {data['group_id']!r}."]})
    urn = data.get("school_urn")
    if urn is not None and not directory.has_school(urn):
        raise InvalidInput("Unknown school.", {"school_urn": [f"No school with URN {urn}."]})


def select(data: dict, directory: Directory) -> list[str]:
    """The ids of the people ``data`` (``RoleMessageSchema``: role, cluster, school_urn,
    group_id) addresses, each once, in a stable order. Errors: InvalidInput (unknown cluster,
    school or group)."""
    role, group_id, urn = data["role"], data.get("group_id"), data.get("school_urn")
    cluster = cluster_id(data["cluster"], directory) if data.get("cluster") else None
    _check_known(data, directory)
    if role in GROUP_ROLES:
        groups = [group_id] if group_id else directory.group_ids()
        found = [p for g in groups for p in directory.group_holders(role, g)]
        if urn is not None:
            found = [p for p in found if p.get("school_urn") == urn]
        if cluster is not None:
            urns = directory.cluster_urns(cluster)
            found = [p for p in found if p.get("school_urn") in urns]
    else:
        query = {"role": role, "cluster": cluster, "school_urn": urn}
        found = directory.people({k: v for k, v in query.items() if v is not None})
        if group_id:
            members = {p["id"] for p in directory.group_holders("member", group_id)}
            found = [p for p in found if p["id"] in members]
    return list(dict.fromkeys(p["id"] for p in found))
