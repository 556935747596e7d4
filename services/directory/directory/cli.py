"""``directory`` command: import GIAS data and seed the demo partnership into the directory's
database."""

import os
import sys

import click
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

import runtime.quiet  # noqa: F401 - first: hides eventlet's deprecation text
from directory import demo, gias_import
from directory.gias import BadRow, open_gias, read_links, read_rows
from directory.storage import connect_store

BATCH = 1000


@click.group()
@click.option(
    "--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017", show_default=True
)
@click.option("--db", envvar="DIRECTORY_DB", default="directory", show_default=True)
@click.pass_context
def cli(ctx, mongo_uri, db):
    """Partnership Hub directory administration."""
    ctx.obj = (mongo_uri, db)


def connect() -> None:
    """The directory's database, connected when a command runs (a command's --help needs none)."""
    connect_store(*click.get_current_context().find_root().obj)


def import_file(path: str, la_code: str | None, links: str | None = None, show=True) -> dict:
    """Import a GIAS CSV (and optionally its links extract) in batches; returns the counts and
    the bad rows (line, problem)."""
    totals = {"imported": 0, "created": 0, "updated": 0, "closed": 0, "converted": 0}
    bad: list[BadRow] = []
    size = os.path.getsize(path)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
    )
    with (
        open_gias(path) as lines,
        Progress(*columns, disable=not show, transient=not sys.stderr.isatty()) as progress,
    ):
        task = progress.add_task("Importing schools", total=size)

        existing = gias_import.existing_schools()

        def flush(batch):
            for key, value in gias_import.import_schools(batch, existing).items():
                totals[key] += value
            progress.update(task, completed=lines.buffer.tell())

        batch = []
        for item in read_rows(lines, la_code or None):
            if isinstance(item, BadRow):
                bad.append(item)
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                flush(batch)
                batch = []
        flush(batch)
        progress.update(task, completed=size)
    if links:
        with open_gias(links) as lines:
            rows = []
            for item in read_links(lines):
                (bad if isinstance(item, BadRow) else rows).append(item)
        totals["converted"] = gias_import.link_predecessors(rows)
    return {**totals, "bad_rows": bad}


@cli.command("import-gias")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--la", "la_code", default="890", show_default=True, help="LA code to keep ('' for all)."
)
@click.option(
    "--links",
    type=click.Path(exists=True, dir_okay=False),
    help="GIAS links extract (URN, LinkURN, LinkType): links academies to predecessors.",
)
def import_gias(path, la_code, links):
    """Import (or re-import) schools from a GIAS all-establishments CSV."""
    connect()
    result = import_file(path, la_code, links)
    for row in result["bad_rows"]:
        click.echo(f"line {row.line}: skipped: {row.problem}", err=True)
    click.echo(
        f"imported {result['imported']} schools ({result['created']} new, {result['updated']} "
        f"changed, {result['closed']} closed, {result['converted']} linked to predecessors), "
        f"skipped {len(result['bad_rows'])} bad rows"
    )


@cli.command("remind-verification")
def remind_verification():
    """Flag offers past their verification date (the service relays the reminders)."""
    from directory.clock import today
    from directory.offers import remind_verification_due

    connect()
    click.echo(f"{len(remind_verification_due(today()))} offers due for verification")


@cli.command("seed-demo")
@click.option("--password", envvar="DEMO_PASSWORD", default="demo-password", show_default=True)
def seed_demo(password):
    """Create the demo partnership (idempotent)."""
    connect()
    counts = demo.seed(password)
    click.echo("directory demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
