"""Role-addressed messages ("the SENCo at URN x", "the chair of the Inclusion group"): who holds
the post now; a vacant school post falls back by the one order of ``contracts.leadership``
(headteacher, deputy head, business manager, school administrator). Pure: the lookup of holders
is passed in.

>>> holders = {("headteacher", 1, None): ["h1"]}
>>> resolve(RoleAddress("senco", school_urn=1), lambda r, u, g: holders.get((r, u, g), []))
['h1']
"""

from collections.abc import Callable
from dataclasses import dataclass

from contracts.leadership import chain_for

GROUP_FALLBACK = {"chair": ("secretary",), "secretary": ("chair",), "member": ()}


@dataclass(frozen=True)
class RoleAddress:
    role: str
    school_urn: int | None = None
    group_id: str | None = None


def fallback_chain(address: RoleAddress) -> tuple[str, ...]:
    """The role itself, then who stands in when it is vacant."""
    if address.group_id is not None:
        return (address.role, *GROUP_FALLBACK.get(address.role, ()))
    if address.school_urn is not None:
        return chain_for(address.role)
    return (address.role,)


def resolve(
    address: RoleAddress, holders: Callable[[str, int | None, str | None], list[str]]
) -> list[str]:
    """Person ids holding the addressed post, or its first filled fallback; [] when all vacant."""
    for role in fallback_chain(address):
        found = holders(role, address.school_urn, address.group_id)
        if found:
            return sorted(set(found))
    return []
