"""Markdown to safe HTML: CommonMark (with tables and strikethrough) where raw HTML is shown as
text, then sanitised by an allow-list (no script, no event handlers, no ``javascript:`` links),
links opening with ``rel="noopener noreferrer nofollow"``.

>>> render("**Hi** <script>alert(1)</script>")
'<p><strong>Hi</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
>>> render("[x](javascript:alert(1))")
'<p>[x](javascript:alert(1))</p>\\n'
"""

import nh3
from markdown_it import MarkdownIt

TAGS = {
    "p", "br", "hr", "strong", "em", "s", "del", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
    ["table", "strikethrough"]
)


def render(text: str) -> str:
    """The sanitised HTML of Markdown ``text``."""
    return nh3.clean(
        _markdown.render(text or ""),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
