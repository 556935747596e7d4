"""Log lines: one JSON object each with the standard keys and the correlation id bound where the
record was made; the console style for people; a worker's correlation id bound and let go."""

import io
import json
import logging
from types import SimpleNamespace

import eventlet

from runtime import logcontext, logformat
from runtime.ops import Operations, correlation_of


def logger_writing_to(stream, style, name="hub.test"):
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logformat.formatter("events", style))
    logger = logging.getLogger(name)
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.INFO)
    return logger


def test_a_json_line_has_the_standard_keys_and_the_bound_correlation_id():
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


def test_an_exception_is_one_json_line_with_its_traceback():
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


def test_console_lines_are_for_people(monkeypatch):
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


def _worker(data=None, args=()):
    return SimpleNamespace(data=data or {}, args=args, entrypoint=None)


def test_a_workers_correlation_id_is_the_callers_else_its_events():
    sent = _worker({"correlation_id": "req-1"}, ({"correlation_id": "x"},))
    assert correlation_of(sent) == "req-1"
    assert correlation_of(_worker(args=({"event_id": "e", "correlation_id": "req-2"},))) == "req-2"
    assert correlation_of(_worker(args=("plain", 1))) is None


def test_operations_binds_the_id_for_the_worker_and_lets_it_go():
    ops = Operations()
    ops.meter = SimpleNamespace(started=lambda w: None, forget=lambda w: None)
    worker = _worker({"correlation_id": "req-9"})
    ops.worker_setup(worker)
    assert logcontext.current() == "req-9"
    ops.worker_teardown(worker)
    assert logcontext.current() is None
