"""What school-to-school support says to whom: a request for support (the coordinator), an offer
due for re-verification (its owners), and each step of a brokerage case (both schools' heads)."""

from collections.abc import Callable

from notifications.messages.message import (
    Message,
    dedupe,
    each,
    people,
)
from notifications.recipients import RoleAddress


def offer_verification_due(p):
    area = p.get("area") or "support"
    owners = people(p.get("owner_person_id"), p.get("owner_person_ids") or [])
    if not owners and p.get("school_urn") is not None:
        owners = [RoleAddress("headteacher", p["school_urn"])]
    area = p.get("title") or area
    body = f"Your {area} support offer is due for re-verification. Please confirm it is current."
    return each(owners, "offer_verification_due", f"Please re-verify your {area} offer", body, p)


def _two_heads(p) -> list:
    """The heads of both schools in a brokerage case (their posts when the payload names none)."""
    to: list = []
    for side in ("provider", "receiver"):
        heads = people(p.get(f"{side}_head_ids") or [])
        if not heads and p.get(f"{side}_urn") is not None:
            heads = [RoleAddress("headteacher", int(p[f"{side}_urn"]))]
        to += heads
    return dedupe(to)


def _brokerage(kind: str, what: str):
    def build(p):
        area = p.get("title") or p.get("area") or "school-to-school support"
        schools = f"{p.get('provider_name', 'the providing school')} and "
        schools += p.get("receiver_name", "the receiving school")
        body = f"The {area} support case between {schools} {what}."
        return each(_two_heads(p), kind, f"Support case {what}: {area}", body, p)

    return build


def support_requested(p):
    area = p.get("area_name") or p.get("area") or "support"
    body = f"A school has asked for {area} support."
    to = [RoleAddress("coordinator")]
    return each(to, "support_requested", f"Support requested: {area}", body, p)


BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    "offer_verification_due": offer_verification_due,
    "support_brokered": _brokerage("support_brokered", "has been brokered"),
    "brokerage_consent_given": _brokerage("brokerage_consent_given", "has consent to go ahead"),
    "brokerage_declined": _brokerage("brokerage_declined", "was declined"),
    "brokerage_closed": _brokerage("brokerage_closed", "is closed"),
    "brokerage_cancelled": _brokerage("brokerage_cancelled", "was cancelled"),
    "support_requested": support_requested,
}
