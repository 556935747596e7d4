"""The examples in the packages' docstrings run: every module of ``contracts``, ``runtime`` and
of each service package that holds a ``>>>`` example is run through :mod:`doctest` (a new module
with examples is found by itself)."""

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_DIRS = [ROOT / "contracts" / "contracts", ROOT / "runtime" / "runtime"] + [
    service / service.name for service in sorted((ROOT / "services").iterdir()) if service.is_dir()
]


def _modules_with_examples() -> list[str]:
    names = []
    for package in PACKAGE_DIRS:
        for source in sorted(package.rglob("*.py")):
            if ">>> " in source.read_text(encoding="utf-8"):
                dotted = source.relative_to(package.parent).with_suffix("").parts
                names.append(".".join(part for part in dotted if part != "__init__"))
    return names


MODULES = _modules_with_examples()


def test_the_packages_have_examples_to_run():
    assert len(MODULES) >= 10, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_a_modules_examples_hold(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted, f"{name} mentions >>> but has no example doctest finds"
    assert not result.failed, f"{result.failed} of {result.attempted} examples in {name} fail"
