"""What the public pages show, and nothing more: a school's public GIAS facts (Ofsted's grade
as Ofsted publishes it; no notes, approvers or report cards), and the courses open to booking
(not cancelled, not past, the booking window open, a kind the public may see) with venue,
phase, price and places left. Pure."""

from datetime import UTC, datetime

# what GIAS and Ofsted publish of a school
SCHOOL_FIELDS = (
    "urn",
    "name",
    "phase",
    "type",
    "la_name",
    "postcode",
    "status",
    "ofsted_rating",
    "ofsted_last_inspection",
)
# internal meetings are not advertised
PUBLIC_KINDS = ("course", "conference", "inset", "teachmeet", "briefing")


def public_school(school: dict) -> dict:
    return {name: school.get(name) for name in SCHOOL_FIELDS}


def _moment(value) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def places_left(event: dict) -> int:
    held = event.get("confirmed_count", 0) + event.get("offered_count", 0)
    return max(0, event.get("capacity", 0) - held - (event.get("pending_count") or 0))


def open_to_booking(event: dict, now: datetime) -> bool:
    """Not cancelled, not begun, its booking window open (no window: open until it starts)."""
    if event.get("status") == "cancelled" or event.get("kind") not in PUBLIC_KINDS:
        return False
    starts = [_moment(s["starts_at"]) for s in event.get("sessions") or ()]
    if not starts or min(starts) <= now:
        return False
    opens, closes = _moment(event.get("booking_opens_at")), _moment(event.get("booking_closes_at"))
    return (opens is None or opens <= now) and (closes is None or now < closes)


def course(event: dict) -> dict:
    """A course as the public calendar shows it (no owner, no chair, no counts beyond places)."""
    sessions = event.get("sessions") or []
    first = min(sessions, key=lambda s: _moment(s["starts_at"]))
    phases = ((event.get("audience") or {}).get("phases")) or []
    pricing = event.get("pricing") or {}
    return {
        "id": event["id"],
        "title": event["title"],
        "kind": event["kind"],
        "starts_at": first["starts_at"],
        "ends_at": first["ends_at"],
        "sessions": len(sessions),
        "venue": first.get("venue") or "",
        "phases": phases,
        "price_pence": pricing.get("price_pence") or 0,
        "places_left": places_left(event),
    }


def open_courses(events: list[dict], now: datetime) -> list[dict]:
    found = [course(e) for e in events if open_to_booking(e, now)]
    return sorted(found, key=lambda c: _moment(c["starts_at"]))
