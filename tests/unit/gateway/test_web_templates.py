"""What every page template must hold to: the Content-Security-Policy (``default-src 'self'``)
refuses inline styles and scripts, so a ``style=`` attribute or an inline ``<script>`` would
silently do nothing in the browser."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parents[3] / "services" / "gateway" / "gateway" / "templates"
PAGES = sorted(TEMPLATES.rglob("*.html"))


def test_there_are_templates_to_check():
    assert len(PAGES) > 20


@pytest.mark.parametrize("template", PAGES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_inline_style_or_script(template):
    text = template.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text), "use a class in static/hub.css"
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "use a static .js file"
    assert not re.search(r"\son[a-z]+\s*=\s*\"", text), "no inline event handlers"
