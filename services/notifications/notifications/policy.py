"""Who hears about what, and when: categories, preferences and the delivery plan. Pure.

Transactional kinds (API.md "Notifications behaviour") always reach the inbox and are emailed at
once, whatever the hour or the person's preferences. Everything else follows the person's
preference for its category and waits for school time.
"""

from dataclasses import dataclass
from datetime import datetime

from notifications.schooltime import SchoolCalendar

CATEGORIES = (
    "bookings",
    "waitlist",
    "approvals",
    "reminders",
    "directory",
    "group_news",
    "community",
)
EMAIL_MODES = ("immediate", "daily", "weekly", "off")

TRANSACTIONAL = frozenset(
    {
        "booking_confirmed",
        "booking_waitlisted",
        "booking_cancelled",
        "place_offered",
        "approval_requested",
        "approval_granted",
        "approval_declined",
        "approval_answered",
        "password_reset_requested",
        "event_cancelled",
    }
)

KIND_CATEGORY = {
    "booking_confirmed": "bookings",
    "booking_cancelled": "bookings",
    "event_changed": "bookings",
    "event_cancelled": "bookings",
    "course_commissioned": "bookings",
    "certificate_issued": "bookings",
    "feedback_requested": "bookings",
    "meeting_roles_assigned": "group_news",
    "group_office_assigned": "group_news",
    "event_published": "group_news",
    "pathway_enrolled": "bookings",
    "running_order_published": "group_news",
    "brokerage_consent_given": "directory",
    "brokerage_declined": "directory",
    "brokerage_closed": "directory",
    "brokerage_cancelled": "directory",
    "booking_waitlisted": "waitlist",
    "place_offered": "waitlist",
    "place_offer_expired": "waitlist",
    "place_declined": "waitlist",
    "approval_requested": "approvals",
    "approval_pending": "approvals",
    "approval_granted": "approvals",
    "approval_declined": "approvals",
    "approval_answered": "approvals",
    "approval_expired": "approvals",
    "session_reminder": "reminders",
    "person_registered": "directory",
    "role_assigned": "directory",
    "password_reset_requested": "directory",
    "offer_verification_due": "directory",
    "support_requested": "directory",
    "support_brokered": "directory",
    "minutes_published": "group_news",
    "group_news": "group_news",
    "role_message": "group_news",
    # sharing practice (the community service): new posts one follows, the half-termly feedback
    # to heads, and a moderator's word to an author
    "post_published": "community",
    "feedback_published": "community",
    "post_hidden": "community",
    "comment_hidden": "community",
}

DEFAULT_PREFERENCES = {
    "bookings": {"inbox": True, "email": "immediate"},
    "waitlist": {"inbox": True, "email": "immediate"},
    "approvals": {"inbox": True, "email": "immediate"},
    "reminders": {"inbox": True, "email": "immediate"},
    "directory": {"inbox": True, "email": "daily"},
    "group_news": {"inbox": True, "email": "weekly"},
    "community": {"inbox": True, "email": "daily"},
}


def category_of(kind: str) -> str:
    return KIND_CATEGORY.get(kind, "group_news")


def effective_preferences(stored: dict | None) -> dict:
    """The defaults overlaid with what a person chose (unknown categories ignored)."""
    prefs = {cat: dict(value) for cat, value in DEFAULT_PREFERENCES.items()}
    for cat, value in (stored or {}).items():
        if cat in prefs:
            prefs[cat].update({k: v for k, v in value.items() if k in ("inbox", "email")})
    return prefs


@dataclass(frozen=True)
class Plan:
    """``email``: "now", "held" (until ``send_at``), "daily", "weekly" (digest due ``send_at``)
    or "none"."""

    inbox: bool
    email: str
    send_at: datetime | None


def plan_delivery(kind: str, preferences: dict, now: datetime, calendar: SchoolCalendar) -> Plan:
    """How a notification of ``kind`` reaches a person with these (effective) preferences."""
    if kind in TRANSACTIONAL:
        return Plan(inbox=True, email="now", send_at=now)
    pref = preferences[category_of(kind)]
    mode = pref["email"]
    if mode == "off":
        return Plan(inbox=pref["inbox"], email="none", send_at=None)
    if mode == "daily":
        return Plan(pref["inbox"], "daily", calendar.next_digest_time(now))
    if mode == "weekly":
        return Plan(pref["inbox"], "weekly", calendar.next_bulletin_time(now))
    when = calendar.next_school_time(now)
    return Plan(pref["inbox"], "now" if when == now else "held", when)
