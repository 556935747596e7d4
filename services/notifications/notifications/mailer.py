"""Email over SMTP (stdlib ``smtplib``/``email``): build a multipart message (text, HTML, optional
iCal) and send it, telling temporary failures (retry later) from permanent ones (give up).

Each attempt is one log line (``email sent`` / ``email not sent``, naming the delivery, with the
correlation id of what caused it) and counted in ``hub_emails_total{outcome}``: ``sent``,
``retried`` (a temporary failure: the delivery is tried again later while attempts remain) or
``failed`` (refused for good)."""

import logging
import queue
import smtplib
import ssl
from dataclasses import dataclass
from email.header import Header
from email.message import Message
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate, make_msgid

import eventlet
from nameko.extensions import DependencyProvider
from prometheus_client import Counter

from runtime import logcontext

_log = logging.getLogger(__name__)
EMAILS = Counter("hub_emails", "Email sending attempts by outcome", ["outcome"])


class TemporaryFailure(Exception):
    """The server or the network said "not now" (4xx, refused connection, timeout)."""


class PermanentFailure(Exception):
    """The server refused the message for good (5xx)."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str = "127.0.0.1"
    port: int = 1025
    username: str | None = None
    password: str | None = None
    security: str = "none"  # "none", "starttls" or "ssl"
    sender: str = "Partnership Hub <hub@partnership.test>"
    timeout: float = 10.0

    @classmethod
    def from_config(cls, config: dict) -> "SmtpSettings":
        return cls(
            host=str(config.get("SMTP_HOST") or "127.0.0.1"),
            port=int(config.get("SMTP_PORT") or 1025),
            username=config.get("SMTP_USER") or None,
            password=config.get("SMTP_PASSWORD") or None,
            security=str(config.get("SMTP_SECURITY") or "none").lower(),
            sender=config.get("MAIL_FROM") or cls.sender,
            timeout=float(config.get("SMTP_TIMEOUT") or 10.0),
        )


def build_message(
    sender: str,
    to: str,
    subject: str,
    text: str,
    html: str,
    ics: bytes | None = None,
    ics_method: str = "REQUEST",
    headers: dict | None = None,
    message_id: str | None = None,
) -> Message:
    """multipart/alternative (text, HTML), inside multipart/mixed with a text/calendar part when
    there is an invite; ``message_id`` (else a fresh one) as its Message-ID. Built with the
    ``email.mime`` classes: several times faster than the header-parsing ``EmailMessage`` API,
    and this is on every email's path."""
    body = MIMEMultipart("alternative")
    body.attach(MIMEText(text, "plain", "utf-8"))
    body.attach(MIMEText(html, "html", "utf-8"))
    msg = body
    if ics:
        msg = MIMEMultipart("mixed")
        msg.attach(body)
        invite = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
        invite.set_param("method", ics_method)
        name = "cancel.ics" if ics_method == "CANCEL" else "invite.ics"
        invite.add_header("Content-Disposition", "attachment", filename=name)
        msg.attach(invite)
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = message_id or make_msgid(domain="partnership-hub")
    for name, value in (headers or {}).items():
        msg[name] = value
    return msg


def _is_temporary(code: int) -> bool:
    return 400 <= code < 500


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        context = ssl.create_default_context()
        client = smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=settings.timeout, context=context
        )
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.security == "starttls":
        client.starttls(context=ssl.create_default_context())
    if settings.username:
        client.login(settings.username, settings.password or "")
    return client


def _close(client: smtplib.SMTP | None) -> None:
    if client is None:
        return
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


