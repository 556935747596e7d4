"""``notifications retention [--dry-run]``: the retention sweep now, from the command line, with
its progress (inbox entries and finished delivery records past ``NOTIFICATIONS_RETENTION_DAYS``,
dead letters past ``DEAD_LETTER_RETENTION_DAYS``); ``--dry-run`` only counts them."""

import click


@click.command("retention")
@click.option("--dry-run", is_flag=True, help="Count what would go; remove nothing.")
@click.option("--mongo-uri", envvar="MONGO_URI", default="mongodb://127.0.0.1:27017")
@click.option("--db", envvar="NOTIFICATIONS_DB", default="notifications", show_default=True)
@click.option("--amqp-uri", envvar="AMQP_URI", default="amqp://guest:guest@127.0.0.1:5672/")
@click.option("--days", type=float, default=None, help="Instead of NOTIFICATIONS_RETENTION_DAYS.")
@click.option(
    "--dead-letter-days", type=float, default=None, help="Instead of DEAD_LETTER_RETENTION_DAYS."
)
def retention(dry_run, mongo_uri, db, amqp_uri, days, dead_letter_days):
    """Remove (or with --dry-run count) notifications, delivery records and dead letters older
    than their retention periods."""
    from notifications.rpc_privacy import sweep_all  # imports nameko: only when needed
    from notifications.service import NotificationsService
    from notifications.storage import connect_store

    connect_store(mongo_uri, db)
    config = {
        "AMQP_URI": amqp_uri,
        "NOTIFICATIONS_RETENTION_DAYS": days,
        "DEAD_LETTER_RETENTION_DAYS": dead_letter_days,
    }
    verb = "would remove" if dry_run else "removed"

    def progress(kind, done, total):
        click.echo(f"  {kind}: {verb} {done} of {total}")

    report = sweep_all(config, NotificationsService, dry_run, progress)
    for kind, count in report["removed"].items():
        cutoff = report["cutoffs"][kind].isoformat(timespec="seconds")
        click.echo(f"{count:8}  {kind} older than {cutoff} ({verb})")
