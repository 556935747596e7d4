"""Log lines: one JSON object each with the standard keys and the correlation id bound where the
record was made; the console style for people; a worker's correlation id bound and let go."""

import io
import json
import logging
from types import SimpleNamespace

import eventlet
import pytest
from nameko.events import EventHandler
from nameko.rpc import Rpc

from runtime import logcontext, logformat, metrics
from runtime.ops import Operations, correlation_of


@pytest.fixture
def logger_writing_to():
    """``logger_writing_to(stream, style, name)``: the logger writes there alone until the test
    ends (then as before: other tests' lines must still reach the root logger)."""
    changed = []

    def make(stream, style, name="hub.test"):
        handler = logging.StreamHandler(stream)
        handler.setFormatter(logformat.formatter("events", style))
        logger = logging.getLogger(name)
        changed.append((logger, logger.handlers, logger.propagate, logger.level))
        logger.handlers, logger.propagate = [handler], False
        logger.setLevel(logging.INFO)
        return logger

    yield make
    for logger, handlers, propagate, level in changed:
        logger.handlers, logger.propagate = handlers, propagate
        logger.setLevel(level)


def test_a_json_line_has_the_standard_keys_and_the_bound_correlation_id(logger_writing_to):
    out = io.StringIO()
    log = logger_writing_to(out, "json")
    with logcontext.bound("req-42"):
        log.info("booked %s", "p1", extra={"delivery": "d-1"})
    log.info("after")
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert list(first)[:6] == list(logformat.FIRST)
    assert first["message"] == "booked p1" and first["level"] == "info"
    assert (first["service"], first["logger"]) == ("events", "hub.test")
    assert first["correlation_id"] == "req-42" and first["delivery"] == "d-1"
    assert first["timestamp"].endswith("Z")
    assert second["correlation_id"] is None


def test_an_exception_is_one_json_line_with_its_traceback(logger_writing_to):
    out = io.StringIO()
    log = logger_writing_to(out, "json")
    try:
        raise ValueError("bad thing")
    except ValueError:
        log.exception("failed")
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["level"] == "error" and "ValueError: bad thing" in line["exception"]


def test_console_lines_are_for_people(logger_writing_to):
    out = io.StringIO()
    log = logger_writing_to(out, "console")
    with logcontext.bound("req-7"):
        log.warning("slow answer")
    text = out.getvalue()
    assert "slow answer" in text and "correlation_id=req-7" in text
    assert not text.lstrip().startswith("{")


def test_the_style_comes_from_log_format_unless_given(monkeypatch):
    monkeypatch.setenv("LOG_FORMAT", "console")
    assert logformat._style(None) == "console"
    assert logformat._style("json") == "json"
    monkeypatch.setenv("LOG_FORMAT", "nonsense")
    assert logformat._style(None) == "json"


def test_each_green_thread_has_its_own_correlation_id_and_carried_takes_it_along():
    seen = {}

    def worker(cid):
        with logcontext.bound(cid):
            eventlet.sleep(0)
            seen[cid] = (logcontext.current(), eventlet.spawn(logcontext.current).wait())
            seen[cid + "/carried"] = eventlet.spawn(logcontext.carried(logcontext.current)).wait()

    threads = [eventlet.spawn(worker, cid) for cid in ("a", "b")]
    for thread in threads:
        thread.wait()
    assert seen == {"a": ("a", None), "b": ("b", None), "a/carried": "a", "b/carried": "b"}
    assert logcontext.current() is None


def _worker(data=None, args=(), entrypoint=None):
    return SimpleNamespace(data=data or {}, args=args, entrypoint=entrypoint)


def test_an_events_correlation_id_is_its_own_else_the_callers():
    handler = EventHandler("events", "booking_confirmed")
    body = {"event_id": "e", "correlation_id": "req-2"}
    assert correlation_of(_worker({"correlation_id": "batch"}, (body,), handler)) == "req-2"
    assert correlation_of(_worker({"correlation_id": "req-1"}, ({"event_id": "e"},), handler)) == (
        "req-1"
    )
    assert correlation_of(_worker({"correlation_id": "req-3"}, (body,), Rpc())) == "req-3"
    assert correlation_of(_worker(args=("plain", 1), entrypoint=Rpc())) is None


def test_operations_binds_the_id_and_service_for_the_worker_and_logs_its_end(logger_writing_to):
    ops = Operations()
    ops.container = SimpleNamespace(service_name="events")
    ops.meter = metrics.EntrypointMeter("events")
    rpc = Rpc()
    rpc.method_name = "book_place"
    worker = _worker({"correlation_id": "req-9"}, entrypoint=rpc)
    out = io.StringIO()
    logger_writing_to(out, "json", name="runtime.workers")
    ops.worker_setup(worker)
    assert (logcontext.current(), logcontext.service()) == ("req-9", "events")
    ops.worker_result(worker, {"id": "b1"}, None)
    ops.worker_teardown(worker)
    assert (logcontext.current(), logcontext.service()) == (None, None)
    line = json.loads(out.getvalue())
    assert line["message"] == "rpc book_place ok" and line["correlation_id"] == "req-9"
    assert line["service"] == "events" and line["duration_ms"] >= 0
