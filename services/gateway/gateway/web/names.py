"""Names for what a page shows by id: schools by URN and people by id, one directory call each
for every name on the page (``list_schools`` with ``urns``, ``list_people`` with ``ids``), so a
page's calls do not grow with its rows and a school or person beyond the first page of the
directory still has its name."""

from collections.abc import Iterable

from contracts.clients.directory import DirectoryClient
from gateway.rpc import call

LIMIT = 200  # the most a directory list call returns at once


def _wanted(values: Iterable) -> list:
    return sorted({v for v in values if v is not None and v != ""}, key=str)[:LIMIT]


def school_names(urns: Iterable[int | None]) -> dict[int, str]:
    """URN -> school name for the URNs given (nothing asked when there are none)."""
    wanted = _wanted(urns)
    if not wanted:
        return {}
    found = call(DirectoryClient.list_schools, {"urns": wanted, "per_page": LIMIT})["items"]
    return {s["urn"]: s["name"] for s in found}


def people_names(ids: Iterable[str | None]) -> dict[str, str]:
    """Person id -> name for the ids given (nothing asked when there are none)."""
    wanted = _wanted(ids)
    if not wanted:
        return {}
    found = call(DirectoryClient.list_people, {"ids": wanted, "per_page": LIMIT})["items"]
    return {p["id"]: p["name"] for p in found}


def school_options() -> dict[int, str]:
    """URN -> name of the schools a form offers in a list, in name order: the first page of the
    directory (at most 200 schools; a typed name is the way to any other)."""
    found = call(DirectoryClient.list_schools, {"per_page": LIMIT})["items"]
    return {s["urn"]: s["name"] for s in found}
