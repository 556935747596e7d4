"""Gateway settings, read from the environment with development defaults."""

import os

DEV_SECRET = "dev-only-secret-change-me-in-production-0123456789"


def from_env() -> dict:
    return {
        "AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/"),
        "JWT_SECRET": os.environ.get("JWT_SECRET", DEV_SECRET),
        "TOKEN_TTL_SECONDS": int(os.environ.get("TOKEN_TTL_SECONDS", "3600")),
        "RPC_TIMEOUT_SECONDS": float(os.environ.get("RPC_TIMEOUT_SECONDS", "5")),
        "RPC_POOL_SIZE": int(os.environ.get("RPC_POOL_SIZE", "16")),
        # inbox long polls answered from the notifications service's live feed (0: always RPC)
        "INBOX_FEED": os.environ.get("INBOX_FEED", "1") != "0",
        # long polls waiting at once per process: at most half its threads, so waiting readers
        # never take every thread from other requests (the rest are answered without waiting)
        "INBOX_WAITERS": max(1, int(os.environ.get("GATEWAY_THREADS", "32")) // 2),
    }
