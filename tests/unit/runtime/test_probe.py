"""The probe's --live and --ready modes against a tiny HTTP server on loopback: exit 0 on 200,
1 otherwise (an error status, nothing listening, no port), one readable line either way; the
default mode (a SERVICE name) still means the health RPC."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from runtime import probe
from support.waiting import free_port


class Answers(BaseHTTPRequestHandler):
    """Answers each path with the (status, body) in the server's ``answers``."""

    def do_GET(self):  # noqa: N802 - the stdlib's name
        self.server.asked.append(self.path)
        status, body = self.server.answers.get(self.path, (404, {"error": "not found"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def ops_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    server.answers = {
        "/livez": (200, {"status": "ok"}),
        "/readyz": (200, {"status": "ready", "checks": {"broker": "ok", "store": "ok"}}),
    }
    server.asked = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def port_of(server) -> str:
    return str(server.server_address[1])


def test_ready_is_0_on_200_asking_readyz_on_ops_port(ops_server, monkeypatch, capsys):
    monkeypatch.setenv("OPS_PORT", port_of(ops_server))
    assert probe.main(["--ready", "events"]) == 0
    out = capsys.readouterr()
    assert ops_server.asked == ["/readyz"]
    assert out.out == f"events: ok: http://127.0.0.1:{port_of(ops_server)}/readyz 200 ready\n"


def test_not_ready_is_1_naming_the_check_that_is_down(ops_server, monkeypatch, capsys):
    monkeypatch.setenv("OPS_PORT", port_of(ops_server))
    down = {"status": "unavailable", "checks": {"broker": "ok", "store": "down"}}
    ops_server.answers["/readyz"] = (503, down)
    assert probe.main(["--ready"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("probe: failing: http://127.0.0.1:")
    assert err.endswith("/readyz 503 unavailable; store down\n")


def test_live_asks_livez_and_a_port_given_wins_over_ops_port(ops_server, monkeypatch, capsys):
    monkeypatch.setenv("OPS_PORT", str(free_port()))  # nothing there
    ops_server.answers["/readyz"] = (503, {"status": "unavailable", "checks": {"store": "down"}})
    assert probe.main(["--live", "--port", port_of(ops_server), "directory"]) == 0
    assert ops_server.asked == ["/livez"]  # liveness never asks readiness
    assert "directory: ok: " in capsys.readouterr().out


def test_nothing_listening_is_1_with_one_line(monkeypatch, capsys):
    monkeypatch.setenv("OPS_PORT", str(free_port()))
    assert probe.main(["--live", "--timeout", "2"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "/livez no answer: " in err


def test_no_port_anywhere_is_1_saying_so(monkeypatch, capsys):
    monkeypatch.delenv("OPS_PORT", raising=False)
    assert probe.main(["--ready", "community"]) == 1
    assert capsys.readouterr().err == (
        "community: no port: give --port or set OPS_PORT (got None)\n"
    )


def test_a_non_json_answer_still_makes_a_readable_line(ops_server, capsys):
    ops_server.answers["/livez"] = (500, "boom")
    assert probe.main(["--live", "--port", port_of(ops_server)]) == 1
    assert capsys.readouterr().err.endswith("/livez 500 boom\n")


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--live", "--ready"],
        ["--port", "9100", "events"],
        ["--bogus"],
        ["a", "b"],
        ["--ready", "--timeout", "soon"],
    ],
)
def test_bad_command_lines_print_the_usage_and_exit_2(argv, capsys):
    assert probe.main(argv) == 2
    assert capsys.readouterr().err == probe.USAGE + "\n"


def test_a_service_name_alone_still_calls_the_health_rpc(monkeypatch):
    called = []
    monkeypatch.setattr(probe, "probe_rpc", lambda service: called.append(service) or 0)
    monkeypatch.setattr(probe, "probe_http", lambda options: pytest.fail("asked HTTP"))
    assert probe.main(["notifications"]) == 0
    assert called == ["notifications"]


def test_as_a_command_it_exits_with_the_answer(ops_server):
    ready = [sys.executable, "-m", "runtime.probe", "--ready", "--port", port_of(ops_server)]
    out = subprocess.run(ready, capture_output=True, text=True, timeout=60)
    assert (out.returncode, out.stderr) == (0, "")
    ops_server.answers["/readyz"] = (503, {"status": "unavailable", "checks": {"broker": "down"}})
    out = subprocess.run(ready, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1 and out.stderr.endswith("503 unavailable; broker down\n")
