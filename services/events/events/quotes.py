"""What a place on an event costs the caller's school, before booking: the same rule
(``rules.price_for``) and the same directory profile the booking itself uses, so a page never
prices a place by a second copy of the rules."""

from contracts.caller import Caller
from events import permissions
from events.booking_reads import read_event
from events.context import Context
from events.rules import price_for


def quote_price(ctx: Context, event_id: str, caller: Caller) -> dict:
    """The price of one place for the signed-in person's school (NotFound for no event,
    Unauthorized or Forbidden for nobody or a service)."""
    permissions.require_person(caller)
    event = read_event(event_id)
    profile = ctx.directory.profile(caller.id)
    school = ctx.directory.school(profile.school_urn) if profile.school_urn is not None else None
    starts = event["sessions"][0]["starts_at"]
    return {
        "event_id": event_id,
        "school_urn": profile.school_urn,
        "school_name": (school or {}).get("name"),
        "price_pence": price_for(event.get("pricing"), event["kind"], profile, starts),
    }
