"""``events`` command: administration of the events service's database."""

import click

from events import demo
from events.storage import connect_store


@click.group()
@click.option(
    "--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017", show_default=True
)
@click.option("--db", envvar="EVENTS_DB", default="events", show_default=True)
def cli(mongo_uri, db):
    """Partnership Hub events administration."""
    connect_store(mongo_uri, db)


@cli.command("seed-demo")
def seed_demo():
    """Create the demo events (idempotent)."""
    click.echo(f"events demo: {demo.seed()} events")
