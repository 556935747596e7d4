"""A service process's small operations HTTP server (eventlet's WSGI server on a green thread):
``GET /metrics`` (Prometheus text), ``GET /livez`` (200 while the process's loop answers) and
``GET /readyz`` (200 when every check passes, else 503; a JSON body naming each check)."""

import json
import logging
import socket
from collections.abc import Callable, Iterable
from typing import Any

import eventlet  # type: ignore[import-untyped, unused-ignore]
import eventlet.wsgi  # type: ignore[import-untyped, unused-ignore]
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

_log = logging.getLogger(__name__)

Checks = Callable[[], dict[str, bool]]
Start = Callable[[str, list[tuple[str, str]]], Any]


def _json(start: Start, status: str, body: dict) -> list[bytes]:
    data = json.dumps(body).encode()
    start(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def ops_app(ready: Checks, before_scrape: Callable[[], None] = lambda: None) -> Callable:
    """The WSGI application: ``ready()`` -> {check: passed}; ``before_scrape()`` refreshes the
    gauges read at each scrape."""

    def app(environ: dict, start: Start) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD"):
            return _json(start, "405 Method Not Allowed", {"error": "only GET"})
        if path == "/livez":
            return _json(start, "200 OK", {"status": "ok"})
        if path == "/readyz":
            checks = {name: "ok" if passed else "down" for name, passed in ready().items()}
            if all(value == "ok" for value in checks.values()):
                return _json(start, "200 OK", {"status": "ready", "checks": checks})
            return _json(
                start, "503 Service Unavailable", {"status": "unavailable", "checks": checks}
            )
        if path == "/metrics":
            try:
                before_scrape()
            except Exception:  # noqa: BLE001 - the counters are still worth answering
                _log.warning("metrics: a reading failed", exc_info=True)
            data = generate_latest(REGISTRY)
            start(
                "200 OK",
                [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(data)))],
            )
            return [data]
        return _json(start, "404 Not Found", {"error": "not found"})

    return app


class _Quiet:
    """eventlet's request log goes nowhere (a probe every few seconds is not news)."""

    def write(self, text: str) -> None:
        pass


class OpsServer:
    """``OpsServer(app).start(host, port)`` serves on a green thread until ``stop()``; a port
    already taken is a warning, not a failure (two instances on one machine both start)."""

    def __init__(self, app: Callable) -> None:
        self.app = app
        self.sock: socket.socket | None = None
        self.thread: Any = None

    @property
    def port(self) -> int | None:
        return self.sock.getsockname()[1] if self.sock is not None else None

    def start(self, host: str, port: int, spawn: Callable = eventlet.spawn) -> bool:
        try:
            self.sock = eventlet.listen((host, port))
        except OSError as exc:
            _log.warning("operations endpoint not started: %s:%s is not free (%s)", host, port, exc)
            return False
        self.thread = spawn(self._serve)
        _log.info("operations endpoint on %s:%s (/metrics, /livez, /readyz)", host, self.port)
        return True

    def _serve(self) -> None:
        eventlet.wsgi.server(
            self.sock, self.app, log=_Quiet(), log_output=False, debug=False, socket_timeout=30
        )

    def stop(self) -> None:
        if self.thread is not None:
            self.thread.kill()
            self.thread = None
        if self.sock is not None:
            self.sock.close()
            self.sock = None
