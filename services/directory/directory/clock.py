"""The directory's clock: the current UTC time and today's date, read by the RPC entrypoints and
the command line and passed on to the use cases (which take the time as an argument, so tests fix
it)."""

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()
