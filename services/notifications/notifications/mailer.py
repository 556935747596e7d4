"""Email over SMTP (stdlib ``smtplib``/``email``): build a multipart message (text, HTML, optional
iCal) and send it, telling temporary failures (retry later) from permanent ones (give up)."""

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from nameko.extensions import DependencyProvider


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
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="partnership-hub")
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    if ics:
        msg.add_attachment(
            ics,
            maintype="text",
            subtype="calendar",
            filename="invite.ics" if ics_method != "CANCEL" else "cancel.ics",
            params={"method": ics_method},
        )
    return msg


def _is_temporary(code: int) -> bool:
    return 400 <= code < 500


def send(settings: SmtpSettings, message: EmailMessage) -> None:
    """Send ``message``; raise TemporaryFailure or PermanentFailure."""
    try:
        if settings.security == "ssl":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=settings.timeout, context=context
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings.username:
                client.login(settings.username, settings.password or "")
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        text = "; ".join(f"{code} {msg!r}" for code, msg in exc.recipients.values())
        if all(_is_temporary(code) for code in codes):
            raise TemporaryFailure(f"recipient refused: {text}") from exc
        raise PermanentFailure(f"recipient refused: {text}") from exc
    except smtplib.SMTPResponseException as exc:
        error = f"{exc.smtp_code} {exc.smtp_error!r}"
        if _is_temporary(exc.smtp_code):
            raise TemporaryFailure(error) from exc
        raise PermanentFailure(error) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TemporaryFailure(f"{type(exc).__name__}: {exc}") from exc
    if refused:
        raise PermanentFailure(f"refused: {refused}")


class Mailer(DependencyProvider):
    """SMTP settings from config (SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURITY,
    MAIL_FROM); workers get the ``SmtpSettings``."""

    def setup(self):
        self.settings = SmtpSettings.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.settings
