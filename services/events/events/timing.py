"""Time rules as pure functions: what may happen to an event before, and after, its sessions.

- An event is created (or commissioned) only with sessions that have not started; a change may
  keep a session that has started as it was, never move, add or drop one.
- Booking (a place, the waiting list, on someone's behalf) closes when the first session starts;
  no place is offered, and no offer or approval request lasts, beyond that moment.
- A session's register is taken once it has started; a certificate counts only sessions that
  have started; feedback opens when the last session has started.
- A session is named by its id (``<event id>-s<n>@partnership-hub``, its calendar UID) or by its
  number as people see it (1 for the first); ``session`` (its 0-based index) still works.

Nothing here touches MongoDB or nameko. Times are aware datetimes (naive ones are UTC).
"""

from datetime import UTC, datetime, timedelta

from events.rules import session_uid

SAME_MOMENT = timedelta(seconds=1)  # stored times keep milliseconds; a form keeps minutes


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone (a naive datetime from the store is UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def when(moment: datetime) -> str:
    """``9 February 2027 at 15:45 UTC``: a moment as a message says it."""
    moment = aware(moment).astimezone(UTC)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M} UTC"


def started(session: dict, now: datetime) -> bool:
    return aware(session["starts_at"]) <= aware(now)


def first_start(sessions: list[dict]) -> datetime | None:
    return min((aware(s["starts_at"]) for s in sessions), default=None)


def last_start(sessions: list[dict]) -> datetime | None:
    return max((aware(s["starts_at"]) for s in sessions), default=None)


def past_session_problems(
    sessions: list[dict], now: datetime, field: str = "sessions"
) -> dict[str, list[str]]:
    """``{"sessions.0.starts_at": [...]}`` for every session that has already started (a new
    event's sessions are all ahead)."""
    return {
        f"{field}.{i}.starts_at": [f"In the past ({when(s['starts_at'])}): give a future time."]
        for i, s in enumerate(sessions)
        if started(s, now)
    }


def _same(a: dict, b: dict) -> bool:
    return all(abs(aware(a[k]) - aware(b[k])) < SAME_MOMENT for k in ("starts_at", "ends_at"))


def changed_session_problems(
    before: list[dict], after: list[dict], now: datetime, field: str = "sessions"
) -> dict[str, list[str]]:
    """Problems with replacing ``before`` by ``after`` at ``now``: a session in ``after`` that
    has started must be one of ``before``'s started sessions, unmoved; every started session of
    ``before`` must still be there (its register and certificates refer to it)."""
    held = [s for s in before if started(s, now)]
    problems: dict[str, list[str]] = {}
    for i, session in enumerate(after):
        if started(session, now) and not any(_same(session, old) for old in held):
            problems[f"{field}.{i}.starts_at"] = [
                f"In the past ({when(session['starts_at'])}): a new or moved session must be "
                "in the future."
            ]
    dropped = [s for s in held if not any(_same(s, new) for new in after)]
    if dropped and not problems:
        problems[field] = [
            f"The session of {when(dropped[0]['starts_at'])} has taken place: keep it as it was."
        ]
    return problems


def booking_closed_problem(sessions: list[dict], now: datetime) -> str | None:
    """Why nobody may book, join the waiting list or be booked now (None while the first
    session is ahead)."""
    start = first_start(sessions)
    if start is not None and start <= aware(now):
        return f"Booking has closed: this event started on {when(start)}."
    return None


def capped_deadline(deadline: datetime, sessions: list[dict]) -> datetime:
    """An offer's or approval request's deadline, never after the first session starts."""
    start = first_start(sessions)
    return deadline if start is None or aware(deadline) <= start else start


def session_index(event_id: str, sessions: list[dict], data: dict) -> tuple[int, str]:
    """The 0-based index of the session ``data`` names (``session_id``, ``session_number`` or
    the older ``session`` index) and the field it was named by; ValueError(field, message) when
    the event has no such session."""
    count = len(sessions)
    if data.get("session_id") is not None:
        ids = [session_id(event_id, i) for i in range(count)]
        if data["session_id"] not in ids:
            raise ValueError("session_id", "Not a session of this event.")
        return ids.index(data["session_id"]), "session_id"
    if data.get("session_number") is not None:
        number = data["session_number"]
        if not 1 <= number <= count:
            raise ValueError("session_number", f"This event has sessions 1 to {count}.")
        return number - 1, "session_number"
    index = data.get("session")
    if index is None or not 0 <= index < count:
        raise ValueError("session", f"This event has {count} session(s) (0 to {count - 1}).")
    return index, "session"


def session_id(event_id: str, index: int) -> str:
    """A session's id: its calendar UID (``rules.session_uid``)."""
    return session_uid(event_id, index)


def register_problem(session: dict, number: int, now: datetime) -> str | None:
    """Why session ``number``'s register cannot be taken at ``now`` (None once it started)."""
    if started(session, now):
        return None
    return (
        f"Session {number} starts on {when(session['starts_at'])}: its register can be taken "
        "once it has started."
    )


def held_sessions(attended: list[int], sessions: list[dict], now: datetime) -> list[int]:
    """The attended sessions (0-based) that have started, in order."""
    return sorted(i for i in set(attended) if i < len(sessions) and started(sessions[i], now))


def feedback_problem(sessions: list[dict], now: datetime) -> str | None:
    """Why feedback cannot be given yet (None once the last session has started)."""
    start = last_start(sessions)
    if start is not None and start > aware(now):
        return f"Feedback opens when the event's last session starts, on {when(start)}."
    return None
