"""Names on the wire beside the messages themselves: the key of the correlation id in a call's
or an event's context, and the dead-letter exchange and queues a message that cannot be processed
goes to (``runtime.delivery`` declares them; the gateway's feed reads them)."""

DEAD_LETTER_EXCHANGE = "dead-letters"
CORRELATION_KEY = "correlation_id"


def dead_letter_queue_name(queue_name: str) -> str:
    """``dlq.<queue>``: where a handler's queue dead-letters to.

    >>> dead_letter_queue_name("notifications--events.booking_confirmed")
    'dlq.notifications--events.booking_confirmed'
    """
    return f"dlq.{queue_name}"
