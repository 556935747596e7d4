"""The correlation id of the request or message being handled, as every log line names it.

One context variable: each green thread (a nameko worker) and each OS thread (a gateway request)
has its own value. A nameko worker binds it from the id its caller sent (``runtime.ops``); the
gateway binds its request id; work handed to another green thread takes it along with
``carried`` (a new green thread starts with none)."""

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "hub_correlation_id", default=None
)
# the service a worker belongs to: several services share one process in the integration tests
_service: contextvars.ContextVar[str | None] = contextvars.ContextVar("hub_service", default=None)


def current() -> str | None:
    """The correlation id bound here, or None."""
    return _current.get()


def service() -> str | None:
    """The service of the worker running here, when one bound it."""
    return _service.get()


Tokens = tuple[contextvars.Token, contextvars.Token]


def bind(correlation_id: str | None, service: str | None = None) -> Tokens:
    """Bind ``correlation_id`` (and the worker's ``service``) until ``unbind(tokens)``."""
    return _current.set(correlation_id), _service.set(service)


def unbind(tokens: Tokens) -> None:
    _current.reset(tokens[0])
    _service.reset(tokens[1])


@contextmanager
def bound(correlation_id: str | None, service: str | None = None) -> Iterator[None]:
    """``with bound(cid): ...``: every line logged inside names ``cid``."""
    tokens = bind(correlation_id, service)
    try:
        yield
    finally:
        unbind(tokens)


def carried(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` to run in another green thread or thread with the correlation id bound here now."""
    correlation_id, worker_service = current(), service()

    def run(*args: Any, **kwargs: Any) -> Any:
        with bound(correlation_id, worker_service):
            return fn(*args, **kwargs)

    return run
