"""Retention: inbox entries and finished delivery records older than
``NOTIFICATIONS_RETENTION_DAYS`` (default 365) are removed, in batches, by the service itself
(daily, ``NotificationsService.sweep_retention_daily``; on demand ``sweep_retention`` or
``notifications retention [--dry-run]``). A delivery still to send (pending, sending, queued for
a digest, being assembled) stays whatever its age: only sent, failed and digested ones go.

>>> cutoffs(datetime(2026, 6, 1), 365)["inbox"].date().isoformat()
'2025-06-01'
"""

import os
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from notifications.storage import Delivery, Notification

DEFAULT_DAYS = 365
BATCH = 500
FINISHED = ("sent", "failed", "digested")
# kind of record -> (document, the date it is aged by, what else must hold)
KINDS: dict[str, tuple[Any, str, dict]] = {
    "inbox": (Notification, "created_at", {}),
    "deliveries": (Delivery, "created_at", {"status": {"$in": list(FINISHED)}}),
}
Progress = Callable[[str, int, int], None]  # kind, removed so far, of how many


def retention_days(config: Any = None) -> float:
    """``NOTIFICATIONS_RETENTION_DAYS`` from the service's config, else the environment."""
    value = (config or {}).get("NOTIFICATIONS_RETENTION_DAYS")
    value = value if value not in (None, "") else os.environ.get("NOTIFICATIONS_RETENTION_DAYS")
    return float(value) if value not in (None, "") else float(DEFAULT_DAYS)


def cutoffs(now: datetime, days: float) -> dict[str, datetime]:
    """Each kind of record's cut-off: older records go (pure)."""
    return {kind: now - timedelta(days=days) for kind in KINDS}


def expired_filter(kind: str, cutoff: datetime) -> dict:
    """The store's filter for ``kind`` records older than ``cutoff`` (pure).

    >>> expired_filter("deliveries", datetime(2025, 1, 1))["status"]
    {'$in': ['sent', 'failed', 'digested']}
    """
    _, field, extra = KINDS[kind]
    return {field: {"$lt": cutoff}, **extra}


def sweep(
    now: datetime, days: float, dry_run: bool = False, progress: Progress | None = None
) -> dict:
    """Remove (dry: count) every record past the retention period; the report
    (``RetentionReportSchema`` without the dead letters)."""
    limits = cutoffs(now, days)
    removed = {}
    for kind, cutoff in limits.items():
        collection = KINDS[kind][0]._get_collection()
        query = expired_filter(kind, cutoff)
        total = collection.count_documents(query)
        done = 0
        while not dry_run and done < total:
            ids = [doc["_id"] for doc in collection.find(query, {"_id": 1}).limit(BATCH)]
            if not ids:
                break
            done += collection.delete_many({"_id": {"$in": ids}, **query}).deleted_count
            if progress:
                progress(kind, done, total)
        removed[kind] = total if dry_run else done
        if progress and dry_run:
            progress(kind, total, total)
    return {"dry_run": dry_run, "removed": removed, "cutoffs": limits}
