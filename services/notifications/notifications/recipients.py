"""Role-addressed messages ("the SENCo at URN x", "the chair of the Inclusion group"): who holds
the post now, falling back to a deputy or the headteacher when it is vacant. Pure: the lookup of
holders is passed in.

>>> holders = {("headteacher", 1, None): ["h1"]}
>>> resolve(RoleAddress("senco", school_urn=1), lambda r, u, g: holders.get((r, u, g), []))
['h1']
"""

from collections.abc import Callable
from dataclasses import dataclass

SCHOOL_FALLBACK = ("deputy_head", "headteacher")
GROUP_FALLBACK = {"chair": ("secretary",), "secretary": ("chair",), "member": ()}


@dataclass(frozen=True)
class RoleAddress:
    role: str
    school_urn: int | None = None
    group_id: str | None = None


def fallback_chain(address: RoleAddress) -> tuple[str, ...]:
    """The role itself, then who stands in when it is vacant."""
    if address.group_id is not None:
        rest = GROUP_FALLBACK.get(address.role, ())
    elif address.school_urn is not None:
        rest = tuple(r for r in SCHOOL_FALLBACK if r != address.role)
        if address.role == "headteacher":
            rest = ("deputy_head",)
    else:
        rest = ()
    return (address.role, *rest)


def resolve(
    address: RoleAddress, holders: Callable[[str, int | None, str | None], list[str]]
) -> list[str]:
    """Person ids holding the addressed post, or its first filled fallback; [] when all vacant."""
    for role in fallback_chain(address):
        found = holders(role, address.school_urn, address.group_id)
        if found:
            return sorted(set(found))
    return []
