"""Whether anyone serves a service's RPC queue, as the broker last said: a call to a service with
no consumer left (stopped, crashed, restarting) is answered 503 at once instead of after the RPC
timeout, and a call already waiting gives up within ``CHECK_EVERY`` seconds of the service going.

The broker's answer (a passive declare of ``rpc-<service>``) is kept for ``FRESH_FOR`` seconds and
shared by the gateway's threads, so a busy gateway asks about each service at most twice a
second.
"""

import threading
import time
from collections.abc import Callable

RPC_QUEUE = "rpc-{}"  # nameko's RPC queue for a service
FRESH_FOR = 0.5
CHECK_EVERY = 1.0


class ServiceDown(Exception):
    """Nobody consumes the service's RPC queue: it is stopped or restarting."""

    def __init__(self, service: str):
        super().__init__(f"{service} is not running")
        self.service = service


class ConsumerWatch:
    """``watch.serving(service, ask)`` -> whether the service has a consumer; ``ask(queue)`` asks
    the broker (-> the consumer count) when the last answer is older than ``FRESH_FOR``."""

    def __init__(self, fresh_for: float = FRESH_FOR, clock: Callable[[], float] = time.monotonic):
        self._fresh_for = fresh_for
        self._clock = clock
        self._seen: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def serving(self, service: str, ask: Callable[[str], int]) -> bool:
        now = self._clock()
        with self._lock:
            seen = self._seen.get(service)
        if seen is not None and now - seen[0] < self._fresh_for:
            return seen[1] > 0
        consumers = ask(RPC_QUEUE.format(service))
        with self._lock:
            self._seen[service] = (self._clock(), consumers)
        return consumers > 0
