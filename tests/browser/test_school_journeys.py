"""Heads' and school administrators' journeys through the web pages in headless Chromium: the
Northshore head approves and refuses staff bookings waiting for approval and reads the school's
statement; the Northshore administrator books a member of staff on a course; the head asks for
support and sends the audit of need. Every page is checked by axe (WCAG 2.2 A and AA) and at
375 px wide, with screenshots at both widths (saved beside the other browser tests')."""

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.async_api import expect

from contracts.school_year import term_of
from support.platform import DEMO_ACCOUNTS

MAINTAINED_GROUPS = ("Local authority maintained schools", "Special schools")


TEACHER_NAME = "Tom Teacher"  # the Northshore teacher of the demo directory


def _course(title: str, days: int, **extra) -> dict:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=9, minute=30, microsecond=0)
    return {
        "title": title,
        "kind": "course",
        "capacity": 10,
        "description": "A course run by the partnership for its schools' staff.",
        # every school pays, the maintained ones included (they are free unless priced)
        "pricing": {
            "price_pence": 6000,
            "by_type_group": {group: 6000 for group in MAINTAINED_GROUPS},
        },
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "venue": "Tideway Primary Academy (synthetic), library",
            }
        ],
        **extra,
    }


def _term_of(moment: datetime) -> str:
    """The events service's name for the term a moment falls in (``2027-spring``)."""
    return term_of(moment).name


def _unique(title: str) -> str:
    return f"{title} {uuid.uuid4().hex[:6]}"


def test_the_head_approves_and_refuses_staff_bookings_and_reads_the_statement(
    web_platform, journey
):
    """The demo's leadership conference is for heads and deputies only, so the Northshore teacher
    books two courses of this test's own that need the school's approval (the head is
    Northshore's designated approver)."""
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    approve_title, refuse_title = _unique("Early reading leaders"), _unique("Outdoor learning")
    approve_event = coordinator.post(
        "/api/v1/events", json=_course(approve_title, 3, requires_approval=True)
    )
    refuse_event = coordinator.post(
        "/api/v1/events", json=_course(refuse_title, 4, requires_approval=True)
    )
    assert approve_event.status_code == 201 and refuse_event.status_code == 201
    for event in (approve_event.json(), refuse_event.json()):
        booked = teacher.post(f"/api/v1/events/{event['id']}/bookings", json={})
        assert booked.status_code == 201 and booked.json()["status"] == "pending_approval"
    term = _term_of(datetime.fromisoformat(approve_event.json()["sessions"][0]["starts_at"]))
    saved_csv: dict = {}

    async def steps(visitor):
        page = await visitor.sign_in("headteacher")
        await page.get_by_role("link", name="My school").click()
        await expect(page.get_by_role("heading", level=1)).to_contain_text("Northshore")
        await expect(page.locator("#main-content")).to_contain_text(TEACHER_NAME)
        await visitor.check("head-school")

        await page.get_by_role("link", name="Approvals waiting for you").click()
        await expect(page.get_by_role("heading", name=approve_title)).to_be_visible()
        await visitor.check("head-approvals")

        await page.get_by_role("button", name=f"Approve {TEACHER_NAME} on {approve_title}").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("Booking approved")
        await expect(page.get_by_role("heading", name=approve_title)).to_have_count(0)
        await visitor.check("head-approved")

        # refusing needs a reason: without one the same page comes back with an error summary
        await page.get_by_role("link", name=f"Refuse {TEACHER_NAME} on {refuse_title}").click()
        await visitor.check("head-refuse")
        await page.get_by_role("button", name="Refuse the booking").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a reason")
        await visitor.check("head-refuse-error")
        reason = page.get_by_label("Why are you refusing this booking?")
        await reason.fill("We cannot cover the class.")
        await page.get_by_role("button", name="Refuse the booking").click()
        await expect(banner).to_contain_text("Booking refused")
        await expect(page.get_by_role("heading", name=refuse_title)).to_have_count(0)

        # the approved course is on the school's statement for its term, in pounds, as CSV too
        page = await visitor.go("/school/statement")
        await visitor.check("head-statement")
        await page.get_by_label("Term").select_option(term)
        await page.get_by_role("button", name="Show the statement").click()
        await expect(page).to_have_url(re.compile("term=" + term))
        table = page.locator("table")
        await expect(table).to_contain_text(approve_title)
        await expect(table).to_contain_text(TEACHER_NAME)
        await expect(table).to_contain_text("£60.00")
        await expect(table).not_to_contain_text(refuse_title)
        await visitor.check("head-statement-term")
        async with page.expect_download() as download:
            await page.get_by_role("link", name=re.compile("Download the statement")).click()
        saved_csv["text"] = Path(await (await download.value).path()).read_text()

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    assert approve_title in saved_csv["text"] and "60.00" in saved_csv["text"]
    mine = teacher.get("/api/v1/me/bookings", params={"per_page": 200}).json()["items"]
    status = {b["event_id"]: b["status"] for b in mine}
    assert status[approve_event.json()["id"]] == "confirmed"
    assert status[refuse_event.json()["id"]] == "declined"


def test_the_administrator_books_a_member_of_staff_on_a_course(web_platform, journey):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    title = _unique("Phonics for support staff")
    event = coordinator.post("/api/v1/events", json=_course(title, 2))
    assert event.status_code == 201

    async def steps(visitor):
        page = await visitor.sign_in("school_admin")
        await page.get_by_role("link", name="My school").click()
        await visitor.check("admin-school")
        await page.get_by_role("link", name=title).click()
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Book a member of staff")
        await visitor.check("admin-book-for")

        await page.get_by_role("button", name="Book a place for them").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        summary = page.locator(".govuk-error-summary")
        await expect(summary).to_contain_text("Choose a member of staff")
        await visitor.check("admin-book-for-error")

        await page.get_by_label("Member of staff").select_option(label=TEACHER_NAME)
        await page.get_by_role("button", name="Book a place for them").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text(
            f"{TEACHER_NAME}: booked on {title}"
        )
        await visitor.check("admin-booked")

        # booking them again is refused by the service, shown by the field
        await page.get_by_label("Member of staff").select_option(label=TEACHER_NAME)
        await page.get_by_role("button", name="Book a place for them").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        await visitor.check("admin-book-for-twice")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    # the teacher holds the place the administrator booked
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    mine = teacher.get("/api/v1/me/bookings", params={"per_page": 200}).json()["items"]
    assert [b["status"] for b in mine if b["event_id"] == event.json()["id"]] == ["confirmed"]


def test_the_head_asks_for_support_and_sends_the_audit_of_need(web_platform, journey):
    async def steps(visitor):
        await visitor.sign_in("headteacher")
        page = await visitor.go("/support/request")
        await visitor.check("head-support-request")
        await page.get_by_role("button", name="Send the request").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        await visitor.check("head-support-request-error")

        await page.get_by_label("Area of support").select_option(index=1)
        await page.get_by_label("What support do you need?").fill("Phonics teaching in year 1.")
        await page.get_by_label("High").check()
        await page.get_by_label("Days of support wanted (optional)").fill("2")
        await page.get_by_role("button", name="Send the request").click()
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Support request sent")
        await visitor.check("head-support-sent")

        page = await visitor.go("/school/audit")
        await visitor.check("head-audit")
        await page.get_by_role("button", name="Send the audit").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        await visitor.check("head-audit-error")
        priorities = page.get_by_label("Your school's training priorities")
        await priorities.fill("Early reading\nMaths mastery")
        await page.get_by_role("button", name="Send the audit").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("audit of need")
        await visitor.check("head-audit-sent")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
