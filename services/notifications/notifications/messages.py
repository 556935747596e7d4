"""What each domain event says to whom: pure functions from an event payload to inbox messages."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    person_id: str
    kind: str
    title: str
    body: str


def _recipients(payload: dict) -> list[str]:
    """The person booked, and whoever booked for them when that is someone else."""
    people = [payload["person_id"]]
    if payload["booked_by"] != payload["person_id"]:
        people.append(payload["booked_by"])
    return people


def booking_messages(kind: str, payload: dict) -> list[Message]:
    """Messages for a booking_confirmed / booking_waitlisted / booking_cancelled payload."""
    title = payload["event_title"]
    text = {
        "booking_confirmed": (
            f"Booking confirmed: {title}",
            f"Your place on {title} is confirmed.",
        ),
        "booking_waitlisted": (
            f"On the waiting list: {title}",
            f"{title} is full; you are on its waiting list and will be offered "
            "a place if one frees up.",
        ),
        "booking_cancelled": (
            f"Booking cancelled: {title}",
            f"The booking for {title} is cancelled.",
        ),
    }[kind]
    return [Message(person, kind, *text) for person in _recipients(payload)]
