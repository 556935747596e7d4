"""A real SMTP server on loopback for tests (the notifications mail catcher, run as a process),
and reading what it caught."""

import subprocess
import sys
from pathlib import Path

from notifications.mailcatcher import parts, read_mailbox
from support.waiting import free_port, wait_for_port

BIN = Path(sys.executable).parent


class Mailbox:
    """``Mailbox(maildir).start()``: an SMTP server on 127.0.0.1:``port`` keeping mail in
    ``maildir``; ``to(address)`` lists what arrived for an address."""

    def __init__(self, maildir: Path, port: int | None = None, auth: tuple[str, str] | None = None):
        self.auth = auth
        self.maildir = Path(maildir)
        self.port = port or free_port()
        self.host = "127.0.0.1"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Mailbox":
        self.process = subprocess.Popen(
            [
                str(BIN / "notifications"),
                "mailcatcher",
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--maildir",
                str(self.maildir),
                *(["--user", self.auth[0], "--password", self.auth[1]] if self.auth else []),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def messages(self):
        return read_mailbox(self.maildir)

    def to(self, address: str):
        return [m for m in self.messages() if address.lower() in str(m["To"]).lower()]

    @staticmethod
    def parts(message) -> dict:
        return parts(message)
