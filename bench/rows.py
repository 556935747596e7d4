"""Each benchmark's figures (the JSON it records) as report rows with their targets and comparison
runs; a figure a failed step did not record becomes a row that is not measured (a miss)."""

import statistics
from collections.abc import Callable

from report import Row, at_least, at_most, exactly, number

BOOKING_ISSUE = "issue 4 (booking: burst exact, p99 ≤ 1 s; throughput ≥ 0.8x the baseline)"
BURST_ISSUE = "issue 15 (burst p99 ≤ 0.8x the baseline's; scale-out exact counts)"
INBOX_ISSUE = "issue 5 (booking → inbox visible p95 ≤ 50 ms at 50 bookings/s)"
DIRECTORY_ISSUE = "issue 3 (GIAS import of 25,000 rows ≤ 20 s; search p95 ≤ 50 ms)"
PAGES_ISSUE = "issue 11 (each page's p95 within 1.5x its API calls' p95)"


def get(figures: dict, path: str):
    """``get(f, "burst.p99_ratio")``: the nested value, or None when any part is missing."""
    value = figures
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _median(runs: list[dict] | None, key: str) -> float | None:
    values = [run[key] for run in runs or [] if run.get(key) is not None]
    return statistics.median(values) if values else None


def _counts(runs: list[dict] | None) -> str | None:
    """``50 / 450`` when every run's responses and store agree on the same counts, else each run's
    counts (``50 / 450; 49 / 451``); None without runs."""
    if not runs:
        return None
    shown = []
    for run in runs:
        pair = f"{run['confirmed']} / {run['waitlisted']}"
        stored = f"{run['stored_confirmed']} / {run['stored_waitlisted']}"
        shown.append(pair if pair == stored else f"{pair} (stored {stored})")
    return shown[0] if len(set(shown)) == 1 else "; ".join(shown)


def _scale_counts(runs: list[dict] | None) -> str | None:
    if not runs:
        return None
    if all(run.get("exact") for run in runs):
        return "exact"
    return "; ".join(
        f"{r['created']}/{r['total']} created, {r['confirmed']}+{r['waitlisted']}" for r in runs
    )


def booking(f: dict) -> list[Row]:
    bench = "booking"
    burst, through, scale = get(f, "burst") or {}, get(f, "throughput") or {}, get(f, "scale_out")
    p99 = {side: _median(burst.get(side), "p99_ms") for side in ("gateway", "baseline")}
    base_counts = _counts(burst.get("baseline"))
    rows = [
        Row(
            bench,
            "500-way burst for 50 places: confirmed / waitlisted (gateway)",
            _counts(burst.get("gateway")),
            target=exactly("50 / 450", BOOKING_ISSUE),
            comparison=f"baseline {number(base_counts)}",
        ),
        Row(
            bench,
            "burst counts, Flask + pymongo baseline",
            base_counts,
            target=exactly("50 / 450", BURST_ISSUE),
        ),
        Row(
            bench,
            "burst p99 (gateway, median of bursts)",
            p99["gateway"],
            "ms",
            at_most(1000, BOOKING_ISSUE),
            f"baseline {number(p99['baseline'], 'ms')}",
        ),
        Row(
            bench,
            "burst p99 gateway / baseline",
            get(burst, "p99_ratio"),
            "x",
            at_most(0.8, BURST_ISSUE),
            f"{number(p99['gateway'], 'ms')} / {number(p99['baseline'], 'ms')}",
        ),
        Row(
            bench,
            "throughput gateway / baseline (median of rounds)",
            get(through, "ratio_median"),
            "x",
            at_least(0.8, BOOKING_ISSUE),
            f"gateway {number(get(through, 'gateway_rps_median'), 'req/s')}, baseline "
            f"{number(get(through, 'baseline_rps_median'), 'req/s')}",
        ),
    ]
    if scale is None and f:
        return rows  # the run was told to leave the scale-out out
    rows += [
        Row(
            bench,
            "scale-out, two events instances: all created, confirmed + waitlisted = total",
            _scale_counts(get(f, "scale_out.two")),
            target=exactly("exact", BURST_ISSUE),
            comparison=f"one instance: {number(_scale_counts(get(f, 'scale_out.one')))}",
        ),
        Row(
            bench,
            "scale-out throughput, two events instances (median)",
            get(f, "scale_out.rps_median.two"),
            "req/s",
            comparison=f"one instance {number(get(f, 'scale_out.rps_median.one'), 'req/s')}",
        ),
    ]
    return rows


