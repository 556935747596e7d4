"""What each domain event says to whom: pure functions from an event payload to messages.

A message is addressed to a person id, a post (``RoleAddress``), everyone booked on a CPD event
(``EventAttendees``) or the people of a cluster (``ClusterMembers``); the use cases resolve those
at send time. Payload fields are read defensively: events grow fields over time.
"""

from collections.abc import Callable
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


def _title(p: dict) -> str:
    return p.get("event_title") or p.get("title") or "a partnership event"


def _people(*ids) -> list[str]:
    """Distinct non-empty person ids, in order."""
    seen: list[str] = []
    for value in ids:
        for pid in value if isinstance(value, list | tuple) else [value]:
            if pid and pid not in seen:
                seen.append(pid)
    return seen


def _booked(p: dict) -> list[str]:
    """The person booked, and whoever booked for them when that is someone else."""
    return _people(p.get("person_id"), p.get("booked_by"))


def _each(recipients, kind, title, body, p, calendar=None) -> list[Message]:
    return [Message(r, kind, title, body, dict(p), calendar) for r in recipients]


def _for_booking(p, kind, title, to_person, to_booker, calendar=None) -> list[Message]:
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


def booking_confirmed(p):
    t = _title(p)
    return _for_booking(
        p, "booking_confirmed", f"Booking confirmed: {t}",
        f"Your place on {t} is confirmed.",
        f"The place you booked on {t} for a colleague is confirmed.", "REQUEST",
    )  # fmt: skip


def booking_waitlisted(p):
    t = _title(p)
    return _for_booking(
        p, "booking_waitlisted", f"On the waiting list: {t}",
        f"{t} is full; you are on its waiting list and will be offered a place if one frees up.",
        f"{t} is full; the colleague you booked is on its waiting list.",
    )  # fmt: skip


# Cancellations another message already explains (the event's, an approval's, an offer's).
EXPLAINED_ELSEWHERE = ("event_cancelled", "approval_declined", "approval_expired", "offer_expired")


def booking_cancelled(p):
    if p.get("reason") in EXPLAINED_ELSEWHERE:
        return []
    if p.get("reason") == "offer_declined" or p.get("status") == "declined":
        return place_declined(p)
    t = _title(p)
    return _for_booking(
        p, "booking_cancelled", f"Booking cancelled: {t}",
        f"Your booking for {t} is cancelled.",
        f"The booking you made on {t} for a colleague is cancelled.", "CANCEL",
    )  # fmt: skip


def place_offered(p):
    t = _title(p)
    until = p.get("deadline") or p.get("expires_at")
    body = f"A place on {t} has become free and is offered to you."
    if until:
        body += f" Accept it by {when(until)}, or it goes to the next person waiting."
    return _for_booking(
        p, "place_offered", f"A place is offered: {t}", body,
        f"A place on {t} is offered to the colleague you booked on its waiting list.",
    )  # fmt: skip


def place_declined(p):
    """A declined offer was never a confirmed place: no "Booking cancelled", no calendar CANCEL.
    Whoever did not decline it themselves (the person, or whoever booked for them) hears of it."""
    t = _title(p)
    body = f"The place offered on {t} was declined and goes to the next person waiting."
    to = [pid for pid in _booked(p) if pid != p.get("actor_id")]
    return _each(to, "place_declined", f"Place declined: {t}", body, p)


def place_offer_expired(p):
    t = _title(p)
    body = f"The place offered on {t} was not accepted in time and has gone to the next person."
    return _each(_booked(p), "place_offer_expired", f"Place offer expired: {t}", body, p)


def approval_requested(p):
    t = _title(p)
    approvers = _people(p.get("approver_id"), p.get("approver_ids") or [])
    if not approvers and p.get("school_urn") is not None:
        approvers = [RoleAddress(p.get("approver_role") or "headteacher", p["school_urn"])]
    who = p.get("person_name") or "A member of your staff"
    body = f"{who} asks to attend {t}. Please approve or decline the booking."
    if p.get("deadline") or p.get("expires_at"):
        body += f" The request lapses on {when(p.get('deadline') or p.get('expires_at'))}."
    asked = _each(approvers, "approval_requested", f"Approval needed: {t}", body, p)
    return asked + approval_pending(p)


def approval_pending(p):
    """The person booked (and whoever booked for them) hear that the booking awaits approval."""
    t = _title(p)
    until = p.get("deadline") or p.get("expires_at")
    lapse = f" If nobody answers by {when(until)}, the request lapses." if until else ""
    return _for_booking(
        p, "approval_pending", f"Awaiting approval: {t}",
        f"Your booking for {t} is waiting for your school's approval; you will hear when it "
        f"is answered.{lapse}",
        f"The booking you made on {t} for a colleague is waiting for approval.{lapse}",
    )  # fmt: skip


