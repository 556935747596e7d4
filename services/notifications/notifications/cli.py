"""``notifications`` command: the local mail catcher and reading what it caught; the dead-letter
queues of the service's event handlers."""

from pathlib import Path

import click

import runtime.quiet  # noqa: F401 - first: hides eventlet's deprecation text
from notifications.mailcatcher import parts, read_mailbox, serve
from notifications.retention_cli import retention

DEFAULT_MAILDIR = "var/mail"


@click.group()
def cli():
    """Partnership Hub notifications administration."""


@cli.command()
@click.option("--host", envvar="SMTP_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="SMTP_PORT", default=1025, show_default=True, type=int)
@click.option("--maildir", envvar="MAILDIR", default=DEFAULT_MAILDIR, show_default=True)
@click.option("--user", default=None, help="Require AUTH as this user (with --password).")
@click.option("--password", default=None)
def mailcatcher(host, port, maildir, user, password):
    """Run a local SMTP server that keeps every message in MAILDIR."""
    serve(host, port, Path(maildir), user, password)


@cli.group()
def mail():
    """Read the messages the mail catcher kept."""


@mail.command("list")
@click.option("--maildir", envvar="MAILDIR", default=DEFAULT_MAILDIR, show_default=True)
def mail_list(maildir):
    """One line per caught message: number, date, recipient, subject."""
    for number, message in enumerate(read_mailbox(Path(maildir)), 1):
        attached = " [ics]" if parts(message)["ics"] else ""
        date, to = str(message["Date"] or ""), str(message["To"] or "")
        click.echo(f"{number:4}  {date:31}  {to}")
        click.echo(f"      {message['Subject'] or ''}{attached}")


@mail.command("show")
@click.argument("number", type=int, required=False, default=0)
@click.option("--maildir", envvar="MAILDIR", default=DEFAULT_MAILDIR, show_default=True)
@click.option("--html", is_flag=True, help="Show the HTML part instead of the text.")
def mail_show(number, maildir, html):
    """Show caught message NUMBER (from `mail list`; the latest when left out)."""
    messages = read_mailbox(Path(maildir))
    if not messages:
        raise click.ClickException(f"no messages in {maildir}")
    try:
        message = messages[number - 1 if number > 0 else -1]
    except IndexError:
        raise click.ClickException(f"no message {number}; there are {len(messages)}") from None
    found = parts(message)
    for header in ("From", "To", "Subject", "Date"):
        click.echo(f"{header}: {message[header]}")
    click.echo("")
    click.echo(found["html"] if html else found["text"])
    if found["ics"]:
        click.echo("--- calendar attachment ---")
        click.echo(found["ics"])


@cli.group()
@click.option("--amqp-uri", envvar="AMQP_URI", default="amqp://guest:guest@127.0.0.1:5672/")
@click.pass_context
def dlq(ctx, amqp_uri):
    """Messages the event handlers could not process (dead-lettered)."""
    ctx.obj = amqp_uri


def _queues():
    from notifications.deadletters import handler_queues  # imports nameko: only when needed
    from notifications.service import NotificationsService

    return handler_queues(NotificationsService)


@dlq.command("list")
@click.pass_obj
def dlq_list(amqp_uri):
    """How many messages each handler's dead-letter queue holds."""
    from notifications.deadletters import counts

    for queue, waiting in counts(amqp_uri, _queues()).items():
        if waiting:
            click.echo(f"{waiting:6}  dlq.{queue}")
    click.echo("(queues not listed are empty)")


@dlq.command("replay")
@click.option("--queue", "only", help="Only this handler queue (as `dlq list` names it).")
@click.pass_obj
def dlq_replay(amqp_uri, only):
    """Put dead-lettered messages back on their handler's queue (after fixing the cause)."""
    from notifications.deadletters import replay

    for queue in _queues():
        if only and queue != only.removeprefix("dlq."):
            continue
        moved = replay(amqp_uri, queue)
        if moved:
            click.echo(f"{moved:6}  back on {queue}")


cli.add_command(retention)  # notifications retention [--dry-run]
