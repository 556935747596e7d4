"""Log lines as JSON objects (``LOG_FORMAT=json``, the default) or as text for people
(``LOG_FORMAT=console``), through structlog's formatter for the standard ``logging`` records.

Every line has ``timestamp`` (ISO 8601, UTC), ``level``, ``logger``, ``message``, ``service`` and
``correlation_id`` (the request or message being handled, ``runtime.logcontext``), plus whatever a
call passed as ``extra={...}`` and an ``exception`` with its traceback. A nameko service names the
formatter in its config.yaml ``LOGGING`` (``'()': runtime.logformat.formatter``); a process that
nameko does not configure (the gateway) calls ``configure``."""

import logging
import os
import sys
from collections.abc import Iterable
from typing import Any

import structlog

from runtime import logcontext

FORMATS = ("json", "console")
FIRST = ("timestamp", "level", "logger", "message", "service", "correlation_id")


def _style(style: str | None) -> str:
    chosen = (style or os.environ.get("LOG_FORMAT") or "json").strip().lower()
    return chosen if chosen in FORMATS else "json"


def _context(service: str) -> Any:
    def add(logger: Any, method: str, event: dict) -> dict:
        event.setdefault("service", logcontext.service() or service)
        event.setdefault("correlation_id", logcontext.current())
        return event

    return add


def _first_keys(logger: Any, method: str, event: dict) -> dict:
    """The standard keys first, in one order, then the rest as they came."""
    ordered = {key: event.pop(key) for key in FIRST if key in event}
    ordered.update(event)
    return ordered


def formatter(service: str, style: str | None = None) -> logging.Formatter:
    """The formatter of ``service``'s lines: ``style`` "json" or "console" (else LOG_FORMAT's)."""
    pre_chain = [
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        _context(service),
        structlog.stdlib.ExtraAdder(),
    ]
    renderer: Any
    finish: list[Any]
    if _style(style) == "json":
        finish = [
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            _first_keys,
        ]
        renderer = structlog.processors.JSONRenderer()
    else:  # a plain traceback: no local variables (a password, a token) in the log
        finish = []
        renderer = structlog.dev.ConsoleRenderer(
            colors=False, exception_formatter=structlog.dev.plain_traceback
        )
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=pre_chain,
        processors=[structlog.stdlib.ProcessorFormatter.remove_processors_meta, *finish, renderer],
    )


def configure(
    service: str,
    style: str | None = None,
    level: str | None = None,
    adopt: Iterable[str] = ("_granian", "granian.access"),
) -> logging.Handler:
    """The root logger writes ``service``'s lines to standard output at ``level`` (else
    LOG_LEVEL's, INFO); the loggers named in ``adopt`` (the HTTP server's own) write through the
    same handler."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter(service, style))
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "hub_logs", False)]:
        root.removeHandler(old)
    handler.hub_logs = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel((level or os.environ.get("LOG_LEVEL") or "INFO").upper())
    for name in adopt:
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.propagate = False
    return handler
