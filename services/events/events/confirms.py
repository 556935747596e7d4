"""Publisher confirms awaited together: publish many messages on a channel in confirm mode, then
wait once until the broker has confirmed them all (``Confirms``). py-amqp's own confirmed publish
waits for each message's confirm before the next is sent, a round trip to the broker per message.

The broker numbers a confirm-mode channel's messages 1, 2, 3 ... and acknowledges them, one or
several at a time (``multiple``), in any order; a nack (the broker could not take a message)
makes the wait fail, as a timeout does. The caller then treats every message of the wait as not
published (the outbox sweeps publish them again: at least once, never lost)."""

import time


class NotConfirmed(Exception):
    """The broker nacked a message, or did not confirm them all in time."""


class Confirms:
    """``Confirms(connection)`` puts the connection's default channel in confirm mode; after
    each publish on it call ``published()``; ``wait_all(timeout)`` returns once every message
    published so far is confirmed (``NotConfirmed`` otherwise)."""

    def __init__(self, connection):
        self._connection = connection
        channel = connection.default_channel
        channel.confirm_select()
        channel.events["basic_ack"].add(self._acked)
        channel.events["basic_nack"].add(self._nacked)
        self._sent = 0
        self._unconfirmed: set[int] = set()
        self._refused = 0

    def published(self) -> None:
        self._sent += 1
        self._unconfirmed.add(self._sent)

    def _settle(self, delivery_tag: int, multiple: bool) -> int:
        if multiple:
            settled = {tag for tag in self._unconfirmed if tag <= delivery_tag}
            self._unconfirmed -= settled
            return len(settled)
        if delivery_tag in self._unconfirmed:
            self._unconfirmed.discard(delivery_tag)
            return 1
        return 0

    def _acked(self, delivery_tag: int, multiple: bool) -> None:
        self._settle(delivery_tag, multiple)

    def _nacked(self, delivery_tag: int, multiple: bool) -> None:
        self._refused += self._settle(delivery_tag, multiple)

    def wait_all(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self._unconfirmed:
            left = deadline - time.monotonic()
            if left <= 0:
                raise NotConfirmed(f"{len(self._unconfirmed)} messages not confirmed in time")
            try:
                self._connection.drain_events(timeout=left)
            except TimeoutError:
                continue  # (the loop says so, once the deadline has passed)
        refused, self._refused = self._refused, 0
        if refused:
            raise NotConfirmed(f"the broker refused {refused} messages")
