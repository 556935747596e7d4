"""After-the-booking use cases: attendance per session, certificates at the threshold, feedback
from attendees only, iCal feeds per person and per school (statements: ``events.statements``)."""

import base64
from datetime import timedelta

from pymongo.errors import DuplicateKeyError

from contracts import events as c
from contracts.caller import Caller
from contracts.errors import Conflict, InvalidInput, NotFound
from events import calendar, permissions, timing
from events.booking_reads import read_booking
from events.certificates import certificate_pdf
from events.context import Context
from events.rules import certificate_threshold, school_key
from events.storage import (
    Feedback,
    bookings_collection,
    events_collection,
    mark_dirty,
    new_id,
    now,
    places_collection,
)
from events.usecases import check_may_manage, get_event_document
from runtime.delivery import outbox_entry

CERTIFICATE_KINDS = ("course", "conference", "inset", "briefing")


def record_attendance(ctx: Context, event_id: str, data: dict, caller: Caller) -> dict:
    """Who was present at one session (a confirmed booking each); re-recording corrects it.
    Issues certificates to those who reach the threshold, and asks attendees for feedback after
    the last session. The event's organisers take the register."""
    event = get_event_document(event_id)
    check_may_manage(ctx, caller, event)
    actor = caller.id
    try:
        index, field = timing.session_index(event_id, event["sessions"], data)
    except ValueError as err:
        name, problem = err.args
        raise InvalidInput(f"No such session: {problem}", {name: [problem]}) from None
    problem = timing.register_problem(event["sessions"][index], index + 1, ctx.now())
    if problem:
        raise InvalidInput(problem, {field: ["Has not started yet."]})
    booked = {
        row["person_id"]: row
        for row in bookings_collection().find(
            {"event_id": event_id, "status": "confirmed"}, {"outbox": 0}
        )
    }
    present = sorted(set(data["present"]))
    unknown = [p for p in present if p not in booked]
    if unknown:
        raise InvalidInput(
            "Only people with a confirmed booking can be marked present: " + ", ".join(unknown),
            {"present": [f"No confirmed booking: {p}" for p in unknown]},
        )
    absent = sorted(set(booked) - set(present))
    bookings_collection().update_many(
        {"event_id": event_id, "status": "confirmed", "person_id": {"$in": present}},
        {"$addToSet": {"attended_sessions": index}},
    )
    bookings_collection().update_many(
        {"event_id": event_id, "status": "confirmed", "person_id": {"$in": absent}},
        {"$pull": {"attended_sessions": index}},
    )
    payload = {
        "cpd_event_id": event_id,
        "event_title": event["title"],
        "session": index,
        "session_number": index + 1,
        "session_id": timing.session_id(event_id, index),
        "present": present,
        "absent": absent,
        "recorded_by": actor,
    }
    entries = [
        outbox_entry(c.ATTENDANCE_RECORDED, c.AttendanceRecordedSchema, payload, ctx.correlation_id)
    ]
    events_collection().update_one({"_id": event_id}, {"$push": {"outbox": {"$each": entries}}})
    ctx.publish(events_collection(), event_id, entries)
    issued = _issue_certificates(ctx, event, present)
    if index == len(event["sessions"]) - 1:
        _ask_for_feedback(ctx, event)
    return {
        "event_id": event_id,
        "session": index,
        "session_number": index + 1,
        "session_id": timing.session_id(event_id, index),
        "present": present,
        "absent": absent,
        "certificates_issued": issued,
    }