def inbox(f: dict) -> list[Row]:
    bench = "booking → inbox"
    seen, bookings = get(f, "entries_seen"), get(f, "bookings")
    every = None if seen is None else "all" if seen == bookings else f"{seen} of {bookings}"
    return [
        Row(
            bench,
            f"inbox entry visible through the gateway, p95 ({get(f, 'rate') or 50:g} bookings/s)",
            get(f, "visible_p95_ms"),
            "ms",
            at_most(50, INBOX_ISSUE),
            f"p50 {number(get(f, 'visible_p50_ms'), 'ms')}, p99 "
            f"{number(get(f, 'visible_p99_ms'), 'ms')}; email p95 "
            f"{number(get(f, 'email_p95_ms'), 'ms')} (no comparison run)",
        ),
        Row(
            bench,
            "bookings whose inbox entry was seen",
            every,
            target=exactly("all", INBOX_ISSUE),
            comparison=f"{number(bookings)} bookings, errors {number(get(f, 'errors'))}, "
            f"emails {number(get(f, 'emails'))}",
        ),
    ]


def directory(f: dict) -> list[Row]:
    bench = "directory"
    rows = [
        Row(
            bench,
            f"GIAS import, {number(get(f, 'rows'))} rows",
            get(f, "import_s"),
            "s",
            at_most(20, DIRECTORY_ISSUE),
            f"unchanged re-import {number(get(f, 'reimport_s'), 's')}",
        )
    ]
    searches = get(f, "search_p95_ms") or {"1": {}, "4": {}}
    for clients, kinds in searches.items():
        for kind in ("schools", "offers"):
            rows.append(
                Row(
                    bench,
                    f"search {kind} p95, {clients} client(s)",
                    kinds.get(kind),
                    "ms",
                    at_most(50, DIRECTORY_ISSUE),
                )
            )
    return rows


def auth(f: dict) -> list[Row]:
    bench = "auth"
    return [
        Row(
            bench,
            "sign-in p95, right password",
            get(f, "p95_ms.right"),
            "ms",
            comparison=f"throttled (429) p95 {number(get(f, 'p95_ms.throttled'), 'ms')}",
        ),
        Row(
            bench,
            "unknown address / wrong password (medians; 1.00: indistinguishable)",
            get(f, "unknown_over_wrong"),
            "x",
            comparison=f"wrong password p50 {number(get(f, 'p50_ms.wrong'), 'ms')}",
        ),
    ]


def community(f: dict) -> list[Row]:
    bench = "community"
    rows = []
    for way in ("upload", "download"):
        rows.append(
            Row(
                bench,
                f"5 MB {way}, gateway (median)",
                get(f, f"files_mb_per_s_median.gateway {way}"),
                "MB/s",
                comparison=f"plain file server "
                f"{number(get(f, f'files_mb_per_s_median.baseline {way}'), 'MB/s')} "
                f"(ratio {number(get(f, f'files_ratio_median.{way}'), 'x')})",
            )
        )
    rows.append(
        Row(
            bench,
            f"search p95, {number(get(f, 'posts'))} posts",
            get(f, "search_ms.p95"),
            "ms",
            comparison=f"floor GET /spaces/{{id}} p95 {number(get(f, 'floor_ms.p95'), 'ms')}",
        )
    )
    return rows


PAGES = ["home", "events calendar", "an event", "my bookings", "schools by name"]


def pages(f: dict) -> list[Row]:
    measured = get(f, "page_api_p95_ms") or dict.fromkeys(PAGES, [None, None])
    rows = []
    for name, (page, api) in measured.items():
        rows.append(
            Row(
                "web pages",
                f"{name}: page p95 / API p95",
                page / api if page and api else None,
                "x",
                at_most(1.5, PAGES_ISSUE),
                f"page {number(page, 'ms')}, API calls {number(api, 'ms')}",
            )
        )
    return rows


BUILDERS: dict[str, Callable[[dict], list[Row]]] = {
    "booking": booking,
    "inbox": inbox,
    "directory": directory,
    "auth": auth,
    "community": community,
    "pages": pages,
}
