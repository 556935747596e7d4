"""Bookings counted by how they ended for Prometheus (``hub_bookings_total{outcome}``): confirmed,
waitlisted, pending_approval, or refused (a wire error answered to the caller: not allowed, already
booked, outside the booking window...). ``counted`` wraps ``book_place``, ``counted_each`` wraps
``book_places`` (each booking of the batch counted by its own result)."""

import functools
from collections.abc import Callable
from typing import Any

from prometheus_client import Counter

from contracts.errors import ServiceError

BOOKINGS = Counter("hub_bookings", "Bookings by outcome", ["outcome"])
REFUSED = "refused"


def count(outcome: str) -> None:
    BOOKINGS.labels(outcome).inc()


def counted(rpc: Callable[..., dict]) -> Callable[..., dict]:
    """An RPC answering one booking (``status``), or refusing with a wire error."""

    @functools.wraps(rpc)
    def wrapper(*args: Any, **kwargs: Any) -> dict:
        try:
            booking = rpc(*args, **kwargs)
        except ServiceError:
            count(REFUSED)
            raise
        count(str(booking.get("status")))
        return booking

    return wrapper


def counted_each(rpc: Callable[..., dict]) -> Callable[..., dict]:
    """An RPC answering ``{"results": [{"booking": ...} or {"error": ...}, ...]}``."""

    @functools.wraps(rpc)
    def wrapper(*args: Any, **kwargs: Any) -> dict:
        answer = rpc(*args, **kwargs)
        for result in answer.get("results") or []:
            booking = result.get("booking")
            count(str(booking.get("status")) if booking else REFUSED)
        return answer

    return wrapper
