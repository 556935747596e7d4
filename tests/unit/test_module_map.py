"""docs/modules.md, the map of the code, lists every module with the first sentence of its
docstring, as the code is now (regenerate with scripts/module_map.py)."""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import module_map  # noqa: E402

from support.generated import stale  # noqa: E402


def test_the_map_is_up_to_date_with_the_code():
    assert stale("module_map.py") is None


def test_every_module_says_what_it_holds():
    bare = [
        str(source.relative_to(ROOT))
        for package in module_map.packages()
        for source in package.rglob("*.py")
        if "__pycache__" not in source.parts
        and not ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")))
    ]
    assert not bare, bare


def test_a_summary_is_the_docstrings_first_sentence(tmp_path):
    source = tmp_path / "example.py"
    source.write_text('"""Places on an event: counted atomically.\n\nMore detail."""\n')
    assert module_map.summary(source) == "Places on an event"
