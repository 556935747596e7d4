"""People's and schools' names for answers a person reads (delivery records): one directory call
for the page's people and one for their schools, never one a row. When the directory does not
answer, the ids stay and the names are None (the records are still shown)."""

import logging

from notifications.ports import Unavailable

_log = logging.getLogger(__name__)


def with_names(items: list[dict], people) -> list[dict]:
    """``items`` (each with ``person_id``) with ``person_name``, ``school_urn`` and
    ``school_name`` added."""
    ids = sorted({item["person_id"] for item in items if item.get("person_id")})
    try:
        found = people.people(ids) if ids else {}
        urns = sorted({p["school_urn"] for p in found.values() if p.get("school_urn")})
        schools = people.school_names(urns) if urns else {}
    except Unavailable:
        _log.warning("delivery records without names: the directory did not answer")
        found, schools = {}, {}
    named = []
    for item in items:
        person = found.get(item.get("person_id")) or {}
        urn = person.get("school_urn")
        named.append(
            {
                **item,
                "person_name": person.get("name"),
                "school_urn": urn,
                "school_name": schools.get(urn) if urn is not None else None,
            }
        )
    return named
