"""People's data in the events service: a person's export (bookings with their attendance,
certificates and waiting-list places, feedback, training requests, pathway enrolments, meetings
they chair or minute) and what ``person_erased`` does here.

Erasure keeps every figure (bookings, their status and attendance, places, ratings, requests and
their supporters) and drops what a person wrote or was noted for: a booking's ``reason``, their
feedback comments and their training requests' reasons. Names are not kept here: lists read
them from the directory, which now answers "Erased person"."""

from contracts import events as c
from contracts.privacy import plain
from events.storage import Booking, CpdEvent, Enrolment, Feedback, TrainingRequest

SERVICE = c.SERVICE
HIDDEN = {"outbox": 0}


def _found(document_class, query: dict) -> list[dict]:
    return [plain(doc) for doc in document_class._get_collection().find(query, HIDDEN)]


def booking_views(bookings: list[dict]) -> dict[str, list[dict]]:
    """A person's bookings and what follows from them: attendance, certificates, waiting-list
    places (pure).

    >>> views = booking_views([{"_id": "b1", "event_id": "e1", "status": "waitlisted",
    ...     "waitlist_seq": 3, "attended_sessions": [], "certificate_id": None}])
    >>> views["waitlist"], views["attendance"]
    ([{'booking_id': 'b1', 'event_id': 'e1', 'waitlist_seq': 3}], [])
    """
    attendance, certificates, waitlist = [], [], []
    for b in bookings:
        ids = {"booking_id": b["_id"], "event_id": b.get("event_id")}
        if b.get("attended_sessions"):
            attendance.append({**ids, "attended_sessions": b["attended_sessions"]})
        if b.get("certificate_id"):
            certificates.append({**ids, "certificate_id": b["certificate_id"]})
        if b.get("status") == "waitlisted":
            waitlist.append({**ids, "waitlist_seq": b.get("waitlist_seq")})
    return {"attendance": attendance, "certificates": certificates, "waitlist": waitlist}


def export_person(person_id: str) -> dict:
    """Everything the events service holds about ``person_id``, as plain JSON."""
    bookings = _found(Booking, {"person_id": person_id})
    meetings = CpdEvent._get_collection().find(
        {"$or": [{"chair_id": person_id}, {"minute_taker_id": person_id}]},
        {"title": 1, "kind": 1, "starts_at": 1, "chair_id": 1, "minute_taker_id": 1},
    )
    return {
        "service": SERVICE,
        "person_id": person_id,
        "records": {
            "bookings": bookings,
            **booking_views(bookings),
            "booked_for_others": _found(
                Booking, {"booked_by": person_id, "person_id": {"$ne": person_id}}
            ),
            "feedback": _found(Feedback, {"person_id": person_id}),
            "training_requests": _found(
                TrainingRequest,
                {"$or": [{"person_id": person_id}, {"supporters": person_id}]},
            ),
            "enrolments": _found(Enrolment, {"person_id": person_id}),
            "meeting_roles": [plain(doc) for doc in meetings],
        },
    }


def erase_person(person_id: str) -> dict[str, int]:
    """Anonymise what the events service holds of ``person_id`` (idempotent): how many of each
    kind of record were changed."""
    bookings = Booking._get_collection().update_many(
        {"person_id": person_id, "reason": {"$ne": None}}, {"$set": {"reason": None}}
    )
    feedback = Feedback._get_collection().update_many(
        {"person_id": person_id, "comments": {"$ne": ""}}, {"$set": {"comments": ""}}
    )
    requests = TrainingRequest._get_collection().update_many(
        {"person_id": person_id, "reason": {"$ne": ""}}, {"$set": {"reason": ""}}
    )
    return {
        "bookings": bookings.modified_count,
        "feedback": feedback.modified_count,
        "training_requests": requests.modified_count,
    }
