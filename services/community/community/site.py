"""The pages of the partnership's public website (home introduction, about, constitution, FAQ):
Markdown rendered safely, the coordinator edits them (``permissions.check_may_edit_site``), each
change recorded with who made it and when. A page never edited has the default text below,
stored the first time it is asked for."""

from community import permissions, rendering
from community.storage import SitePage, now, raw
from contracts.caller import Caller
from contracts.community_site import SITE_SLUGS
from contracts.errors import NotFound

MAX_CHANGES = 200  # the record kept of each page's changes (oldest dropped first)

DEFAULTS = {
    "home": (
        "Welcome to the partnership",
        "We are the schools of the area working as one partnership: we train together, visit "
        "each other, share what works in our classrooms and support a school that asks for "
        "help.\n\n"
        "On this website you can read how the partnership is run, see what our member schools "
        "are proud of, and find the courses open to booking.",
    ),
    "about": (
        "About the partnership",
        "The partnership brings together the area's schools and the local authority.\n\n"
        "## What we do\n\n"
        "- run a programme of courses, conferences and network meetings for staff\n"
        "- group schools into clusters that meet each half term\n"
        "- lead strategic groups on the priorities the schools agree each year\n"
        "- arrange support between schools, so that expertise goes where it is needed\n\n"
        "## Who we are\n\n"
        "Every school in the area may join. A coordinator, employed on behalf of the member "
        "schools, runs the programme day to day.",
    ),
    "constitution": (
        "Constitution",
        "## 1. Name and status\n\n"
        "The partnership is a voluntary association of the area's schools and the local "
        "authority. It is not a legal body in its own right.\n\n"
        "## 2. Aims\n\n"
        "To improve the education and wellbeing of the area's children by sharing expertise, "
        "training and support between schools.\n\n"
        "## 3. Membership\n\n"
        "Any school in the area may join by the decision of its governing board or trust. A "
        "school may leave at the end of any term by telling the coordinator in writing.\n\n"
        "## 4. Governance\n\n"
        "- The headteachers of member schools meet as the partnership board at least once a "
        "term and decide the priorities for the year.\n"
        "- Schools meet in clusters; each cluster meeting has a chair and a minute-taker.\n"
        "- Strategic groups lead agreed priorities. Each has a chair and a secretary, elected "
        "for a term of office, and the chair reports to headteachers every half term.\n"
        "- The coordinator runs the programme and keeps the partnership's records.\n\n"
        "## 5. Decisions\n\n"
        "The board decides by a simple majority of the schools present; a quarter of the member "
        "schools make a quorum.\n\n"
        "## 6. Money\n\n"
        "Member schools contribute each year as the board agrees. The partnership's accounts are "
        "reported to the board every year.\n\n"
        "## 7. Changes to this constitution\n\n"
        "The board may change this constitution by a two-thirds majority of the schools present, "
        "with a month's notice of the proposed change.",
    ),
    "faq": (
        "Questions and answers",
        "## Who can book a course?\n\n"
        "Staff of member schools, once signed in. Some courses need your school's approval "
        "first.\n\n"
        "## What if a course is full?\n\n"
        "Join the waiting list. If a place comes up, we email you and hold it for you for a "
        "limited time.\n\n"
        "## How much does it cost?\n\n"
        "Each course shows its price. Many are covered by the partnership agreement.\n\n"
        "## How does a school join?\n\n"
        "Ask the partnership coordinator. The school's governing board or trust decides to "
        "join.\n\n"
        "## I have forgotten my password\n\n"
        'Use the "Forgotten your password?" link on the sign-in page.',
    ),
}


def _slug(slug) -> str:
    if slug not in SITE_SLUGS:
        raise NotFound(f"No page {slug}.", {"slug": ["One of: " + ", ".join(SITE_SLUGS) + "."]})
    return slug


def get_page(slug) -> SitePage:
    """The page ``slug``: its default text is stored the first time it is asked for."""
    slug = _slug(slug)
    page = SitePage.objects(id=slug).first()
    if page is not None:
        return page
    title, text = DEFAULTS[slug]
    raw(SitePage).update_one(
        {"_id": slug},
        {
            "$setOnInsert": {
                "title": title,
                "text": text,
                "html": rendering.render(text),
                "updated_at": None,
                "changes": [],
            }
        },
        upsert=True,
    )
    return SitePage.objects.get(id=slug)


def update_page(slug, data: dict, caller: Caller) -> SitePage:
    permissions.check_may_edit_site(caller)
    get_page(slug)
    at = now()
    change = {"by_id": caller.id, "by_name": caller.name, "at": at}
    raw(SitePage).update_one(
        {"_id": slug},
        {
            "$set": {
                "title": data["title"].strip(),
                "text": data["text"],
                "html": rendering.render(data["text"]),
                "updated_at": at,
            },
            "$push": {"changes": {"$each": [change], "$slice": -MAX_CHANGES}},
        },
    )
    return SitePage.objects.get(id=slug)


def page_item(page: SitePage, caller: Caller) -> dict:
    """The page as ``SitePageSchema``; who changed it only to those who may edit it."""
    editor = caller.has_role("coordinator")
    changes = list(reversed(page.changes)) if editor else []
    return {
        "slug": page.id,
        "title": page.title,
        "text": page.text,
        "html": page.html,
        "updated_at": page.updated_at,
        "changes": changes,
    }
