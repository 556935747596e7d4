"""Markdown made safe, the words a post is found by, and ranking (pure)."""

from community.domain import rank, words
from community.rendering import render


def test_markdown_renders_and_raw_html_never_runs():
    html = render("# Plan\n\n- one\n- [link](https://example.org)\n\n<img src=x onerror=alert(1)>")
    assert "<h1>Plan</h1>" in html and "<li>one</li>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html
    assert "<img" not in html and "&lt;img" in html


def test_dangerous_links_are_dropped():
    for text in (
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='javascript:1'>x</a>",
    ):
        assert "<a " not in render(text)


def test_words_are_lower_case_and_distinct():
    assert words("Reading for Pleasure", "reading, pleasure; KS2") == [
        "reading",
        "for",
        "pleasure",
        "ks2",
    ]


def test_marks_outweigh_age_and_recent_posts_come_first():
    assert rank(0, 0) > rank(3, 0) > rank(30, 0)
    assert rank(30, 1) > rank(0, 0)
    assert rank(-1, 0) == rank(0, 0)