def _classified(exc: Exception) -> Exception:
    """The failure as TemporaryFailure (try again later) or PermanentFailure (give up)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(f"{code} {msg!r}" for code, msg in exc.recipients.values())
        if all(_is_temporary(code) for code in codes):
            return TemporaryFailure(f"recipient refused: {text}")
        return PermanentFailure(f"recipient refused: {text}")
    if isinstance(exc, smtplib.SMTPResponseException):
        error = f"{exc.smtp_code} {exc.smtp_error!r}"
        if _is_temporary(exc.smtp_code):
            return TemporaryFailure(error)
        return PermanentFailure(error)
    return TemporaryFailure(f"{type(exc).__name__}: {exc}")


class SmtpPool:
    """SMTP connections kept open between messages (a new one per message costs several round
    trips). A kept connection the server has dropped is replaced once, transparently."""

    def __init__(self, settings: SmtpSettings, size: int = 8):
        self.settings = settings
        self.idle: queue.LifoQueue = queue.LifoQueue(maxsize=size)
        self.senders = None

    def in_background(self, fn, *args) -> None:
        """Run ``fn(*args)`` on the senders pool (waits for a free sender), else right here."""
        if self.senders is None:
            fn(*args)
        else:  # the sender's lines name the correlation id of the work that handed it over
            self.senders.spawn_n(logcontext.carried(fn), *args)

    def _take(self) -> smtplib.SMTP | None:
        try:
            return self.idle.get_nowait()
        except queue.Empty:
            return None

    def _give_back(self, client: smtplib.SMTP) -> None:
        try:
            self.idle.put_nowait(client)
        except queue.Full:
            _close(client)

    def send(self, message: Message, log_fields: dict | None = None) -> None:
        """Send ``message``; raise TemporaryFailure or PermanentFailure. Its line names the
        delivery, and ``log_fields`` (a digest's ``correlation_ids``)."""
        extra = {"delivery": message.get("X-Hub-Delivery"), **(log_fields or {})}
        try:
            self._send(message)
        except TemporaryFailure as exc:
            EMAILS.labels("retried").inc()
            _log.warning("email not sent (temporary): %s", exc, extra=extra)
            raise
        except PermanentFailure as exc:
            EMAILS.labels("failed").inc()
            _log.warning("email not sent (refused): %s", exc, extra=extra)
            raise
        EMAILS.labels("sent").inc()
        _log.info("email sent", extra=extra)

    def _send(self, message: Message) -> None:
        client = self._take()
        if client is not None:
            try:
                refused = client.send_message(message)
            except (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused) as exc:
                _close(client)  # the server answered: its answer stands
                raise _classified(exc) from exc
            except OSError:  # (SMTPServerDisconnected too) went stale while idle: one fresh try
                client.close()
            else:
                return self._done(client, refused)
        client = None
        try:
            client = _connect(self.settings)
            refused = client.send_message(message)
        except Exception as exc:
            _close(client)
            raise _classified(exc) from exc
        return self._done(client, refused)

    def _done(self, client: smtplib.SMTP, refused: dict) -> None:
        self._give_back(client)
        if refused:
            raise PermanentFailure(f"refused: {refused}")

    def close(self) -> None:
        while (client := self._take()) is not None:
            _close(client)


def send(settings: SmtpSettings, message: Message) -> None:
    """Send ``message`` on a connection of its own; raise TemporaryFailure or PermanentFailure."""
    pool = SmtpPool(settings, size=1)
    try:
        pool.send(message)
    finally:
        pool.close()


class Mailer(DependencyProvider):
    """SMTP settings from config (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURITY,
    MAIL_FROM); workers get the ``SmtpPool`` (``.settings``, ``.send(message)``,
    ``.in_background(fn, *args)``). Sending runs on a pool of its own (EMAIL_SENDERS green
    threads) so a slow SMTP conversation never holds the worker that handles events; a send cut
    short by a stop is retried by the service's timer when its claim lapses."""

    def setup(self):
        config = self.container.config
        senders = int(config.get("EMAIL_SENDERS") or 20)
        self.pool = SmtpPool(SmtpSettings.from_config(config), size=senders)
        self.pool.senders = eventlet.GreenPool(senders)

    def stop(self):
        self.pool.senders.waitall()
        self.pool.close()

    def kill(self):
        self.pool.close()

    def get_dependency(self, worker_ctx):
        return self.pool
