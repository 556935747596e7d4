"""Who leads a school when a post is vacant: the one fallback order every service follows.

A school's approver of bookings, "the headteacher" a message is addressed to, the heads told of a
support case: each is the first filled post in ``LEADER_FALLBACK``, after the school's explicitly
designated approver (when there is one). Nobody at all: the partnership coordinator answers.
The platform has no separate executive head or head of school roles: an executive head or head of
school holds the ``headteacher`` role.

>>> holders = {"deputy_head": ["d1"], "school_admin": ["a1"]}
>>> school_leader(lambda role: holders.get(role, []))
('d1', 'deputy_head')
>>> school_leader(lambda role: holders.get(role, []), designated="b1")
('b1', 'designated')
>>> school_leader(lambda role: [])
(None, None)
>>> leaders(lambda role: holders.get(role, []))
['d1']
"""

from collections.abc import Callable

# the designated approver first (when set), then these posts in order, then the coordinator
LEADER_FALLBACK = ("headteacher", "deputy_head", "business_manager", "school_admin")
APPROVER_SOURCES = ("designated", *LEADER_FALLBACK)
FALLBACK_DESCRIPTION = (
    "the school's designated approver, else its headteacher (an executive head or head of "
    "school holds that role), else a deputy head, else the school business manager, else the "
    "school administrator; a school with none of these is answered by the partnership "
    "coordinator"
)

Holders = Callable[[str], list[str]]


def leaders(holders: Holders, posts: tuple[str, ...] = LEADER_FALLBACK) -> list[str]:
    """Everyone holding the first filled post of ``posts`` (sorted); [] when all are vacant."""
    for role in posts:
        found = holders(role)
        if found:
            return sorted(set(found))
    return []


def school_leader(holders: Holders, designated: str | None = None) -> tuple[str | None, str | None]:
    """(person id, source) of the one person who answers for the school: the designated approver,
    else the first (by id) holder of the first filled post; (None, None) when nobody does."""
    if designated:
        return designated, "designated"
    for role in LEADER_FALLBACK:
        found = sorted(set(holders(role)))
        if found:
            return found[0], role
    return None, None


def chain_for(role: str) -> tuple[str, ...]:
    """A school post and who stands in when it is vacant: the post, then the leaders in order."""
    return (role, *(r for r in LEADER_FALLBACK if r != role))
