"""Booking rules as pure functions: audience, booking window, waitlist order and eligibility,
offer and approval deadlines, prices by school type, certificate threshold, calendar UIDs.

Nothing here touches MongoDB or nameko.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

UID_DOMAIN = "partnership-hub"
MAINTAINED_GROUPS = ("Local authority maintained schools", "Special schools")
MODERATION_KINDS = ("briefing",)


@dataclass(frozen=True)
class Profile:
    """What the rules need to know about a person being booked."""

    person_id: str
    roles: tuple[str, ...] = ()
    school_urn: int | None = None
    phase: str | None = None
    cluster: str | None = None
    type_group: str | None = None
    moderation_selected_years: tuple[str, ...] = field(default_factory=tuple)
    year_groups: tuple[str, ...] = field(default_factory=tuple)


def event_uid(event_id: str) -> str:
    return f"{event_id}@{UID_DOMAIN}"


def session_uid(event_id: str, index: int) -> str:
    """The calendar UID of one session: stable while the event changes (SEQUENCE goes up)."""
    return f"{event_id}-s{index}@{UID_DOMAIN}"


def school_key(urn: int | None) -> str:
    """The key of a school's counter in an event's ``school_taken`` map."""
    return f"u{urn}" if urn is not None else "u_none"


def audience_problem(audience: dict | None, profile: Profile) -> str | None:
    """Why ``profile`` is outside ``audience`` (None when inside). Empty lists allow anyone."""
    if not audience:
        return None
    roles = audience.get("roles") or []
    if roles and not set(roles) & set(profile.roles):
        return "This event is for " + ", ".join(roles) + "."
    phases = audience.get("phases") or []
    if phases and profile.phase not in phases:
        return "This event is for schools in the phases " + ", ".join(phases) + "."
    year_groups = audience.get("year_groups") or []
    # a person must teach one of the year groups; someone with none recorded teaches none of them
    if year_groups and not set(year_groups) & set(profile.year_groups):
        return "This event is for staff teaching " + ", ".join(year_groups) + "."
    clusters = audience.get("clusters") or []
    if clusters and profile.cluster not in clusters:
        return "This event is for the clusters " + ", ".join(clusters) + "."
    return None


def needs_profile(event: dict) -> bool:
    """Whether booking this event needs the person's roles and school from the directory."""
    audience = event.get("audience") or {}
    axes = ("roles", "phases", "clusters", "year_groups")
    restricted = any(audience.get(axis) for axis in axes)
    pricing = event.get("pricing") or {}
    priced = bool(pricing.get("price_pence") or pricing.get("by_type_group"))
    return bool(
        restricted or priced or event.get("requires_approval") or event.get("per_school_cap")
    )


def window_problem(opens: datetime | None, closes: datetime | None, now: datetime) -> str | None:
    """Why booking is not possible at ``now`` (None when the window is open)."""
    if opens is not None and now < opens:
        return f"Booking opens at {opens.isoformat()}."
    if closes is not None and now >= closes:
        return f"Booking closed at {closes.isoformat()}."
    return None


def academic_year_of(moment: date | datetime) -> int:
    """The academic year (its first calendar year) a date falls in: September to August."""
    return moment.year if moment.month >= 9 else moment.year - 1


def academic_year_label(moment: date | datetime) -> str:
    """``2026-27`` for a date between September 2026 and August 2027 (the directory's label)."""
    year = academic_year_of(moment)
    return f"{year}-{(year + 1) % 100:02d}"


def price_for(pricing: dict | None, kind: str, profile: Profile, starts_at: datetime) -> int:
    """Price in pence of one place for the person's school.

    >>> academy = Profile("p", school_urn=1, type_group="Academies")
    >>> price_for({"price_pence": 5000}, "course", academy, datetime(2026, 10, 1))
    5000
    >>> la = Profile("p", school_urn=2, type_group="Local authority maintained schools")
    >>> price_for({"price_pence": 5000}, "course", la, datetime(2026, 10, 1))
    0
    """
    if not pricing:
        return 0
    selected = academic_year_label(starts_at) in profile.moderation_selected_years
    if kind in MODERATION_KINDS and selected:
        return 0
    overrides = pricing.get("by_type_group") or {}
    if profile.type_group in overrides:
        return int(overrides[profile.type_group])
    if profile.type_group in MAINTAINED_GROUPS:
        return 0
    return int(pricing.get("price_pence") or 0)


def school_has_room(school_taken: dict, urn: int | None, cap: int | None) -> bool:
    return cap is None or school_taken.get(school_key(urn), 0) < cap


def eligible_in_order(waitlist: list[dict], school_taken: dict, cap: int | None) -> list[dict]:
    """Waitlisted bookings who could take a freed place, first come first served: ordered by
    ``waitlist_seq``, skipping those whose school has reached the per-school cap.

    >>> wl = [{"id": "b", "waitlist_seq": 2, "school_urn": 1},
    ...       {"id": "a", "waitlist_seq": 1, "school_urn": 2}]
    >>> [b["id"] for b in eligible_in_order(wl, {"u2": 1}, 1)]
    ['b']
    """
    ordered = sorted(waitlist, key=lambda b: (b["waitlist_seq"], str(b.get("_id", b.get("id")))))
    return [b for b in ordered if school_has_room(school_taken, b.get("school_urn"), cap)]


def deadline_after(now: datetime, seconds: float) -> datetime:
    return now + timedelta(seconds=seconds)


def expired(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and deadline <= now


def certificate_threshold(min_sessions: int | None, session_count: int) -> int:
    """Sessions a person must attend for a certificate: the event's minimum, else all of them."""
    return min(min_sessions or session_count, session_count)


def certificate_due(attended: list[int], min_sessions: int | None, session_count: int) -> bool:
    return len(set(attended)) >= certificate_threshold(min_sessions, session_count)


def capacity_problem(new_capacity: int, taken: int) -> str | None:
    if new_capacity < taken:
        return (
            f"Cannot be below the {taken} places already confirmed, offered or awaiting approval."
        )
    return None
