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


def current() -> str | None:
    """The correlation id bound here, or None."""
    return _current.get()


def bind(correlation_id: str | None) -> contextvars.Token:
    """Bind ``correlation_id`` until ``unbind(token)``."""
    return _current.set(correlation_id)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def bound(correlation_id: str | None) -> Iterator[None]:
    """``with bound(cid): ...``: every line logged inside names ``cid``."""
    token = bind(correlation_id)
    try:
        yield
    finally:
        unbind(token)


def carried(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` to run in another green thread or thread with the correlation id bound here now."""
    correlation_id = current()

    def run(*args: Any, **kwargs: Any) -> Any:
        with bound(correlation_id):
            return fn(*args, **kwargs)

    return run
