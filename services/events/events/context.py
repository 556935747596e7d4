"""What a use case is handed by the service: settings, the directory, the correlation id, the
clock, and a way to publish a document's outbox entries once they are stored."""

from dataclasses import dataclass, field
from datetime import datetime

from events.storage import now as utc_now


@dataclass(frozen=True)
class Settings:
    offer_ttl_seconds: float = 48 * 3600
    approval_ttl_seconds: float = 5 * 24 * 3600

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        return cls(
            offer_ttl_seconds=float(config.get("OFFER_TTL_SECONDS") or cls.offer_ttl_seconds),
            approval_ttl_seconds=float(
                config.get("APPROVAL_TTL_SECONDS") or cls.approval_ttl_seconds
            ),
        )


def _no_publish(collection, doc_id, entries) -> int:
    return 0


@dataclass
class Context:
    settings: Settings = field(default_factory=Settings)
    directory: object = None
    correlation_id: str | None = None
    publish: object = _no_publish
    publish_created: object = None

    def __post_init__(self):
        if self.publish_created is None:
            self.publish_created = lambda booking_id, entries, note, batch_size: 0

    def now(self) -> datetime:
        return utc_now()
