"""The events service's RPCs for bookings: a place's price, booking one or many places,
cancelling, reading and listing bookings, answering an offer or an approval, and the approvals a
person is asked for. A mixin of ``EventsService``; ``book_place`` and ``book_places`` are the hot
path, so they load and dump with one schema instance each."""

from collections.abc import Callable
from dataclasses import replace

from marshmallow import ValidationError
from nameko.exceptions import serialize

from contracts import events as c
from contracts.caller import load_caller
from contracts.common import PageQuerySchema, load
from contracts.errors import ServiceError, invalid_from_marshmallow
from events import (
    booking_batch,
    booking_metrics,
    booking_reads,
    bookings,
    permissions,
    quotes,
    usecases,
)
from events.context import Context
from events.entrypoints import rpc

_BOOK_PLACE = c.BookPlaceSchema()
_BOOKING = c.BookingSchema()
_BOOK_PLACES_RESULT = c.BookPlacesResultSchema()


def _load_booking(data) -> dict:
    """``load(BookPlaceSchema, data)`` with one schema instance (the hot path)."""
    try:
        return _BOOK_PLACE.load(data if data is not None else {})
    except ValidationError as err:
        raise invalid_from_marshmallow(err) from None


class BookingsRpc:
    _ctx: Callable[[], Context]  # the service's use-case context (EventsService._ctx)

    @rpc
    def quote_price(self, event_id, caller=None):
        """event id -> PriceQuoteSchema: a place's price for the caller's school, by the rule a
        booking uses. Errors: NotFound, Unauthorized."""
        quote = quotes.quote_price(self._ctx(), event_id, load_caller(caller))
        return c.PriceQuoteSchema().dump(quote)

    @rpc
    @booking_metrics.counted
    def book_place(self, data, caller=None):
        """BookPlaceSchema -> BookingSchema: the caller books ``person_id`` (default: the
        caller). Errors: InvalidInput, NotFound, Unauthorized, Forbidden (may not book that
        person; outside the audience), Conflict (already booked, cancelled, outside the booking
        window)."""
        ctx = self._ctx()
        request = bookings.booking_for(ctx, load_caller(caller), _load_booking(data))
        return _BOOKING.dump(booking_batch.book_one(ctx, request))

    @rpc
    @booking_metrics.counted_each
    def book_places(self, data, caller=None):
        """BookPlacesSchema -> BookPlacesResultSchema: several bookings at once, each made by
        its own ``caller`` (the item's) and decided and booked as ``book_place`` would (those
        of one event share one store batch). Errors: InvalidInput for the call; each booking's
        own error (Unauthorized, Forbidden, Conflict, ...) is in its result."""
        items = load(c.BookPlacesSchema, data)["bookings"]
        base = self._ctx()
        outcomes: list = [None] * len(items)
        requests, places_of = [], []
        for i, item in enumerate(items):
            ctx = replace(base, correlation_id=item.get("correlation_id") or base.correlation_id)
            try:
                request = bookings.booking_for(ctx, load_caller(item.get("caller")), item)
            except ServiceError as exc:  # this booking's answer; the others go on
                outcomes[i] = exc
                continue
            requests.append((ctx, request))
            places_of.append(i)
        for i, outcome in zip(places_of, booking_batch.book_many(requests), strict=True):
            outcomes[i] = outcome
        results = []
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                results.append({"error": serialize(outcome)})
            else:
                results.append({"booking": _BOOKING.dump(outcome)})
        return _BOOK_PLACES_RESULT.dump({"results": results})

    @rpc
    def cancel_booking(self, booking_id, caller=None):
        """-> BookingSchema (cancelled) by its holder, its booker or the coordinator. Errors:
        NotFound, Unauthorized, Forbidden, Conflict (already cancelled)."""
        booking = bookings.cancel_booking(self._ctx(), booking_id, load_caller(caller))
        return c.BookingSchema().dump(booking)

    @rpc
    def get_booking(self, booking_id, caller=None):
        """booking id -> BookingSchema (its holder, booker, approver, the school's head,
        administrator or business manager, the partnership roles). Errors: NotFound,
        Unauthorized, Forbidden."""
        return c.BookingSchema().dump(booking_reads.get_booking(booking_id, load_caller(caller)))

    @rpc
    def list_bookings(self, query=None, caller=None):
        """BookingQuerySchema -> BookingPageSchema of the caller's bookings (each with its
        waitlist position and names). Errors: Unauthorized."""
        who = permissions.require_person(load_caller(caller))
        page = booking_reads.list_bookings(who.id, load(c.BookingQuerySchema, query), self._ctx())
        return c.BookingPageSchema().dump(page)

    @rpc
    def list_event_bookings(self, event_id, query=None, caller=None):
        """event id, BookingQuerySchema -> BookingPageSchema (the event's organisers). Errors:
        NotFound, Unauthorized, Forbidden."""
        event = usecases.get_event_document(event_id)
        ctx = self._ctx()
        usecases.check_may_manage(ctx, load_caller(caller), event)
        page = booking_reads.list_event_bookings(event_id, load(c.BookingQuerySchema, query), ctx)
        return c.BookingPageSchema().dump(page)

    @rpc
    def answer_offer(self, booking_id, data, caller=None):
        """OfferAnswerSchema -> BookingSchema (the person offered, their booker, or the
        coordinator). Errors: NotFound, Unauthorized, Forbidden, Conflict (not the offer's
        version, answered, expired)."""
        answer = load(c.OfferAnswerSchema, data)
        booking = bookings.answer_offer(self._ctx(), booking_id, load_caller(caller), answer)
        return c.BookingSchema().dump(booking)

    @rpc
    def answer_approval(self, booking_id, data, caller=None):
        """ApprovalAnswerSchema -> BookingSchema (the approver asked, or the coordinator).
        Errors: NotFound, Unauthorized, Forbidden, Conflict."""
        answer = load(c.ApprovalAnswerSchema, data)
        booking = bookings.answer_approval(self._ctx(), booking_id, load_caller(caller), answer)
        return c.BookingSchema().dump(booking)

    @rpc
    def list_approvals(self, query=None, caller=None):
        """PageQuerySchema -> BookingPageSchema of bookings awaiting the caller's approval.
        Errors: Unauthorized."""
        who = permissions.require_person(load_caller(caller))
        page = booking_reads.list_approvals(who.id, load(PageQuerySchema, query), self._ctx())
        return c.BookingPageSchema().dump(page)
