"""The short coverage report ``make test`` prints after its unit and integration tiers: when
pytest runs under ``coverage run`` (scripts/test.sh), measuring stops as the session ends, the
whole report (settings in pyproject.toml's [tool.coverage]) goes to var/coverage/report.txt, and
the terminal gets its total and the least covered files, before pytest's closing line."""

import io
from pathlib import Path

import coverage

WORST = 15


def short_report(cov: coverage.Coverage, full_report: Path, worst: int = WORST) -> list[str]:
    """Stop ``cov``, write its report to ``full_report``; the lines to print: the header, the
    ``worst`` least covered files (the report is sorted by cover) and the total."""
    cov.stop()
    text = io.StringIO()
    cov.report(file=text)
    full_report.parent.mkdir(parents=True, exist_ok=True)
    full_report.write_text(text.getvalue(), encoding="utf-8")
    lines = text.getvalue().splitlines()
    rules = [number for number, line in enumerate(lines) if line.startswith("---")]
    if len(rules) < 2:
        return lines
    header, rows, total = lines[: rules[0] + 1], lines[rules[0] + 1 : rules[1]], lines[rules[1] :]
    left = [f"... {len(rows) - worst} more in {full_report}"] if len(rows) > worst else []
    return header + rows[:worst] + left + total


def current() -> coverage.Coverage | None:
    """The coverage.py measurement this process runs under, if any."""
    return coverage.Coverage.current()
