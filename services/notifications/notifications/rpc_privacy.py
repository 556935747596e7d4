"""The notifications service's part in people's data: ``export_person``, its ``person_erased``
handler (``notifications.privacy``; ``runtime.erasures`` records each erasure once and announces
``person_erasure_done``), and retention: ``sweep_retention`` on demand and daily by timer (old
inbox entries and delivery records, ``notifications.retention``; old dead letters,
``runtime.dead_letter_retention``)."""

import logging
import os
from datetime import UTC, datetime, timedelta

from nameko.dependency_providers import Config
from nameko.rpc import rpc
from nameko.timer import timer

from contracts.caller import load_caller
from contracts.common import load
from contracts.privacy import RetentionQuerySchema, RetentionReportSchema
from notifications import permissions, privacy, retention
from runtime import dead_letter_retention
from runtime.erasures import privacy_entrypoints

_log = logging.getLogger(__name__)
# a nameko timer's interval is fixed as the class is defined: from the environment (daily)
RETENTION_SECONDS = float(os.environ.get("RETENTION_SWEEP_SECONDS", str(24 * 3600)))


PrivacyEntrypoints = privacy_entrypoints(
    privacy.SERVICE,
    permissions.check_may_export_person,
    privacy.export_person,
    privacy.erase_person,
    rpc,
)


def sweep_all(config, service_class, dry_run: bool = False, progress=None) -> dict:
    """Inbox entries, delivery records and dead letters past their retention periods."""
    at = datetime.now(UTC)
    report = retention.sweep(at, retention.retention_days(config), dry_run, progress)
    older_than = timedelta(days=dead_letter_retention.retention_days(config))
    queues = dead_letter_retention.handler_queues(service_class)
    dead = dead_letter_retention.sweep(config["AMQP_URI"], queues, older_than, dry_run, now=at)
    report["removed"]["dead_letters"] = sum(dead.values())
    report["cutoffs"]["dead_letters"] = at - older_than
    return report


class PrivacyRpc(PrivacyEntrypoints):  # type: ignore[misc,valid-type]
    """Mixed into ``NotificationsService``."""

    privacy_config = Config()

    @rpc
    def sweep_retention(self, query=None, caller=None):
        """RetentionQuerySchema -> RetentionReportSchema: remove (``dry_run``: count) inbox
        entries, finished delivery records and dead letters past their retention periods. The
        coordinator or a service. Errors: InvalidInput, Unauthorized, Forbidden."""
        permissions.check_may_sweep_retention(load_caller(caller))
        dry_run = load(RetentionQuerySchema, query)["dry_run"]
        report = sweep_all(self.privacy_config, type(self), dry_run)
        return RetentionReportSchema().dump(report)

    @timer(interval=RETENTION_SECONDS)
    def sweep_retention_daily(self):
        """Once a day: what ``sweep_retention`` removes."""
        try:
            sweep_all(self.privacy_config, type(self))
        except Exception:  # noqa: BLE001 - tomorrow's sweep tries again; the cause is logged
            _log.exception("retention sweep failed")
