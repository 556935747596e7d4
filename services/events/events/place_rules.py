"""The rules of places on an event, as plain Python: who may hold a place, who waits, and what
each step does to the event's counters. No store and no broker here; ``places.py`` sends each
``Change`` as one atomic conditional update, so the store applies a rule exactly as written here
and capacity stays exact however many bookings race.

The counters (one ``places`` document per event):

- ``taken``: places held by confirmed, offered and pending bookings, plus ``releasing`` ones;
- ``releasing``: places freed by a cancellation and being passed to the waiting list, so no
  newcomer can jump the queue;
- ``confirmed_count``, ``pending_count``, ``offered_count``: the held places by kind;
- ``waitlist_count`` (people waiting) and ``waitlist_seq`` (the last ticket given);
- ``school_taken.u<URN>``: places held per school, against ``per_school_cap``.

>>> event = {"capacity": 2, "taken": 1, "school_taken": {"u7": 1}, "per_school_cap": 1}
>>> hold, wait = hold_or_wait(7, "confirmed_count")
>>> hold.holds(event), wait.holds(event)  # a place is left but school 7 is at its cap
(False, True)
>>> wait.apply(event)["waitlist_count"], waitlist_reason(wait.apply(event))
(1, 'school_cap_reached')
"""

from dataclasses import dataclass, field
from typing import Any

from events.counters import Condition, Const, Counter, Expr, Field, largest, smallest
from events.rules import school_key

NO_CAP = 10**9
TAKEN = Field("taken")  # set on every places document when its event is created (COUNTERS)
CAPACITY = Field("capacity")
RELEASING = Field("releasing")
PER_SCHOOL_CAP = Counter("per_school_cap", default=NO_CAP)
COUNTERS = {
    "taken": 0,
    "releasing": 0,
    "confirmed_count": 0,
    "pending_count": 0,
    "offered_count": 0,
    "waitlist_count": 0,
    "waitlist_seq": 0,
    "school_taken": {},
}
WAITLIST_REASONS = ("event_full", "school_cap_reached")


@dataclass(frozen=True)
class Change:
    """One step on an event's places: when ``condition`` holds (always, when None) each counter
    in ``by`` goes up by its amount (an ``Expr`` of the counters before the step, or a whole
    number). ``reports``: values worked out first, from the counters before the step, kept on
    the document for the caller (how many of a batch got a place); ``by`` may use them."""

    outcome: str
    by: dict[str, Any]
    condition: Condition | None = None
    reports: dict[str, Expr] = field(default_factory=dict)

    def holds(self, places: dict) -> bool:
        return self.condition is None or self.condition.value(places)

    @property
    def plain(self) -> bool:
        """Whole-number steps only: the store can add them without working anything out."""
        return not self.reports and all(isinstance(v, int) for v in self.by.values())

    def apply(self, places: dict) -> dict:
        """The counters after this step (a new document; ``places`` is left as it was)."""
        reported = {key: report.value(places) for key, report in self.reports.items()}
        before = {**places, **reported}
        worked_out = {key: _number(amount, before) for key, amount in self.by.items()}
        after = {**before, "school_taken": dict(places.get("school_taken") or {})}
        for key, amount in worked_out.items():
            if key.startswith("school_taken."):
                school = key.split(".", 1)[1]
                after["school_taken"][school] = after["school_taken"].get(school, 0) + amount
            else:
                after[key] = (after.get(key) or 0) + amount
        return after


def _number(amount: Any, places: dict) -> int:
    return amount.value(places) if isinstance(amount, Expr) else amount


def school_taken(urn: int | None) -> Counter:
    return Counter(f"school_taken.{school_key(urn)}")


def room_for(urn: int | None) -> Condition:
    """A place is left and the school is under its cap."""
    return (TAKEN < CAPACITY) & (school_taken(urn) < PER_SCHOOL_CAP)


def hold_or_wait(urn: int | None, held: str) -> tuple[Change, Change]:
    """A newcomer from school ``urn`` either holds a place (as ``held``: ``confirmed_count`` or
    ``pending_count``) or takes the next waitlist ticket. The two conditions are exact opposites,
    so exactly one of them applies to any state of the counters."""
    school = f"school_taken.{school_key(urn)}"
    hold = Change("held", {"taken": 1, held: 1, school: 1}, room_for(urn))
    wait = Change("waiting", {"waitlist_count": 1, "waitlist_seq": 1}, ~room_for(urn))
    return hold, wait


