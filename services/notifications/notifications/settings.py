"""The notifications service's settings from its nameko config (with defaults)."""

from dataclasses import dataclass
from datetime import time
from pathlib import Path

import yaml
from nameko.extensions import DependencyProvider

from notifications.schooltime import SchoolCalendar

DEFAULT_CALENDAR = Path(__file__).parent / "data" / "term_dates.yaml"


@dataclass(frozen=True)
class Settings:
    calendar: SchoolCalendar
    reminder_offsets: tuple[str, ...] = ("2d", "morning")
    reminder_morning: time = time(7, 30)
    retry_base_seconds: float = 30.0
    retry_max_seconds: float = 3600.0
    max_attempts: int = 6
    # the web address people reach the platform at (links in email: a password reset's page)
    public_url: str = ""

    @classmethod
    def from_config(cls, config: dict) -> "Settings":
        calendar = config.get("SCHOOL_CALENDAR")
        if not isinstance(calendar, dict):
            path = Path(config.get("SCHOOL_CALENDAR_FILE") or DEFAULT_CALENDAR)
            calendar = yaml.safe_load(path.read_text())
        offsets = config.get("REMINDER_OFFSETS") or "2d,morning"
        if isinstance(offsets, str):
            offsets = [o for o in offsets.split(",") if o.strip()]
        return cls(
            calendar=SchoolCalendar.from_dict(calendar),
            reminder_offsets=tuple(offsets),
            reminder_morning=time.fromisoformat(str(config.get("REMINDER_MORNING") or "07:30")),
            retry_base_seconds=float(config.get("EMAIL_RETRY_BASE_SECONDS") or 30),
            retry_max_seconds=float(config.get("EMAIL_RETRY_MAX_SECONDS") or 3600),
            max_attempts=int(config.get("EMAIL_MAX_ATTEMPTS") or 6),
            public_url=str(config.get("PUBLIC_URL") or "").rstrip("/"),
        )

    def backoff_seconds(self, attempts: int) -> float:
        """Wait before attempt ``attempts + 1``: doubling from the base, capped."""
        return min(self.retry_base_seconds * 2 ** max(attempts - 1, 0), self.retry_max_seconds)


class ServiceSettings(DependencyProvider):
    """``Settings`` read once from the container's config; workers get the ``Settings``."""

    def setup(self):
        self.settings = Settings.from_config(self.container.config)

    def get_dependency(self, worker_ctx):
        return self.settings
