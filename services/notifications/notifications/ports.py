"""What the use cases need from other services, as small interfaces (the service wires nameko RPC
adapters in; unit tests pass fakes)."""

from typing import Protocol


class Unavailable(Exception):
    """Another service did not answer; the caller retries later."""


class People(Protocol):
    def holders(self, role: str, school_urn: int | None, group_id: str | None) -> list[str]:
        """Ids of the people holding ``role`` (at a school, in a group, or anywhere)."""

    def person(self, person_id: str) -> dict | None:
        """``{"id", "email", "name", ...}`` or None when the directory has no such person."""

    def cluster_people(self, cluster: str) -> list[str]:
        """Ids of the people the cluster's news goes to."""

    def people(self, person_ids: list[str]) -> dict[str, dict]:
        """The people with these ids (``{"id", "name", "school_urn", ...}``), by id."""

    def school_names(self, urns: list[int]) -> dict[int, str]:
        """The names of the schools with these URNs, by URN."""

    def followers(self, post_id: str) -> list[str]:
        """Ids of those who follow a community post's space or tags and may see it."""


class CpdEvents(Protocol):
    def event(self, cpd_event_id: str) -> dict | None:
        """``{"id", "title", "sessions": [{"starts_at", "ends_at", "venue"}], ...}`` or None."""
