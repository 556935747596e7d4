"""`make run FRESH=1` starts from a fresh demo: the SecantusDB data in var/mongo and the caught
mail in var/mail are cleared before the server starts (secrets and logs stay); it refuses when
the data it would clear is not its own (MONGO_URI set, or another server on the port)."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run_platform():
    spec = importlib.util.spec_from_file_location("run_platform", ROOT / "scripts/run_platform.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fresh_start_clears_mongo_and_mail_only(run_platform, tmp_path):
    for name in ("mongo/directory", "mail/new", "secrets", "log"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "file").write_text("from an earlier run")
    cleared = run_platform.fresh_start(tmp_path)
    assert cleared == [tmp_path / "mongo", tmp_path / "mail"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log", "secrets"]
    assert run_platform.fresh_start(tmp_path) == []  # nothing left to clear


def test_fresh_refuses_a_database_it_did_not_start(run_platform, monkeypatch):
    monkeypatch.setenv("MONGO_URI", "mongodb://db.example:27017")
    platform = run_platform.Platform()
    platform.fresh = True
    with pytest.raises(SystemExit, match="FRESH=1"):
        platform.ensure_mongo()


@pytest.mark.parametrize(("fresh", "flag"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_make_run_passes_fresh(fresh, flag, tmp_path):
    # a stamp newer than every dependency: nothing to set up (a STAMP naming the Makefile itself
    # would have make remake it, running the real set-up, even under -n)
    stamp = tmp_path / "installed"
    stamp.touch()
    out = subprocess.run(
        ["make", "-n", "run", f"FRESH={fresh}", f"STAMP={stamp}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert ("--fresh" in out.stdout) is flag
