"""Cluster meeting rota and Teachmeet running order as pure functions.

Hosts rotate fairly: the school that has hosted least (then longest ago, then lowest URN) hosts
next, so no school hosts twice before every school has hosted once.
"""

from datetime import UTC, date, datetime, time, timedelta

# Approximate first Monday of each half term of an academic year starting in ``year``.
HALF_TERM_STARTS = ((9, 1), (11, 1), (1, 5), (2, 22), (4, 19), (6, 7))
MEETING_START = time(15, 45)
MEETING_MINUTES = 75


def half_term_meeting_days(academic_year: int) -> list[date]:
    """One meeting day per half term: the Wednesday of the third week of each half term."""
    days = []
    for month, day in HALF_TERM_STARTS:
        year = academic_year if month >= 9 else academic_year + 1
        start = date(year, month, day)
        monday = start + timedelta(days=(7 - start.weekday()) % 7)
        days.append(monday + timedelta(days=14 + 2))
    return days


def assign_hosts(
    urns: list[int], meetings: int, history: dict[int, tuple[int, int]] | None = None
) -> list[int]:
    """Hosts for ``meetings`` meetings in order. ``history`` maps a URN to (times hosted, order of
    the last time) from earlier rotas.

    >>> assign_hosts([3, 1, 2], 4)
    [1, 2, 3, 1]
    >>> assign_hosts([1, 2, 3], 2, {1: (1, 0)})
    [2, 3]
    """
    if not urns:
        raise ValueError("no schools to host")
    state = {urn: list((history or {}).get(urn, (0, -1))) for urn in urns}
    order = max((last for _, last in state.values()), default=-1)
    hosts = []
    for _ in range(meetings):
        urn = min(urns, key=lambda u: (state[u][0], state[u][1], u))
        order += 1
        state[urn] = [state[urn][0] + 1, order]
        hosts.append(urn)
    return hosts


def rota_plan(
    academic_year: int,
    year_groups: list[str],
    urns: list[int],
    history: dict[int, tuple[int, int]] | None = None,
    after: datetime | None = None,
) -> list[dict]:
    """Meetings (half term, year group, host, start, end) for the year, hosts rotating fairly;
    with ``after``, only the half terms whose meeting starts after it (none already over)."""
    days = half_term_meeting_days(academic_year)
    if after is not None:
        numbered = {n: day for n, day in enumerate(days, start=1) if _starts(day) > after}
    else:
        numbered = dict(enumerate(days, start=1))
    slots = [(n, day, group) for n, day in numbered.items() for group in year_groups]
    if not slots:
        return []
    hosts = assign_hosts(sorted(set(urns)), len(slots), history)
    plan = []
    for (half_term, day, group), host in zip(slots, hosts, strict=True):
        starts = _starts(day)
        plan.append(
            {
                "half_term": half_term,
                "year_group": group,
                "host_school_urn": host,
                "starts_at": starts,
                "ends_at": starts + timedelta(minutes=MEETING_MINUTES),
            }
        )
    return plan


def _starts(day: date) -> datetime:
    return datetime.combine(day, MEETING_START, tzinfo=UTC)


def running_order(slots: list[dict], starts_at: datetime | None, minutes: int | None) -> list[dict]:
    """Claimed presentation slots in claim order, each with its position and start time."""
    ordered = []
    for position, slot in enumerate(slots, start=1):
        start = None
        if starts_at is not None and minutes:
            start = starts_at + timedelta(minutes=minutes * (position - 1))
        ordered.append({**slot, "position": position, "starts_at": start, "minutes": minutes})
    return ordered
