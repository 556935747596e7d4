"""Settings for the platform's long-running processes (the nameko services and the gateway).

Python's cyclic garbage collector pauses the whole process for a full collection every so often,
and a full collection looks at every object alive: in a service that is mostly the start-up
objects (modules, classes, schemas, templates, connections), which never become garbage. Under a
steady load those pauses were 40-90 ms every few seconds, stalling every request in flight.
Freezing what start-up made moves it out of the collector's view, so full collections only look
at objects made since and stay short."""

import gc
import threading

from nameko.extensions import DependencyProvider

_frozen = threading.Event()


def freeze_startup_objects() -> None:
    """Collect once, then freeze everything alive (once per process; later calls do nothing).
    Frozen objects are still freed when nothing refers to them; only cycles among them stay."""
    if _frozen.is_set():
        return
    _frozen.set()
    gc.collect()
    gc.freeze()


class FreezeStartupObjects(DependencyProvider):
    """A nameko service's start-up objects frozen once its container has started."""

    def start(self) -> None:
        freeze_startup_objects()