def _issue_certificates(ctx: Context, event: dict, people: list[str]) -> int:
    if event["kind"] not in CERTIFICATE_KINDS or not people:
        return 0
    threshold = certificate_threshold(event.get("certificate_min_sessions"), len(event["sessions"]))
    issued = 0
    due = bookings_collection().find(
        {
            "event_id": event["_id"],
            "status": "confirmed",
            "person_id": {"$in": people},
            "certificate_id": None,
            f"attended_sessions.{threshold - 1}": {"$exists": True},
        },
        {"outbox": 0},
    )
    for booking in list(due):
        held = timing.held_sessions(booking["attended_sessions"], event["sessions"], ctx.now())
        if len(held) < threshold:  # sessions recorded before they took place do not count
            continue
        certificate_id = new_id()
        payload = {
            "certificate_id": certificate_id,
            "booking_id": booking["_id"],
            "cpd_event_id": event["_id"],
            "event_title": event["title"],
            "person_id": booking["person_id"],
            "sessions_attended": len(booking["attended_sessions"]),
            "download_path": f"/api/v1/bookings/{booking['_id']}/certificate.pdf",
        }
        entry = outbox_entry(
            c.CERTIFICATE_ISSUED, c.CertificateIssuedSchema, payload, ctx.correlation_id
        )
        mark_dirty(booking["_id"])
        done = bookings_collection().update_one(
            {"_id": booking["_id"], "certificate_id": None},
            {"$set": {"certificate_id": certificate_id}, "$push": {"outbox": entry}},
        )
        if done.modified_count:
            issued += 1
            ctx.publish(bookings_collection(), booking["_id"], [entry])
    return issued


def _ask_for_feedback(ctx: Context, event: dict) -> None:
    attendees = sorted(
        row["person_id"]
        for row in bookings_collection().find(
            {
                "event_id": event["_id"],
                "status": "confirmed",
                "attended_sessions.0": {"$exists": True},
            },
            {"person_id": 1},
        )
    )
    if not attendees:
        return
    payload = {"cpd_event_id": event["_id"], "event_title": event["title"], "person_ids": attendees}
    entry = outbox_entry(
        c.FEEDBACK_REQUESTED, c.FeedbackRequestedSchema, payload, ctx.correlation_id
    )
    done = events_collection().update_one(
        {"_id": event["_id"], "feedback_requested": {"$ne": True}},
        {"$set": {"feedback_requested": True}, "$push": {"outbox": entry}},
    )
    if done.modified_count:
        ctx.publish(events_collection(), event["_id"], [entry])


def certificate(ctx: Context, booking_id: str, caller: Caller) -> dict:
    """The certificate of a booking as a base64 PDF (its holder, booker, or the partnership
    roles); 404 until it has been issued."""
    booking = read_booking(booking_id)
    permissions.check_may_read_certificate(caller, booking)
    if not booking.get("certificate_id"):
        raise NotFound(
            "No certificate has been issued for this booking.",
            {"booking_id": ["No certificate yet."]},
        )
    try:
        person_name = ctx.directory.person(booking["person_id"])["name"]
    except Exception:  # noqa: BLE001 - the certificate still names the person by id
        person_name = None
    event = get_event_document(booking["event_id"])
    # only sessions that have taken place count (a register taken early proves nothing)
    attended = timing.held_sessions(
        booking.get("attended_sessions") or [], event["sessions"], ctx.now()
    )
    needed = certificate_threshold(event.get("certificate_min_sessions"), len(event["sessions"]))
    if len(attended) < needed:
        raise InvalidInput(
            "This certificate counts sessions that have not taken place yet.",
            {"booking_id": [f"{len(attended)} of the {needed} session(s) needed have started."]},
        )
    dates = [event["sessions"][i]["starts_at"] for i in attended]
    pdf = certificate_pdf(
        person_name or booking["person_id"],
        event["title"],
        len(attended),
        dates,
        booking["certificate_id"],
    )
    return {
        "person_id": booking["person_id"],
        "booked_by": booking["booked_by"],
        "filename": f"certificate-{booking['certificate_id']}.pdf",
        "pdf_base64": base64.b64encode(pdf).decode(),
    }


