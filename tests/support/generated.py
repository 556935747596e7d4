"""Generated documents (the event catalogue, the map of the code) are checked by running their
script with ``--check``: it exits non-zero, saying why, when the document is out of date."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def stale(script: str) -> str | None:
    """None when ``scripts/<script>`` finds its document current, else what it printed."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--check"],
        capture_output=True,
        text=True,
    )
    return None if result.returncode == 0 else result.stderr or result.stdout
