"""What a CPD event or meeting says to whom: commissioned, published, changed, cancelled, its
minutes and running order, meeting roles, certificates, feedback and pathways. Everyone booked
(``EventAttendees``) hears of a change; a strategic group's members hear of its new meetings."""

from collections.abc import Callable

from notifications.messages.message import (
    ClusterMembers,
    EventAttendees,
    Message,
    each,
    people,
    title_of,
    to_people,
)
from notifications.recipients import RoleAddress


def course_commissioned(p):
    t = title_of(p)
    requesters = people(p.get("requester_ids") or p.get("requested_by") or [])
    body = f"A course you asked for has been commissioned: {t}. You can now book a place."
    return each(requesters, "course_commissioned", f"Course commissioned: {t}", body, p)


def _attendees(p) -> list:
    """Everyone the payload names as booked, and everyone this service knows to be booked."""
    to: list = people(p.get("person_ids") or [])
    if p.get("cpd_event_id"):
        to.append(EventAttendees(p["cpd_event_id"]))
    return to


def event_changed(p):
    t = title_of(p)
    to = _attendees(p)
    body = f"{t} has changed. Please check the new time and venue."
    return each(to, "event_changed", f"Changed: {t}", body, p, "REQUEST")


def event_cancelled(p):
    t = title_of(p)
    to = _attendees(p)
    body = f"{t} has been cancelled. Your booking is cancelled with it."
    if p.get("reason"):
        body += f" Reason: {p['reason']}"
    return each(to, "event_cancelled", f"Cancelled: {t}", body, p, "CANCEL")


def minutes_published(p):
    t = title_of(p)
    to: list = _attendees(p)
    if p.get("cluster"):
        to.append(ClusterMembers(p["cluster"]))
    body = f"The minutes and actions of {t} are published."
    return each(to, "minutes_published", f"Minutes published: {t}", body, p)


def event_published(p):
    """A strategic group's meeting is news for the group's members (others find it in the list)."""
    owner = p.get("owner") or {}
    if owner.get("type") != "strategic_group" or not owner.get("id"):
        return []
    t = title_of(p)
    group = owner.get("name") or "your strategic group"
    body = f"{group} has published {t}. You can book your place now."
    to = [RoleAddress("member", group_id=owner["id"])]
    return each(to, "event_published", f"New from {group}: {t}", body, p)


def running_order_published(p):
    """Everyone booked, and every presenter holding a slot (booked or not)."""
    t = title_of(p)
    presenters = [s.get("person_id") for s in p.get("slots") or [] if isinstance(s, dict)]
    to = people(p.get("person_ids") or [], presenters)
    body = f"The running order of {t} is published."
    return each(to, "running_order_published", f"Running order: {t}", body, p)


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "course_commissioned": course_commissioned,
    "event_changed": event_changed,
    "event_cancelled": event_cancelled,
    "minutes_published": minutes_published,
    "certificate_issued": to_people(
        "certificate_issued",
        "Certificate: {t}",
        "Your certificate for {t} is ready to download.",
        "person_id",
    ),
    "feedback_requested": to_people(
        "feedback_requested",
        "Feedback please: {t}",
        "Thank you for attending {t}. Please tell us how it went.",
        "person_ids",
    ),
    "meeting_roles_assigned": to_people(
        "meeting_roles_assigned",
        "Meeting roles: {t}",
        "You are chair or minute-taker for {t}.",
        "chair_id",
        "minute_taker_id",
    ),
    "pathway_enrolled": to_people(
        "pathway_enrolled",
        "Enrolled: {t}",
        "You are enrolled on the {t} pathway.",
        "person_id",
    ),
    "running_order_published": running_order_published,
    "event_published": event_published,
}
