"""``directory`` command: import GIAS data and seed the demo partnership into the directory's
database."""

import os
import sys

import click
from rich.progress import Progress

from directory import demo, usecases
from directory.gias import BadRow, open_gias, read_rows
from directory.storage import connect_store

BATCH = 500


@click.group()
@click.option(
    "--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017", show_default=True
)
@click.option("--db", envvar="DIRECTORY_DB", default="directory", show_default=True)
def cli(mongo_uri, db):
    """Partnership Hub directory administration."""
    connect_store(mongo_uri, db)


@cli.command("import-gias")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--la", "la_code", default="890", show_default=True, help="LA code to keep ('' for all)."
)
def import_gias(path, la_code):
    """Import (or re-import) schools from a GIAS all-establishments CSV."""
    imported, bad = 0, []
    size = os.path.getsize(path)
    with open_gias(path) as lines, Progress(transient=not sys.stderr.isatty()) as progress:
        task = progress.add_task("Importing schools", total=size)
        batch = []
        for item in read_rows(lines, la_code or None):
            if isinstance(item, BadRow):
                bad.append(item)
                continue
            batch.append(item)
            if len(batch) >= BATCH:
                imported += usecases.import_schools(batch)
                batch = []
                progress.update(task, completed=lines.buffer.tell())
        imported += usecases.import_schools(batch)
        progress.update(task, completed=size)
    for row in bad:
        click.echo(f"line {row.line}: skipped: {row.problem}", err=True)
    click.echo(f"imported {imported} schools, skipped {len(bad)} bad rows")


@cli.command("seed-demo")
@click.option("--password", envvar="DEMO_PASSWORD", default="demo-password", show_default=True)
def seed_demo(password):
    """Create the demo partnership (idempotent)."""
    counts = demo.seed(password)
    click.echo("directory demo: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
