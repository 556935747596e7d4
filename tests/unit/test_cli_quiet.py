"""Every command-line entry point prints its own output only: no eventlet deprecation text (or
any other warning) on stderr before it. Each command runs as a subprocess, as a person types it."""

import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent

COMMANDS = [
    ["directory", "--help"],
    ["directory", "seed-demo", "--help"],
    ["directory", "import-gias", "--help"],
    ["events", "--help"],
    ["events", "seed-demo", "--help"],
    ["notifications", "--help"],
    ["notifications", "mail", "list", "--help"],
    ["notifications", "dlq", "list", "--help"],
    ["notifications", "dlq", "replay", "--help"],
]


def run(argv: list[str]) -> subprocess.CompletedProcess:
    env = {"PATH": str(BIN), "HOME": str(Path.home()), "LANG": "C.UTF-8"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)


@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_cli_help_prints_no_warning(argv):
    out = run([str(BIN / argv[0]), *argv[1:]])
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Usage:")
    assert out.stderr == ""


def test_cli_imports_quiet_before_nameko():
    """The commands that reach nameko (dlq lists the service's queues) stay quiet too."""
    code = "import notifications.cli, notifications.deadletters, nameko.containers"
    out = run([sys.executable, "-c", code])
    assert out.returncode == 0, out.stderr
    assert "Eventlet is deprecated" not in out.stderr


def test_probe_usage_prints_no_warning():
    out = run([sys.executable, "-m", "runtime.probe"])
    assert out.returncode == 2
    assert out.stderr.startswith("usage: python -m runtime.probe SERVICE")
    assert out.stderr.count("\n") == 1  # the usage line only: no warning
