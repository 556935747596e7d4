"""List filters whose allowed values are the directory's own data (clusters, support areas,
GIAS establishment types, type groups and statuses): matched whatever their case, and an
unknown value refused (InvalidInput naming the filter and listing the allowed values) instead of
an empty page. Fixed lists (phases, roles, statuses) are refused by the contracts' ``Choice``."""

from contracts.choices import resolve_choice, resolve_named
from directory import catalogue
from directory.storage import Cluster, SupportArea

SCHOOL_FACTS = ("type", "type_group", "status")
SCHOOL_FILTERS = (*SCHOOL_FACTS, "cluster")


def cluster(value: str) -> str:
    """A cluster's id, from its id or name."""
    named = {row.id: row.name for row in Cluster.objects.only("id", "name")}
    return resolve_named("cluster", value, named)


def area(value: str) -> str:
    """A support area's key, from its key or name."""
    named = {row.id: row.name for row in SupportArea.objects.only("id", "name")}
    return resolve_named("area", value, named)


def school_fact(name: str, value: str) -> str:
    """A GIAS value some school holds (``type``, ``type_group`` or ``status``)."""
    _, _, postings, _ = catalogue.school_views()
    return resolve_choice(name, value, sorted(v for v in postings.values(name) if v))


RESOLVERS = {"cluster": cluster, "area": area}


def resolved(query: dict, names: tuple[str, ...]) -> dict:
    """``query`` with each of the ``names`` filters it sets in the spelling the data uses."""
    query = dict(query)
    for name in names:
        if query.get(name):
            if name in SCHOOL_FACTS:
                query[name] = school_fact(name, query[name])
            else:
                query[name] = RESOLVERS[name](query[name])
    return query
