"""Gateway settings, read from the environment.

Outside development the gateway refuses to start without a strong ``JWT_SECRET`` (at least 32
bytes, not a known placeholder). ``HUB_ENV=development`` allows a secret drawn at random for
this start only (tokens then die with the process).
"""

import logging
import os
import secrets

_log = logging.getLogger(__name__)

MIN_SECRET_BYTES = 32
KNOWN_WEAK = frozenset({"change-me", "changeme", "secret", "dev", "development"})


class SettingsError(RuntimeError):
    """A setting that makes it unsafe to start; the message names it and says what to do."""


def _threads() -> int:
    """The threads of each gateway process (``python -m gateway.serve`` sets it)."""
    return int(os.environ.get("GATEWAY_THREADS", "128"))


def development() -> bool:
    return os.environ.get("HUB_ENV", "").lower() == "development"


def jwt_secret() -> str:
    """``JWT_SECRET`` when strong; a random one in development; otherwise ``SettingsError``."""
    secret = os.environ.get("JWT_SECRET", "")
    weak = len(secret.encode()) < MIN_SECRET_BYTES or secret.lower() in KNOWN_WEAK
    if not weak:
        return secret
    if development():
        _log.warning("JWT_SECRET unset or weak: development mode signs with a random secret")
        return secrets.token_urlsafe(48)
    raise SettingsError(
        "JWT_SECRET must be set to a random string of at least 32 bytes "
        "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))'); "
        "set HUB_ENV=development to run without one on a development machine."
    )


def from_env() -> dict:
    return {
        "AMQP_URI": os.environ.get("AMQP_URI", "amqp://guest:guest@localhost:5672/"),
        "JWT_SECRET": jwt_secret(),
        "TOKEN_TTL_SECONDS": int(os.environ.get("TOKEN_TTL_SECONDS", "3600")),
        # tokens checked against the directory's sessions_revoked feed (0: ask at each request)
        "SESSION_FEED": os.environ.get("SESSION_FEED", "1") != "0",
        # how long a resolved token is trusted before the directory is asked again
        "SESSION_CACHE_SECONDS": float(os.environ.get("SESSION_CACHE_SECONDS", "2")),
        # request bodies larger than this are refused with 413 before anything reads them
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_REQUEST_BYTES", str(1024 * 1024))),
        # the largest attachment (the community service's limit too): upload routes take bodies
        # up to it and the multipart overhead (gateway.upload_limit)
        "ATTACHMENT_MAX_BYTES": int(os.environ.get("ATTACHMENT_MAX_BYTES") or 10 * 1024 * 1024),
        # Strict-Transport-Security and Secure cookies when the gateway is reached over TLS
        "HTTPS_ONLY": os.environ.get("HTTPS_ONLY", "0") == "1",
        "RPC_TIMEOUT_SECONDS": float(os.environ.get("RPC_TIMEOUT_SECONDS", "5")),
        # every RPC answer checked against its declared schema (contracts.clients); 0: trusted
        "RPC_CHECK_ANSWERS": os.environ.get("RPC_CHECK_ANSWERS", "1") != "0",
        # RPC clients kept open: one per thread that may call at once
        "RPC_POOL_SIZE": int(os.environ.get("RPC_POOL_SIZE") or _threads()),
        # inbox long polls answered from the notifications service's live feed (0: always RPC)
        "INBOX_FEED": os.environ.get("INBOX_FEED", "1") != "0",
        # long polls waiting at once per process: at most three quarters of its threads, so
        # waiting readers never take every thread from other requests (past that a long poll is
        # answered without waiting)
        "INBOX_WAITERS": max(1, _threads() * 3 // 4),
        # /health details (which check failed, and why) only with this header's value
        "HEALTH_DETAIL_TOKEN": os.environ.get("HEALTH_DETAIL_TOKEN", ""),
    }
