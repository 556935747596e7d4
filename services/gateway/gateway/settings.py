"""Gateway settings, read from the environment with development defaults."""

import os

DEV_SECRET = "dev-only-secret-change-me-in-production-0123456789"


def _threads() -> int:
    """The threads of each gateway process (``python -m gateway.serve`` sets it)."""
    return int(os.environ.get("GATEWAY_THREADS", "128"))


def from_env() -> dict:
    return {
        "AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/"),
        "JWT_SECRET": os.environ.get("JWT_SECRET", DEV_SECRET),
        "TOKEN_TTL_SECONDS": int(os.environ.get("TOKEN_TTL_SECONDS", "3600")),
        "RPC_TIMEOUT_SECONDS": float(os.environ.get("RPC_TIMEOUT_SECONDS", "5")),
        # RPC clients kept open: one per thread that may call at once
        "RPC_POOL_SIZE": int(os.environ.get("RPC_POOL_SIZE") or _threads()),
        # inbox long polls answered from the notifications service's live feed (0: always RPC)
        "INBOX_FEED": os.environ.get("INBOX_FEED", "1") != "0",
        # long polls waiting at once per process: at most three quarters of its threads, so
        # waiting readers never take every thread from other requests (past that a long poll is
        # answered without waiting)
        "INBOX_WAITERS": max(1, _threads() * 3 // 4),
    }
