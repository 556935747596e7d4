"""Health probe for container orchestrators: a service's liveness, readiness or ``health`` RPC.

- ``python -m runtime.probe --live`` asks ``GET http://127.0.0.1:$OPS_PORT/livez`` (the process
  answers), ``--ready`` asks ``/readyz`` (its broker and store answer): exit 0 on 200, else 1, with
  one line saying what it found. ``--port N`` instead of ``$OPS_PORT`` (the gateway: its own port),
  ``--host``, ``--timeout`` (seconds, default 5); a SERVICE name after it only names the line.
- ``python -m runtime.probe directory`` (the default, as before) calls the service's ``health``
  RPC over the broker: exit 0 when it answers and its database is ok.
"""

import json
import os
import sys
import urllib.error
import urllib.request

import runtime.quiet  # noqa: F401 - before nameko: hides eventlet's deprecation text

USAGE = "usage: python -m runtime.probe SERVICE | --live|--ready [--port N] [SERVICE]"
MODES = {"--live": "/livez", "--ready": "/readyz"}
OPTIONS = ("--port", "--host", "--timeout")


class UsageError(Exception):
    pass


def parse(argv: list[str]) -> dict:
    """The command line as ``{"path": "/readyz" | None, "service", "port", "host", "timeout"}``."""
    found: dict = {"path": None, "service": None, "port": None, "host": "127.0.0.1", "timeout": 5.0}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in MODES and found["path"] is None:
            found["path"] = MODES[arg]
        elif arg in OPTIONS and args:
            found[arg[2:]] = args.pop(0)
        elif not arg.startswith("-") and found["service"] is None:
            found["service"] = arg
        else:
            raise UsageError(arg)
    if found["path"] is None and (found["service"] is None or found["port"] is not None):
        raise UsageError("a SERVICE, or --live or --ready")
    try:
        found["timeout"] = float(found["timeout"])
    except ValueError as exc:
        raise UsageError("--timeout") from exc
    return found


def _summary(body: bytes) -> str:
    """The JSON answer's status and any check that is not ok, briefly (else the raw start)."""
    try:
        answer = json.loads(body)
    except ValueError:
        return body[:80].decode("utf-8", "replace").strip()
    if not isinstance(answer, dict):
        return str(answer)[:80]
    checks = answer.get("checks") or {}
    failing = [f"{name} {value}" for name, value in checks.items() if value != "ok"]
    return "; ".join([str(answer.get("status", "")), *failing]).strip("; ")


def http_check(path: str, port: int, host: str = "127.0.0.1", timeout: float = 5.0) -> tuple:
    """``(ok, line)``: whether ``GET http://host:port{path}`` answered 200, and what it said."""
    url = f"http://{host}:{port}{path}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:  # noqa: S310 - http only
            return answer.status == 200, f"{url} {answer.status} {_summary(answer.read())}"
    except urllib.error.HTTPError as exc:
        return False, f"{url} {exc.code} {_summary(exc.read())}"
    except (OSError, ValueError) as exc:  # refused, timed out, no such host
        reason = getattr(exc, "reason", None) or exc
        return False, f"{url} no answer: {reason}"


def probe_http(options: dict) -> int:
    port = options["port"] or os.environ.get("OPS_PORT")
    name = options["service"] or "probe"
    if not port or not str(port).isdigit() or int(port) <= 0:
        print(f"{name}: no port: give --port or set OPS_PORT (got {port!r})", file=sys.stderr)
        return 1
    ok, line = http_check(options["path"], int(port), options["host"], options["timeout"])
    print(f"{name}: {'ok' if ok else 'failing'}: {line}", file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1


def probe_rpc(service: str) -> int:
    from nameko.standalone.rpc import ClusterRpcProxy  # after runtime.quiet

    config = {"AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/")}
    try:
        with ClusterRpcProxy(config, timeout=5) as rpc:
            result = rpc[service].health()
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        print(f"{service}: down: {exc}", file=sys.stderr)
        return 1
    print(f"{service}: {result}")
    return 0 if result.get("mongodb") == "ok" else 1


def main(argv: list[str]) -> int:
    try:
        options = parse(argv)
    except UsageError:
        print(USAGE, file=sys.stderr)
        return 2
    if options["path"] is not None:
        return probe_http(options)
    return probe_rpc(options["service"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
