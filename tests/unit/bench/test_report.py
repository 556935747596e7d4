"""The benchmark report writer: figures against targets give pass or MISS, a missing figure is a
miss, and each benchmark's recorded figures become the rows of the table."""

import sys
from pathlib import Path

import pytest

# bench/ on the path only while its two modules load: its folders (bench/notifications, ...) would
# otherwise shadow the services' packages of the same names for every test collected after these
BENCH = str(Path(__file__).resolve().parents[3] / "bench")
sys.path.insert(0, BENCH)
try:
    from report import (  # noqa: I001
        MISS,
        NO_TARGET,
        PASS,
        Row,
        at_least,
        at_most,
        exactly,
        render,
        table,
        verdict,
    )
    from rows import booking, pages
finally:
    sys.path.remove(BENCH)


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        (612.0, at_most(1000), PASS),
        (1000.0, at_most(1000), PASS),
        (1000.1, at_most(1000), MISS),
        (0.8, at_least(0.8), PASS),
        (0.79, at_least(0.8), MISS),
        ("50 / 450", exactly("50 / 450"), PASS),
        ("49 / 451", exactly("50 / 450"), MISS),
        (None, at_most(50), MISS),
        (12.0, None, NO_TARGET),
        (None, None, MISS),
    ],
)
def test_verdict_against_the_target(value, target, expected):
    assert verdict(Row("b", "f", value, "ms", target)) == expected


def test_a_number_against_a_text_target_is_an_error_not_a_pass():
    with pytest.raises(TypeError):
        verdict(Row("b", "f", "fast", "ms", at_most(50)))


def test_table_shows_each_figure_beside_its_target_comparison_and_result():
    rows = [
        Row("booking", "burst p99", 612.4, "ms", at_most(1000), "baseline 905 ms"),
        Row("booking", "ratio", 0.7512, "x", at_least(0.8), "gateway 500 req/s"),
        Row("auth", "sign-in p95", 114.4, "ms"),
        Row("inbox", "p95", None, "ms", at_most(50)),
    ]
    lines = table(rows).splitlines()
    assert lines[0].startswith("| benchmark | figure | measured | target | comparison run |")
    assert lines[2] == "| booking | burst p99 | 612 ms | ≤ 1000 ms | baseline 905 ms | pass |"
    assert lines[3] == "| booking | ratio | 0.75x | ≥ 0.80x | gateway 500 req/s | MISS |"
    assert lines[4] == "| auth | sign-in p95 | 114 ms | none set | — | — |"
    assert lines[5] == "| inbox | p95 | not measured | ≤ 50 ms | — | MISS |"


def test_render_counts_the_verdicts_and_lists_phase_and_failures():
    rows = [Row("b", "f", 1.0, "s", at_most(2, "issue 3")), Row("b", "g", 3.0, "s", at_most(2))]
    text = render(rows, ["Date: today"], ["reference loop 60 ms"], ["pages: exit 1"])
    assert "**1 pass, 1 MISS, 0 without a target**" in text
    assert "- reference loop 60 ms" in text
    assert "- issue 3" in text
    assert "- pages: exit 1" in text


def _burst(confirmed, waitlisted, p99):
    return {
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "stored_confirmed": confirmed,
        "stored_waitlisted": waitlisted,
        "p99_ms": p99,
        "exact": (confirmed, waitlisted) == (50, 450),
    }


def _scale(created, confirmed, waitlisted, rps):
    return {
        "total": 300,
        "created": created,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "stored_confirmed": confirmed,
        "stored_waitlisted": waitlisted,
        "rps": rps,
        "exact": created == 300 and (confirmed, waitlisted) == (150, 150),
    }


def test_booking_rows_from_its_figures():
    figures = {
        "burst": {
            "gateway": [_burst(50, 450, 600.0), _burst(50, 450, 700.0)],
            "baseline": [_burst(50, 450, 900.0), _burst(49, 451, 1000.0)],
            "p99_ratio": 650 / 950,
        },
        "throughput": {"ratio_median": 0.85, "gateway_rps_median": 510, "baseline_rps_median": 600},
        "scale_out": {
            "one": [_scale(300, 150, 150, 400.0)],
            "two": [_scale(299, 150, 149, 450.0)],
            "rps_median": {"one": 400.0, "two": 450.0},
        },
    }
    rows = {row.figure: row for row in booking(figures)}
    gateway = rows["500-way burst for 50 places: confirmed / waitlisted (gateway)"]
    assert (gateway.value, verdict(gateway)) == ("50 / 450", PASS)
    baseline = rows["burst counts, Flask + pymongo baseline"]
    assert (baseline.value, verdict(baseline)) == ("50 / 450; 49 / 451", MISS)
    assert rows["burst p99 (gateway, median of bursts)"].value == 650.0
    assert verdict(rows["burst p99 gateway / baseline"]) == PASS
    assert verdict(rows["throughput gateway / baseline (median of rounds)"]) == PASS
    scaled = rows["scale-out, two events instances: all created, confirmed + waitlisted = total"]
    assert verdict(scaled) == MISS
    assert "one instance: exact" in scaled.comparison
    speed = rows["scale-out throughput, two events instances (median)"]
    assert (speed.value, verdict(speed)) == (450.0, NO_TARGET)
    assert "400 req/s" in speed.comparison


def test_a_step_that_recorded_nothing_gives_rows_that_miss():
    assert {verdict(row) for row in booking({})} == {MISS}
    assert {verdict(row) for row in pages({})} == {MISS}


def test_pages_compare_each_page_with_its_api_calls():
    rows = pages({"page_api_p95_ms": {"home": [150.0, 100.0], "an event": [160.0, 100.0]}})
    assert [(row.value, verdict(row)) for row in rows] == [(1.5, PASS), (1.6, MISS)]