def all_wait(count: int) -> Change:
    """``count`` newcomers to a full event all take waitlist tickets, in arrival order."""
    return Change("waiting", {"waitlist_count": count, "waitlist_seq": count}, ~(TAKEN < CAPACITY))


def first_comers_hold(urns: list[int | None]) -> Change:
    """A batch of newcomers (``urns``: each one's school, in arrival order) to an event with no
    per-school cap: the first comers hold the places left and the rest wait, in order.
    ``last_batch_granted`` reports how many held a place."""
    count = len(urns)
    granted = Field("last_batch_granted")  # worked out first: see ``reports`` below
    waiting = Const(count) - granted
    by: dict[str, Any] = {
        "taken": granted,
        "confirmed_count": granted,
        "waitlist_count": waiting,
        "waitlist_seq": waiting,
    }
    arrivals: dict[str, list[int]] = {}
    for position, urn in enumerate(urns):
        arrivals.setdefault(school_key(urn), []).append(position)
    for key, positions in arrivals.items():
        held: Expr = Const(0)
        for position in positions:
            held = held + (Const(position) < granted).then(1, 0)
        by[f"school_taken.{key}"] = held
    places_left = largest(0, smallest(count, CAPACITY - TAKEN))
    return Change("batch", by, reports={"last_batch_granted": places_left})


def waitlist_reason(after: dict) -> str:
    """Why a newcomer waits, read from the counters just after the ticket was taken: no place
    left, or a place left but the school at its cap."""
    return "event_full" if TAKEN.value(after) >= CAPACITY.value(after) else "school_cap_reached"


def give_back(urn: int | None, held: str | None) -> Change:
    """What a newcomer took is given back (a booking never stored): a held place is released
    to the waiting list; a ticket is dropped."""
    return release(urn, held) if held else leave_waitlist()


def release(urn: int | None, held: str) -> Change:
    """A held place is freed: it stays taken, as ``releasing``, until the next eligible person
    waiting is offered it (``claim_for_offer``) or nobody can use it (``free_released``)."""
    school = f"school_taken.{school_key(urn)}"
    return Change("released", {held: -1, school: -1, "releasing": 1})


def leave_waitlist() -> Change:
    return Change("left waiting list", {"waitlist_count": -1})


def claim_for_offer(urn: int | None) -> tuple[Change, Change]:
    """A person waiting, from school ``urn``, is offered a place: a releasing one when there is
    one, else a free one; never when the school is at its cap. Exact opposites on ``releasing``,
    so at most one applies to any state."""
    school = f"school_taken.{school_key(urn)}"
    offered = {"offered_count": 1, "waitlist_count": -1, school: 1}
    under_cap = school_taken(urn) < PER_SCHOOL_CAP
    from_released = Change(
        "offered a released place", {**offered, "releasing": -1}, (RELEASING >= 1) & under_cap
    )
    from_free = Change(
        "offered a free place",
        {**offered, "taken": 1},
        ~(RELEASING >= 1) & (TAKEN < CAPACITY) & under_cap,
    )
    return from_released, from_free


def unclaim_offer(urn: int | None) -> Change:
    """Undo ``claim_for_offer`` when the booking waiting changed meanwhile: the place is
    releasing again and the person is counted as waiting."""
    school = f"school_taken.{school_key(urn)}"
    return Change(
        "offer undone", {"offered_count": -1, "waitlist_count": 1, school: -1, "releasing": 1}
    )


def free_released() -> Change:
    """Nobody waiting can take a releasing place: it is free for anyone."""
    return Change("freed", {"releasing": -1, "taken": -1}, RELEASING >= 1)


def move_held(source: str, target: str) -> Change:
    """A held place changes kind (offered to confirmed, pending to confirmed, ...)."""
    return Change("held as " + target, {source: -1, target: 1})


def capacity_fits(capacity: int) -> Condition:
    """A new capacity is never below the places held."""
    return TAKEN <= capacity
