"""What each domain event says to whom: pure functions from an event payload to messages.

``messages_for(kind, payload)`` looks the kind up in ``BUILDERS``, gathered from one module per
area: ``message`` (the ``Message``, whom it is addressed to, the shared helpers), ``bookings``
(places, offers, approvals), ``cpd_events`` (CPD events and meetings, certificates, feedback,
pathways), ``support`` (support requests and brokerage), ``people`` (welcome, roles, offices, the
password-reset email) and ``community`` (posts, feedback to heads, moderation).
"""

from collections.abc import Callable

from notifications.messages import bookings, community, cpd_events, people, support
from notifications.messages.message import Message

BUILDERS: dict[str, Callable[[dict], list[Message]]] = {
    **bookings.BUILDERS,
    **cpd_events.BUILDERS,
    **support.BUILDERS,
    **people.BUILDERS,
    **community.BUILDERS,
}


def messages_for(kind: str, payload: dict) -> list[Message]:
    """Every message event ``kind`` with ``payload`` sends (none for kinds nobody hears of)."""
    build = BUILDERS.get(kind)
    return build(payload) if build else []