def _approval_answer(kind: str, verb: str):
    def build(p):
        t = _title(p)
        return _each(
            _booked(p), kind, f"Booking {verb}: {t}", f"The booking for {t} was {verb}.", p
        )

    return build


def course_commissioned(p):
    t = _title(p)
    requesters = _people(p.get("requester_ids") or p.get("requested_by") or [])
    body = f"A course you asked for has been commissioned: {t}. You can now book a place."
    return _each(requesters, "course_commissioned", f"Course commissioned: {t}", body, p)


def _attendees(p) -> list:
    """Everyone the payload names as booked, and everyone this service knows to be booked."""
    to: list = _people(p.get("person_ids") or [])
    if p.get("cpd_event_id"):
        to.append(EventAttendees(p["cpd_event_id"]))
    return to


def event_changed(p):
    t = _title(p)
    to = _attendees(p)
    body = f"{t} has changed. Please check the new time and venue."
    return _each(to, "event_changed", f"Changed: {t}", body, p, "REQUEST")


def event_cancelled(p):
    t = _title(p)
    to = _attendees(p)
    body = f"{t} has been cancelled. Your booking is cancelled with it."
    if p.get("reason"):
        body += f" Reason: {p['reason']}"
    return _each(to, "event_cancelled", f"Cancelled: {t}", body, p, "CANCEL")


def minutes_published(p):
    t = _title(p)
    to: list = _attendees(p)
    if p.get("cluster"):
        to.append(ClusterMembers(p["cluster"]))
    body = f"The minutes and actions of {t} are published."
    return _each(to, "minutes_published", f"Minutes published: {t}", body, p)


def offer_verification_due(p):
    area = p.get("area") or "support"
    owners = _people(p.get("owner_person_id"), p.get("owner_person_ids") or [])
    if not owners and p.get("school_urn") is not None:
        owners = [RoleAddress("headteacher", p["school_urn"])]
    area = p.get("title") or area
    body = f"Your {area} support offer is due for re-verification. Please confirm it is current."
    return _each(owners, "offer_verification_due", f"Please re-verify your {area} offer", body, p)


def _two_heads(p) -> list:
    """The heads of both schools in a brokerage case (their posts when the payload names none)."""
    to: list = []
    for side in ("provider", "receiver"):
        heads = _people(p.get(f"{side}_head_ids") or [])
        if not heads and p.get(f"{side}_urn") is not None:
            heads = [RoleAddress("headteacher", int(p[f"{side}_urn"]))]
        to += heads
    return _dedupe(to)


def _brokerage(kind: str, what: str):
    def build(p):
        area = p.get("title") or p.get("area") or "school-to-school support"
        schools = f"{p.get('provider_name', 'the providing school')} and "
        schools += p.get("receiver_name", "the receiving school")
        body = f"The {area} support case between {schools} {what}."
        return _each(_two_heads(p), kind, f"Support case {what}: {area}", body, p)

    return build


def support_requested(p):
    area = p.get("area_name") or p.get("area") or "support"
    body = f"A school has asked for {area} support."
    to = [RoleAddress("coordinator")]
    return _each(to, "support_requested", f"Support requested: {area}", body, p)


def person_registered(p):
    name = p.get("name") or "there"
    body = f"Welcome to Partnership Hub, {name}. You can now book training and find support."
    return _each(_people(p.get("person_id")), "person_registered", "Welcome", body, p)


def role_assigned(p):
    role = (p.get("role") or "a role").replace("_", " ")
    body = f"You now hold the role of {role}."
    return _each(_people(p.get("person_id")), "role_assigned", f"New role: {role}", body, p)


def _to_people(kind: str, title: str, body: str, *keys: str):
    """A builder telling the people the payload names under ``keys``."""

    def build(p):
        t = _title(p)
        to = _people(*[p.get(k) or [] for k in keys])
        return _each(to, kind, title.format(t=t), body.format(t=t), p)

    return build


def event_published(p):
    """A strategic group's meeting is news for the group's members (others find it in the list)."""
    owner = p.get("owner") or {}
    if owner.get("type") != "strategic_group" or not owner.get("id"):
        return []
    t = _title(p)
    group = owner.get("name") or "your strategic group"
    body = f"{group} has published {t}. You can book your place now."
    to = [RoleAddress("member", group_id=owner["id"])]
    return _each(to, "event_published", f"New from {group}: {t}", body, p)


def group_office_assigned(p):
    office = p.get("office") or "an officer"
    group = p.get("group_name") or "a strategic group"
    title = f"You are {office} of {group}"
    body = f"You hold the office of {office} of the {group} group from {p.get('starts_on')}."
    return _each(_people(p.get("person_id")), "group_office_assigned", title, body, p)


def running_order_published(p):
    """Everyone booked, and every presenter holding a slot (booked or not)."""
    t = _title(p)
    presenters = [s.get("person_id") for s in p.get("slots") or [] if isinstance(s, dict)]
    to = _people(p.get("person_ids") or [], presenters)
    body = f"The running order of {t} is published."
    return _each(to, "running_order_published", f"Running order: {t}", body, p)


