"""Brokerage rules as plain Python: which status a case moves from and to, the days a case takes
from its offer's remaining capacity and gives back, what happens to the support request, and which
domain events follow. No store and no broker here: ``directory.brokerage`` loads the case and the
offer, asks these functions for a decision, and writes it as one conditional update (the condition
is the decision's: the status the stored case must still have, or the offer's status and days left).

A case's life (``contracts.directory.CASE_STATUSES``)::

    broker          (request open, offer active, days <= days left)  -> awaiting_consent
    give_consent    awaiting_consent -> active
    decline         awaiting_consent -> declined   (its days go back, the request reopens)
    record_review   awaiting_consent | active      (status unchanged)
    close           active -> closed               (undelivered days go back, the request closes)
    cancel          awaiting_consent | active -> cancelled  (its days go back, the request reopens)

>>> OfferCapacity(school_urn=1, status="active", days_remaining=2.5).can_take(2.5)
True
>>> close(CaseState("active", 5), "Done.", days_delivered=3.5).release
1.5
"""

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from contracts import directory as c
from contracts.errors import Conflict, InvalidInput

OPEN_STATUSES = ("awaiting_consent", "active")
CONSENT_FROM = ("awaiting_consent",)
CLOSE_FROM = ("active",)


@dataclass(frozen=True)
class OfferCapacity:
    """What brokering needs of an offer: whose it is, whether it is active, its days."""

    school_urn: int
    status: str
    days_remaining: float
    days_committed: float = 0

    def can_take(self, days: float) -> bool:
        return OfferCondition(days).met_by(self)

    def moved(self, change: dict[str, float]) -> "OfferCapacity":
        """The offer after ``change`` (see ``taken`` and ``released``) is added to its counters."""
        return replace(
            self,
            days_remaining=self.days_remaining + change.get("days_remaining", 0),
            days_committed=self.days_committed + change.get("days_committed", 0),
        )


@dataclass(frozen=True)
class CaseState:
    """What a case's transitions need: its status and the days agreed."""

    status: str
    days: float


@dataclass(frozen=True)
class OfferCondition:
    """What the stored offer must still hold when a case takes ``days`` from it: it is active and
    has at least ``days`` left. The store checks this in the same update that takes the days, so
    concurrent agreements never take more than the offer has."""

    days: float
    status: str = "active"

    def met_by(self, offer: OfferCapacity) -> bool:
        return offer.status == self.status and offer.days_remaining >= self.days


@dataclass(frozen=True)
class Brokering:
    """The decision to broker: the request must still be ``request_from`` and becomes
    ``request_to``; the offer must meet ``offer_condition`` and its counters move by
    ``offer_change``; the new case starts as ``status`` with ``consent``; ``events`` follow."""

    days: float
    offer_condition: OfferCondition
    offer_change: dict[str, float]
    request_from: str = "open"
    request_to: str = "brokered"
    status: str = "awaiting_consent"
    consent: dict[str, Any] = field(default_factory=lambda: {"status": "pending"})
    events: tuple[str, ...] = (c.SUPPORT_BROKERED,)


@dataclass(frozen=True)
class CaseDecision:
    """A transition of a case: it applies only while the stored case is in ``from_statuses``;
    ``changes`` are set, ``appended`` values appended to list fields, ``added`` values added to
    list fields that do not hold them yet; ``release`` days go back to the offer; the request
    reopens or closes; ``events`` follow."""

    from_statuses: tuple[str, ...]
    changes: dict[str, Any] = field(default_factory=dict)
    appended: dict[str, Any] = field(default_factory=dict)
    added: dict[str, Any] = field(default_factory=dict)
    release: float = 0
    reopen_request: bool = False
    close_request: bool = False
    events: tuple[str, ...] = ()

    def allows(self, status: str) -> bool:
        return status in self.from_statuses


def taken(days: float) -> dict[str, float]:
    """How an offer's counters move when a case takes ``days``."""
    return {"days_remaining": -days, "days_committed": days}


def released(days: float) -> dict[str, float]:
    """How an offer's counters move when ``days`` go back to it."""
    return {"days_remaining": days, "days_committed": -days}


