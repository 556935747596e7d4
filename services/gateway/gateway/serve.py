"""Serve the gateway: ``python -m gateway.serve [--host H] [--port P]``.

The HTTP server is granian (HTTP parsing and connections in Rust; the Flask app runs in a pool of
threads per worker process): it costs about half the CPU per request of gunicorn's gthread worker
here, which matters on the booking path. Each worker process imports the app itself, so each has
its own pool of RPC clients (never shared across a fork).

Settings (flags or environment): ``GATEWAY_HOST`` (127.0.0.1), ``GATEWAY_PORT`` (8000),
``GATEWAY_WORKERS`` (1 process: a request mostly waits on RPC, and one process's concurrent
bookings travel together, so one process makes the largest batches; run more instances, or more
workers, to use more cores), ``GATEWAY_THREADS`` (128 per process: an inbox long poll holds a
thread while it waits, up to three quarters of them), ``GATEWAY_ACCESS_LOG`` (1 to log each
request, one line with its request id: ``gateway.ops``), ``LOG_FORMAT`` (json, or console).
"""

import os
import sys

import click

from gateway import metrics, settings

APP = "gateway.wsgi:app"


def granian_argv(host: str, port: int, workers: int, threads: int, access_log: bool) -> list[str]:
    argv = [
        "granian",
        "--interface",
        "wsgi",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--backlog",
        "2048",
        "--respawn-failed-workers",
        "--workers-kill-timeout",
        "10",
        "--log-level",
        "info" if access_log else "warning",
    ]
    return [*argv, APP]  # the app writes each request's line itself, with its id (gateway.ops)


@click.command()
@click.option("--host", envvar="GATEWAY_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="GATEWAY_PORT", default=8000, type=click.IntRange(1, 65535))
@click.option("--workers", envvar="GATEWAY_WORKERS", default=1, type=click.IntRange(1, 64))
@click.option("--threads", envvar="GATEWAY_THREADS", default=128, type=click.IntRange(1, 512))
@click.option("--access-log/--no-access-log", envvar="GATEWAY_ACCESS_LOG", default=False)
def main(host: str, port: int, workers: int, threads: int, access_log: bool) -> None:
    """Run the gateway's HTTP server (replaces this process)."""
    try:
        settings.jwt_secret()
    except settings.SettingsError as exc:
        raise click.ClickException(str(exc)) from None
    argv = granian_argv(host, port, workers, threads, access_log)
    os.environ["GATEWAY_THREADS"] = str(threads)  # the app sizes its long-poll waiters by it
    os.environ["GATEWAY_ACCESS_LOG"] = "1" if access_log else "0"
    metrics.prepare_multiprocess(workers)  # several workers: one /metrics for them all
    executable = os.path.join(os.path.dirname(sys.executable), "granian")
    os.execv(executable, argv)


if __name__ == "__main__":
    main()
