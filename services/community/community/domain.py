"""Pure rules of sharing practice: who is looking (``Viewer``), the space they look at
(``SpaceView``), the words a post is found by and how results are ranked. Standard library only.

>>> words("Phonics: Year-1 catch-up, phonics!")
['phonics', 'year', '1', 'catch', 'up']
>>> rank(age_days=0, marks=0) < rank(age_days=0, marks=3)
True
>>> rank(age_days=0, marks=0) > rank(age_days=60, marks=0)
True
"""

import re
from dataclasses import dataclass, field
from datetime import date

from contracts.caller import Caller

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 2000
# a post loses half its standing from recency in this many days (marks keep theirs)
HALF_LIFE_DAYS = 14.0


def words(*texts: str) -> list[str]:
    """The distinct lower-case words of ``texts`` in order of first use (what search matches)."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            seen.setdefault(word[:40], None)
            if len(seen) >= MAX_WORDS:
                return list(seen)
    return list(seen)


def rank(age_days: float, marks: int) -> float:
    """A post's standing in search results: recent posts first, each "this helped us" mark
    worth as much as a fresh post's recency.

    >>> rank(age_days=14, marks=0)
    0.5
    """
    return 0.5 ** (max(age_days, 0.0) / HALF_LIFE_DAYS) + max(marks, 0)


@dataclass(frozen=True)
class SpaceView:
    """What visibility rules need to know of a space."""

    id: str
    kind: str
    source_id: str | None = None
    phase: str | None = None
    member_ids: tuple[str, ...] = ()
    ends_on: date | None = None
    active: bool = True


@dataclass(frozen=True)
class Viewer:
    """The caller with what the directory says of them: the groups they belong to (member,
    chair or secretary), the groups they chair, the groups they are secretary of, their
    school's cluster and phase."""

    caller: Caller
    groups: frozenset[str] = frozenset()
    chairs: frozenset[str] = frozenset()
    secretaries: frozenset[str] = frozenset()
    cluster: str | None = None
    phase: str | None = None
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def id(self) -> str:
        return self.caller.id


def open_for_posts(space: SpaceView, today: date) -> bool:
    """A space takes posts while active and, for a project, until its end date."""
    return space.active and (space.ends_on is None or today <= space.ends_on)


# Half terms: "2026-27 autumn 1" (the first half of the autumn term of 2026-27)
_HALF_TERM = re.compile(
    r"^\s*(?P<y1>\d{4})\s*[-/]\s*(?P<y2>\d{2}|\d{4})\s+(?P<term>autumn|spring|summer)"
    r"\s*(?P<half>[12])\s*$",
    re.IGNORECASE,
)
HALF_TERM_HELP = "Use a half term like 2026-27 autumn 1 (autumn, spring or summer; 1 or 2)."


def parse_half_term(text: str) -> str | None:
    """The half term in its one spelling, or None when ``text`` is not one.

    >>> parse_half_term("2026/2027 Spring 2")
    '2026-27 spring 2'
    >>> parse_half_term("2026-28 autumn 1") is None
    True
    """
    found = _HALF_TERM.match(text or "")
    if not found:
        return None
    y1, y2 = int(found["y1"]), found["y2"]
    if int(y2) % 100 != (y1 + 1) % 100 or (len(y2) == 4 and int(y2) != y1 + 1):
        return None
    return f"{y1}-{(y1 + 1) % 100:02d} {found['term'].lower()} {found['half']}"


EXCERPT_CHARS = 200


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The first words of a post's text as plain words (no Markdown marks), for a notice.

    >>> excerpt("# Zones\\n\\nHow we **use** it", 12)
    'Zones How w…'
    """
    untagged = re.sub(r"<[^>]*>", " ", text or "")
    plain = " ".join(re.sub(r"[#*_`>\[\]()!|~<]", " ", untagged).split())
    return plain if len(plain) <= limit else plain[: limit - 1].rstrip() + "…"
