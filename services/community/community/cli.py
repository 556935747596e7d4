"""``community`` command: bring the spaces in step with the directory now, list them, and seed
the demo's showcase (straight to the community's database, before the service starts)."""

import click

import runtime.quiet  # noqa: F401 - first: hides eventlet's deprecation text

AMQP_DEFAULT = "amqp://guest:guest@127.0.0.1:5672/"


@click.group()
def cli():
    """Partnership Hub community administration."""


def _rpc(amqp_uri):
    from nameko.standalone.rpc import ClusterRpcProxy  # after runtime.quiet

    return ClusterRpcProxy({"AMQP_URI": amqp_uri}, timeout=30)


@cli.command()
@click.option("--amqp-uri", envvar="AMQP_URI", default=AMQP_DEFAULT)
def sync(amqp_uri):
    """A space for every strategic group and cluster of the directory (the running service
    does it every minute too)."""
    from contracts.caller import Caller

    with _rpc(amqp_uri) as rpc:
        counts = rpc.community.sync_spaces(caller=Caller.service("community-cli").dump())
    click.echo(", ".join(f"{n} {what}" for what, n in counts.items()))


@cli.command("spaces")
@click.option("--amqp-uri", envvar="AMQP_URI", default=AMQP_DEFAULT)
def spaces_list(amqp_uri):
    """One line per space: id, kind, name, posts."""
    from contracts.caller import Caller

    with _rpc(amqp_uri) as rpc:
        found = rpc.community.list_spaces(caller=Caller.service("community-cli").dump())
    for space in found["items"]:
        archived = "" if space["active"] else "  (archived)"
        click.echo(f"{space['id']:40} {space['kind']:14} {space['name']}{archived}")
        click.echo(f"{'':40} {space['post_count']} posts")


@cli.command("seed-demo")
@click.option(
    "--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017", show_default=True
)
@click.option("--db", envvar="COMMUNITY_DB", default="community", show_default=True)
def seed_demo(mongo_uri, db):
    """The demo school's showcase entry with its photo (idempotent)."""
    from community import demo
    from community.service import DEFAULT_MAX_BYTES
    from community.storage import connect_store

    connect_store(mongo_uri, db)
    click.echo(f"community demo: {demo.seed(DEFAULT_MAX_BYTES)} showcase entry")
