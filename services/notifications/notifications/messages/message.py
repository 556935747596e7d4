"""A message and whom it is addressed to, and the helpers every area's builders share.

A message is addressed to a person id, a post (``RoleAddress``), everyone booked on a CPD event
(``EventAttendees``), the people of a cluster (``ClusterMembers``) or a post's followers
(``PostFollowers``); the use cases resolve those at send time. Payload fields are read
defensively (events grow fields over time): ``title_of`` and ``people`` take what is there, and
``each`` and ``for_booking`` turn one wording into a message per recipient.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from notifications.recipients import RoleAddress

LONDON = ZoneInfo("Europe/London")


@dataclass(frozen=True)
class EventAttendees:
    cpd_event_id: str


@dataclass(frozen=True)
class ClusterMembers:
    cluster: str


@dataclass(frozen=True)
class PostFollowers:
    """Who follows a community post's space or one of its tags and may see it (the community
    service answers, its author left out)."""

    post_id: str


Recipient = str | RoleAddress | EventAttendees | ClusterMembers | PostFollowers


@dataclass(frozen=True)
class Message:
    to: Recipient
    kind: str
    title: str
    body: str
    context: dict = field(default_factory=dict)
    calendar: str | None = None  # "REQUEST" or "CANCEL": attach the CPD event as iCal


def title_of(p: dict) -> str:
    return p.get("event_title") or p.get("title") or "a partnership event"


def people(*ids) -> list[str]:
    """Distinct non-empty person ids, in order."""
    seen: list[str] = []
    for value in ids:
        for pid in value if isinstance(value, list | tuple) else [value]:
            if pid and pid not in seen:
                seen.append(pid)
    return seen


def booked(p: dict) -> list[str]:
    """The person booked, and whoever booked for them when that is someone else."""
    return people(p.get("person_id"), p.get("booked_by"))


def each(recipients, kind, title, body, p, calendar=None) -> list[Message]:
    return [Message(r, kind, title, body, dict(p), calendar) for r in recipients]


def for_booking(p, kind, title, to_person, to_booker, calendar=None) -> list[Message]:
    """The person booked hears ``to_person`` (with the calendar entry); whoever booked for them,
    when someone else, hears ``to_booker`` (no calendar entry: they are not attending)."""
    messages = [Message(p["person_id"], kind, title, to_person, dict(p), calendar)]
    if p.get("booked_by") and p["booked_by"] != p["person_id"]:
        messages.append(Message(p["booked_by"], kind, title, to_booker, dict(p)))
    return messages


def when(value) -> str:
    """A deadline for people to read: "Wed 25 Nov 10:00" in the partnership's time zone."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        local = value.astimezone(LONDON) if value.tzinfo else value
        return local.strftime("%a %-d %b %H:%M")
    return str(value)


def dedupe(items: list) -> list:
    out: list = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def to_people(kind: str, title: str, body: str, *keys: str):
    """A builder telling the people the payload names under ``keys``."""

    def build(p):
        t = title_of(p)
        to = people(*[p.get(k) or [] for k in keys])
        return each(to, kind, title.format(t=t), body.format(t=t), p)

    return build