def _excerpt(p) -> str:
    return f"\n\n{p['excerpt']}" if p.get("excerpt") else ""


def post_published(p):
    """A new post in a space, or with a tag, someone follows (those who may see it)."""
    if not p.get("post_id"):
        return []
    t = _title(p)
    space = p.get("space_name") or "a space you follow"
    who = p.get("author_name") or "A colleague"
    body = f"{who} posted {t} in {space}.{_excerpt(p)}"
    to = [PostFollowers(p["post_id"])]
    return _each(to, "post_published", f"New in {space}: {t}", body, {**p, "ref": p["post_id"]})


def feedback_published(p):
    """The half-termly feedback of a strategic group reaches every headteacher."""
    t = _title(p)
    group = p.get("space_name") or "A strategic group"
    half = p.get("half_term") or "this half term"
    body = f"{group} has published its feedback to heads for {half}: {t}.{_excerpt(p)}"
    to = [RoleAddress("headteacher")]
    title = f"Feedback to heads from {group}: {t}"
    return _each(to, "feedback_published", title, body, {**p, "ref": p.get("post_id")})


def _hidden(kind: str, what: str):
    def build(p):
        t = _title(p)
        reason = p.get("reason") or "no reason given"
        body = f"Your {what} on {t} was hidden by a moderator. The reason: {reason}"
        context = {**p, "ref": p.get("post_id")}
        return _each(_people(p.get("author_id")), kind, f"Your {what} was hidden", body, context)

    return build


PASSWORD_RESET = "password_reset_requested"  # the kind: its templates, category, transactional


def password_reset(command: dict) -> Message:
    """The directory's ``send_password_reset`` command (``PasswordResetCommandSchema``) as a
    message to its person. The code goes into the email's context only (``reset_token``, dropped
    from the delivery record once sent, with the address the command gives); the inbox entry's
    title and body never carry it."""
    body = "Someone asked to reset your Partnership Hub password. If it was not you, ignore this."
    context = {
        "person_id": command["person_id"],
        "reset_token": command["code"],
        "expires_at": command["expires_at"],
        "address": {"email": command["email"], "name": command.get("name") or ""},
    }
    return Message(command["person_id"], PASSWORD_RESET, "Reset your password", body, context)


def _dedupe(items: list) -> list:
    out: list = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "booking_confirmed": booking_confirmed,
    "booking_waitlisted": booking_waitlisted,
    "booking_cancelled": booking_cancelled,
    "place_offered": place_offered,
    "place_offer_expired": place_offer_expired,
    "approval_requested": approval_requested,
    "approval_granted": _approval_answer("approval_granted", "approved"),
    "approval_declined": _approval_answer("approval_declined", "declined"),
    "approval_expired": _approval_answer("approval_expired", "not approved in time"),
    "course_commissioned": course_commissioned,
    "event_changed": event_changed,
    "event_cancelled": event_cancelled,
    "minutes_published": minutes_published,
    "offer_verification_due": offer_verification_due,
    "support_brokered": _brokerage("support_brokered", "has been brokered"),
    "brokerage_consent_given": _brokerage("brokerage_consent_given", "has consent to go ahead"),
    "brokerage_declined": _brokerage("brokerage_declined", "was declined"),
    "brokerage_closed": _brokerage("brokerage_closed", "is closed"),
    "brokerage_cancelled": _brokerage("brokerage_cancelled", "was cancelled"),
    "certificate_issued": _to_people(
        "certificate_issued",
        "Certificate: {t}",
        "Your certificate for {t} is ready to download.",
        "person_id",
    ),
    "feedback_requested": _to_people(
        "feedback_requested",
        "Feedback please: {t}",
        "Thank you for attending {t}. Please tell us how it went.",
        "person_ids",
    ),
    "meeting_roles_assigned": _to_people(
        "meeting_roles_assigned",
        "Meeting roles: {t}",
        "You are chair or minute-taker for {t}.",
        "chair_id",
        "minute_taker_id",
    ),
    "pathway_enrolled": _to_people(
        "pathway_enrolled",
        "Enrolled: {t}",
        "You are enrolled on the {t} pathway.",
        "person_id",
    ),
    "running_order_published": running_order_published,
    "support_requested": support_requested,
    "person_registered": person_registered,
    "role_assigned": role_assigned,
    "group_office_assigned": group_office_assigned,
    "event_published": event_published,
    "post_published": post_published,
    "feedback_published": feedback_published,
    "post_hidden": _hidden("post_hidden", "post"),
    "comment_hidden": _hidden("comment_hidden", "comment"),
}


def messages_for(kind: str, payload: dict) -> list[Message]:
    """Every message event ``kind`` with ``payload`` sends (none for kinds nobody hears of)."""
    build = BUILDERS.get(kind)
    return build(payload) if build else []
