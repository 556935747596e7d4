"""Errors answered to a caller are logged as one INFO line; other errors keep their traceback."""

import logging
import sys

from contracts.errors import Conflict
from runtime.logfilters import AnsweredErrors


def record_of(exc: Exception) -> logging.LogRecord:
    try:
        raise exc
    except Exception:
        info = sys.exc_info()
    return logging.LogRecord(
        "nameko.containers",
        logging.ERROR,
        __file__,
        1,
        "error handling worker %s: %s",
        ("<worker>", exc),
        info,
    )


def test_an_answered_conflict_is_one_info_line():
    record = record_of(Conflict("Already booked."))
    assert AnsweredErrors().filter(record)
    assert record.levelno == logging.INFO and record.exc_info is None
    assert record.getMessage() == (
        "error handling worker <worker>: Already booked. (answered 409 CONFLICT)"
    )


def test_an_unexpected_error_keeps_its_traceback():
    record = record_of(RuntimeError("boom"))
    assert AnsweredErrors().filter(record)
    assert record.levelno == logging.ERROR and record.exc_info is not None
