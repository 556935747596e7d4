"""Logging for the services: a worker that raised one of the wire errors (404, 409, 422, ...)
answered its caller as designed, so nameko's ERROR record with a traceback becomes one INFO line
naming the answer. Anything else keeps its traceback."""

import logging

from contracts.errors import ServiceError


class AnsweredErrors(logging.Filter):
    """Use on a handler (``LOGGING.filters`` in a service's config.yaml)."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ServiceError):
            message = record.getMessage()
            record.msg = f"{message} (answered {exc.status} {exc.code})"
            record.args = ()
            record.exc_info = record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True