def submit_feedback(event_id: str, caller: Caller, data: dict) -> dict:
    """Feedback from the caller, who attended at least one session; once per person and event.
    Answers the summary with the caller's own comment only (the others' are the organisers')."""
    permissions.require_person(caller)
    person_id = caller.id
    problem = timing.feedback_problem(get_event_document(event_id)["sessions"], now())
    if problem:
        raise InvalidInput(problem, {"event_id": ["Its last session has not started yet."]})
    attended = bookings_collection().find_one(
        {
            "event_id": event_id,
            "person_id": person_id,
            "status": "confirmed",
            "attended_sessions.0": {"$exists": True},
        }
    )
    if attended is None:  # a fact about the booking, not a permission: anyone who attends may
        get_event_document(event_id)
        raise Conflict(
            "Only people who attended this event can give feedback.",
            {"person_id": ["Did not attend."]},
        )
    try:
        Feedback(
            id=new_id(),
            event_id=event_id,
            person_id=person_id,
            rating=data["rating"],
            comments=data.get("comments", ""),
        ).save(force_insert=True)
    except Exception as exc:  # mongoengine wraps the duplicate key error
        if isinstance(exc, DuplicateKeyError) or "duplicate" in str(exc).lower():
            raise Conflict(
                "You have already given feedback on this event.",
                {"person_id": ["Already given."]},
            ) from None
        raise
    return _summary(event_id, comments_of=person_id)


def feedback_summary(ctx: Context, event_id: str, caller: Caller) -> dict:
    """Ratings and comments on an event (its organisers)."""
    check_may_manage(ctx, caller, get_event_document(event_id))
    return _summary(event_id)


def _summary(event_id: str, comments_of: str | None = None) -> dict:
    rows = list(Feedback.objects(event_id=event_id).order_by("created_at"))
    ratings = [row.rating for row in rows]
    return {
        "event_id": event_id,
        "responses": len(rows),
        "average_rating": round(sum(ratings) / len(ratings), 2) if ratings else None,
        "comments": [
            row.comments for row in rows if row.comments and comments_of in (None, row.person_id)
        ],
    }


def person_feed(person_id: str) -> str:
    """The person's bookings as calendar entries (cancelled ones marked cancelled)."""
    recent = now() - timedelta(days=180)
    rows = list(
        bookings_collection().find(
            {
                "person_id": person_id,
                "status": {"$nin": ["waitlisted"]},
                "$or": [{"active": True}, {"updated_at": {"$gte": recent}}],
            },
            {"outbox": 0},
        )
    )
    events = _events_by_id({row["event_id"] for row in rows})
    entries = []
    for row in rows:
        event = events.get(row["event_id"])
        if event is None:
            continue
        status = row["status"] if row.get("active") else "cancelled"
        # the event's revision: the SEQUENCE the school feed and every email give this UID
        entries.extend(calendar.session_entries(event, status, event.get("sequence", 0)))
    return calendar.feed("My partnership events", entries)


def school_feed(urn: int, caller: Caller) -> str:
    """Events the school's staff are booked on, or that the school hosts (its own staff and the
    partnership roles)."""
    permissions.check_may_read_school_calendar(caller, urn)
    booked = places_collection().find({f"school_taken.{school_key(urn)}": {"$gt": 0}}, {"_id": 1})
    ids = {row["_id"] for row in booked}
    hosted = events_collection().find({"host_school_urn": urn}, {"_id": 1})
    ids |= {row["_id"] for row in hosted}
    events = _events_by_id(ids)
    counts = {}
    match = {"event_id": {"$in": list(ids)}, "status": "confirmed", "school_urn": urn}
    for row in bookings_collection().aggregate(
        [
            {"$match": match},
            {"$group": {"_id": "$event_id", "n": {"$sum": 1}}},
        ]
    ):
        counts[row["_id"]] = row["n"]
    entries = []
    for event_id, event in sorted(events.items()):
        note = f"{counts.get(event_id, 0)} member(s) of staff booked."
        entries.extend(calendar.session_entries(event, "confirmed", event.get("sequence", 0), note))
    return calendar.feed(f"School {urn}: partnership events", entries)


def _events_by_id(ids) -> dict:
    if not ids:
        return {}
    rows = events_collection().find({"_id": {"$in": list(ids)}}, {"outbox": 0})
    return {row["_id"]: row for row in rows}
