"""``events`` command: administration of the events service's database."""

import click

import runtime.quiet  # noqa: F401 - first: hides eventlet's deprecation text
from events import demo
from events.storage import connect_store


@click.group()
@click.option(
    "--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017", show_default=True
)
@click.option("--db", envvar="EVENTS_DB", default="events", show_default=True)
@click.pass_context
def cli(ctx, mongo_uri, db):
    """Partnership Hub events administration."""
    ctx.obj = (mongo_uri, db)


def connect() -> None:
    """The events database, connected when a command runs (a command's --help needs none)."""
    connect_store(*click.get_current_context().find_root().obj)


@cli.command("seed-demo")
def seed_demo():
    """Create the demo events (idempotent)."""
    connect()
    click.echo(f"events demo: {demo.seed()} events")
