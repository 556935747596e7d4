"""A local SMTP server that keeps every message it receives as a file (``<maildir>/*.eml``), for
``make run`` and the tests, and a reader for those files.

Recipients can ask it to misbehave, for trying failures against a real server: a local part
containing ``tempfail`` is refused with 451 (try later), ``permfail`` with 550, and ``flaky<N>``
(e.g. ``flaky2-ann@...``) with 451 for its first N attempts, then accepted.
"""

import email
import email.policy
import itertools
import os
import re
import signal
import threading
import time
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

FLAKY = re.compile(r"flaky(\d+)")


class MaildirHandler:
    """aiosmtpd handler: write each message to ``maildir``, refuse recipients who ask for it."""

    def __init__(self, maildir: Path):
        self.maildir = Path(maildir)
        self.maildir.mkdir(parents=True, exist_ok=True)
        self.counter = itertools.count(1)
        self.attempts: dict[str, int] = {}
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if "permfail" in local:
            return "550 5.1.1 mailbox unavailable"
        if "tempfail" in local:
            return "451 4.3.0 try again later"
        flaky = FLAKY.search(local)
        if flaky:
            with self.lock:
                seen = self.attempts[address] = self.attempts.get(address, 0) + 1
            if seen <= int(flaky.group(1)):
                return "451 4.3.0 flaky mailbox, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{next(self.counter):06d}.eml"
        tmp = self.maildir / f".{name}.tmp"
        tmp.write_bytes(envelope.original_content or envelope.content)
        os.replace(tmp, self.maildir / name)
        return "250 Message accepted for delivery"


def _authenticator(user: str, password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == user and auth_data.password.decode() == password
        )
        return AuthResult(success=ok)

    return authenticate


def serve(
    host: str, port: int, maildir: Path, user: str | None = None, password: str | None = None
) -> None:
    """Run until SIGINT/SIGTERM; with ``user``, only clients that log in as ``user`` may send."""
    auth = {}
    if user:  # plain AUTH over loopback, for trying SMTP_USER/SMTP_PASSWORD
        auth = {
            "authenticator": _authenticator(user, password or ""),
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(MaildirHandler(maildir), hostname=host, port=port, **auth)
    controller.start()
    print(f"mail catcher listening on {host}:{port}, writing to {maildir}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        stop.wait()
    finally:
        controller.stop()


def read_mailbox(maildir: Path) -> list[EmailMessage]:
    """Every message caught so far, oldest first."""
    folder = Path(maildir)
    if not folder.exists():
        return []
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def parts(message: EmailMessage) -> dict:
    """``{"text", "html", "ics"}`` of a caught message (None where absent)."""
    found = {"text": None, "html": None, "ics": None}
    for part in message.walk():
        kind = part.get_content_type()
        if kind == "text/plain" and found["text"] is None:
            found["text"] = part.get_content()
        elif kind == "text/html" and found["html"] is None:
            found["html"] = part.get_content()
        elif kind == "text/calendar":
            payload = part.get_payload(decode=True)
            found["ics"] = payload.decode() if isinstance(payload, bytes) else payload
    return found