# Refusals (the same messages and fields whether the rules or the store's condition refuse)
def own_offer() -> InvalidInput:
    return InvalidInput("A school cannot broker its own offer.", {"offer_id": ["Own school."]})


def offer_withdrawn() -> Conflict:
    return Conflict("The offer is withdrawn.", {"offer_id": ["Withdrawn."]})


def request_not_open(status: str) -> Conflict:
    return Conflict("The request is not open.", {"request_id": [f"It is {status}."]})


def fewer_days_left(left: float) -> Conflict:
    return Conflict(
        "The offer has fewer days left than asked.",
        {"days": [f"Only {left:g} day(s) left on this offer."]},
    )


def case_is(status: str) -> Conflict:
    return Conflict(f"The case is {status}.", {"status": [f"Case is {status}."]})


# Transitions
def broker(receiver_urn: int, offer: OfferCapacity, days: float) -> Brokering:
    """Match a request of school ``receiver_urn`` to ``offer`` for ``days``. Another school's active
    offer only; whether the request is still open and the offer still has the days is the
    decision's condition, met or refused (``request_not_open``, ``fewer_days_left``) when stored."""
    if offer.school_urn == receiver_urn:
        raise own_offer()
    if offer.status != "active":
        raise offer_withdrawn()
    return Brokering(days=days, offer_condition=OfferCondition(days), offer_change=taken(days))


def _decide(case: CaseState, decision: CaseDecision) -> CaseDecision:
    if not decision.allows(case.status):
        raise case_is(case.status)
    return decision


def answer_consent(
    case: CaseState, given: bool, by: str | None, on: date | None, note: str
) -> CaseDecision:
    """The sending head's answer to an awaiting case: consent makes it active; a refusal declines
    it, its days go back to the offer and the request reopens."""
    consent = {"status": "given" if given else "refused", "by": by, "on": on, "note": note}
    return _decide(
        case,
        CaseDecision(
            CONSENT_FROM,
            changes={"consent": consent, "status": "active" if given else "declined"},
            release=0 if given else case.days,
            reopen_request=not given,
            events=(c.BROKERAGE_CONSENT_GIVEN if given else c.BROKERAGE_DECLINED,),
        ),
    )


def give_consent(case: CaseState, by: str | None, on: date | None, note: str) -> CaseDecision:
    """The sending head consents: the case becomes active."""
    return answer_consent(case, True, by, on, note)


def decline(case: CaseState, by: str | None, on: date | None, note: str) -> CaseDecision:
    """The sending head refuses: the case is declined, its days go back, the request reopens."""
    return answer_consent(case, False, by, on, note)


def record_review(
    case: CaseState, on: date | None, notes: str, by: str | None, next_review_on: date | None
) -> CaseDecision:
    """A review of an open case; ``next_review_on`` joins the review dates unless already there."""
    review = {"on": on, "notes": notes, "by": by}
    added = {"review_dates": next_review_on} if next_review_on else {}
    return _decide(
        case,
        CaseDecision(
            OPEN_STATUSES,
            appended={"reviews": review},
            added=added,
            events=(c.BROKERAGE_REVIEW_RECORDED,),
        ),
    )


def close(case: CaseState, impact: str, days_delivered: float | None) -> CaseDecision:
    """Close an active case with its impact; the days delivered default to the days agreed and may
    not exceed them; the undelivered days go back to the offer and the request closes."""
    delivered = case.days if days_delivered is None else days_delivered
    if delivered > case.days:
        raise InvalidInput(
            "More days delivered than agreed.", {"days_delivered": [f"At most {case.days:g}."]}
        )
    return _decide(
        case,
        CaseDecision(
            CLOSE_FROM,
            changes={"status": "closed", "impact": impact, "days_delivered": delivered},
            release=case.days - delivered if delivered < case.days else 0,
            close_request=True,
            events=(c.BROKERAGE_CLOSED,),
        ),
    )


def cancel(case: CaseState, reason: str) -> CaseDecision:
    """Cancel an open case: its days go back to the offer and the request reopens."""
    return _decide(
        case,
        CaseDecision(
            OPEN_STATUSES,
            changes={"status": "cancelled", "cancel_reason": reason},
            release=case.days,
            reopen_request=True,
            events=(c.BROKERAGE_CANCELLED,),
        ),
    )
