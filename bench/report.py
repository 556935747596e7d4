"""The benchmark report's table: each figure beside its target and its comparison run, with pass or
miss (``Row``, ``Target``, ``verdict``, ``render``); no benchmark is run here."""

from dataclasses import dataclass

PASS, MISS, NO_TARGET = "pass", "MISS", "—"


@dataclass(frozen=True)
class Target:
    """``at_most(1000)``, ``at_least(0.8)``, ``exactly("50 / 450")``: what a figure must be."""

    kind: str  # "<=", ">=" or "=="
    value: float | str
    source: str = ""  # where the target comes from (an issue, bench/README.md)

    def met(self, figure: float | str) -> bool:
        if self.kind == "==":
            return figure == self.value
        if isinstance(figure, str) or isinstance(self.value, str):
            raise TypeError(f"{self.kind} needs numbers, got {figure!r} and {self.value!r}")
        return figure <= self.value if self.kind == "<=" else figure >= self.value

    def shown(self, unit: str) -> str:
        sign = {"<=": "≤ ", ">=": "≥ ", "==": ""}[self.kind]
        return f"{sign}{number(self.value, unit)}"


def at_most(value: float, source: str = "") -> Target:
    return Target("<=", value, source)


def at_least(value: float, source: str = "") -> Target:
    return Target(">=", value, source)


def exactly(value: str, source: str = "") -> Target:
    return Target("==", value, source)


@dataclass(frozen=True)
class Row:
    """One figure of one benchmark: ``value`` None when it was not measured (the step failed)."""

    bench: str
    figure: str
    value: float | str | None
    unit: str = ""
    target: Target | None = None
    comparison: str = "—"  # the comparison run's figure, as shown


def verdict(row: Row) -> str:
    """pass or MISS against the row's target; MISS when the figure is missing; — with no target."""
    if row.target is None:
        return NO_TARGET if row.value is not None else MISS
    if row.value is None:
        return MISS
    return PASS if row.target.met(row.value) else MISS


def number(value: float | str | None, unit: str = "") -> str:
    """A figure as the table shows it: ``612 ms``, ``0.84x``, ``9.9 s``, ``not measured``."""
    if value is None:
        return "not measured"
    if isinstance(value, str):
        return value
    if unit == "x":
        return f"{value:.2f}x"
    if isinstance(value, int):
        return f"{value} {unit}" if unit else str(value)
    if unit == "%":
        return f"{value:.0f} %"
    digits = 0 if abs(value) >= 100 else 1
    text = f"{value:.{digits}f}"
    return f"{text} {unit}" if unit else text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(rows: list[Row]) -> str:
    """The Markdown table of ``rows``, one line each, in the order given."""
    lines = [
        "| benchmark | figure | measured | target | comparison run | result |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        target = row.target.shown(row.unit) if row.target else "none set"
        cells = [row.bench, row.figure, number(row.value, row.unit), target, row.comparison]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + f" | {verdict(row)} |")
    return "\n".join(lines)


def summary(rows: list[Row]) -> str:
    """``12 pass, 2 MISS, 3 without a target``."""
    verdicts = [verdict(row) for row in rows]
    return (
        f"{verdicts.count(PASS)} pass, {verdicts.count(MISS)} MISS, "
        f"{verdicts.count(NO_TARGET)} without a target"
    )


def render(rows: list[Row], heading: list[str], phase: list[str], notes: list[str]) -> str:
    """The whole REPORT.md: heading lines (date, commit, how run), the table, the summary, the
    machine's phase and the notes (where each target comes from, what failed)."""
    parts = ["# Benchmark report", "", *heading, "", table(rows), "", f"**{summary(rows)}**", ""]
    parts += ["## Machine phase", "", *[f"- {line}" for line in phase], ""]
    sources = sorted({row.target.source for row in rows if row.target and row.target.source})
    parts += ["## Targets from", "", *[f"- {source}" for source in sources], ""]
    if notes:
        parts += ["## Notes", "", *[f"- {line}" for line in notes], ""]
    return "\n".join(parts)
