"""Tier markers select: ``pytest -m integration`` collects the integration tier and nothing else
(each test is marked by its folder in tests/conftest.py)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# one small folder or file of each tier, so the collection stays quick
SAMPLE = [
    "tests/unit/contracts",
    "tests/integration/skeleton",
    "tests/e2e/skeleton",
    "tests/browser/test_teacher_journey.py",
    "tests/deploy",
]


def _collected(marker: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", "-m", marker]
        + SAMPLE,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_the_integration_marker_selects_the_integration_tier_only():
    selected = _collected("integration")
    assert selected, "-m integration selected nothing"
    assert all(test.startswith("tests/integration/") for test in selected), selected


def test_every_other_tier_is_marked_by_its_folder():
    selected = _collected("unit or e2e or browser or deploy")
    assert {test.split("/")[1] for test in selected} == {"unit", "e2e", "browser", "deploy"}
    assert not [test for test in selected if test.startswith("tests/integration/")]
