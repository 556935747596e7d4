"""Training requests and pathways through the pages for everyone, in headless Chromium: a
Northshore teacher asks for training, a teacher at another school supports the request, the
coordinator commissions a course from it on the demand page, and both see the course in their
inbox; a teacher enrols on a pathway and follows their progress. Every page is checked by axe
(WCAG 2.2 A and AA) and at 375 px wide, with screenshots at both widths."""

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD

INBOX_SECONDS = 30  # the inbox note follows the commissioning by message


def _unique(text: str) -> str:
    return f"{text} {uuid.uuid4().hex[:6]}"


def _course(title: str, days: int) -> dict:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=9, minute=30, microsecond=0)
    return {
        "title": title,
        "kind": "course",
        "capacity": 20,
        "description": "A step of a pathway run by the partnership.",
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Pierview Primary (synthetic), hall",
            }
        ],
    }


async def _sign_in_as(visitor, email: str):
    """Sign in through the form as someone outside the demo accounts."""
    page = await visitor.go("/sign-in")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/home")
    return page


async def _wait_in_inbox(visitor, text: str):
    """The inbox, reloaded until ``text`` is on it (it arrives by message)."""
    page = await visitor.go("/inbox")
    deadline = time.monotonic() + INBOX_SECONDS
    while text not in await page.locator("#main-content").inner_text():
        assert time.monotonic() < deadline, f"{text!r} never reached the inbox"
        await page.wait_for_timeout(500)
        await page.reload()
    return page


def test_two_schools_ask_and_support_the_coordinator_commissions_and_both_are_told(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    supporter_email = f"reader-{uuid.uuid4().hex[:8]}@gullwing.demo.partnership.test"
    created = coordinator.post(
        "/api/v1/people",
        json={
            "email": supporter_email,
            "name": "Rhys Reader",
            "school_urn": 900002,
            "roles": ["teacher"],
            "password": DEMO_PASSWORD,
        },
    )
    assert created.status_code == 201, created.text
    topic, course_title = _unique("Oracy in science"), _unique("Talking science")

    async def steps(visitor):
        # a Northshore teacher asks for training (bad input first)
        page = await visitor.sign_in("teacher")
        await page.get_by_role("link", name="Training", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Training requests")
        await visitor.check("requests-list")
        await page.get_by_role("button", name="Ask for training").click()
        await visitor.check("requests-new")
        await page.get_by_role("button", name="Send my request").click()
        await expect(page).to_have_title(re.compile(r"^Error: "))
        await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the topic")
        await visitor.check("requests-new-error")
        await page.get_by_label("Topic").fill(topic)
        await page.get_by_label("Phase").select_option("Primary")
        await page.get_by_label("Why your school needs it").fill("Our science talk is weak.")
        await page.get_by_role("button", name="Send my request").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("is sent")
        item = page.locator("li", has=page.get_by_role("heading", name=topic))
        await expect(item).to_contain_text("This is your request")
        await visitor.check("requests-sent")
        await visitor.sign_out()

        # a teacher at Gullwing supports it
        page = await _sign_in_as(visitor, supporter_email)
        await visitor.go("/training-requests")
        item = page.locator("li", has=page.get_by_role("heading", name=topic))
        await expect(item).to_contain_text("Northshore")
        await page.get_by_role(
            "button", name=f"Support this request for training on {topic}"
        ).click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("You support")
        await expect(item).to_contain_text("You support this")
        await expect(item).to_contain_text("1 person")
        await visitor.check("requests-supported")
        await visitor.sign_out()

        # the coordinator commissions a course from the request on the demand page
        page = await visitor.sign_in("coordinator")
        await visitor.go("/manage/demand")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Demand for training")
        await visitor.check("requests-demand")
        # the checkbox's accessible name: "<topic> (Primary), asked by ..., supported by 1"
        await page.get_by_role("checkbox", name=re.compile(re.escape(topic))).check()
        await page.get_by_label("Course title").fill(course_title)
        await page.get_by_label("Places").fill("25")
        day = (datetime.now() + timedelta(days=40)).date()
        await page.locator("#day-day").fill(str(day.day))
        await page.locator("#day-month").fill(str(day.month))
        await page.locator("#day-year").fill(str(day.year))
        await page.get_by_label("Starts").fill("13:30")
        await page.get_by_label("Ends").fill("16:00")
        await page.get_by_label("Venue").fill("Partnership centre")
        await page.get_by_role("button", name="Commission the course").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("commissioned")
        await visitor.check("requests-commissioned")
        await visitor.sign_out()

        # both are told in their inbox
        await _sign_in_as(visitor, supporter_email)
        await _wait_in_inbox(visitor, course_title)
        await visitor.check("requests-inbox-supporter")
        await visitor.sign_out()
        await visitor.sign_in("teacher")
        await _wait_in_inbox(visitor, course_title)
        await visitor.check("requests-inbox-requester")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    # signing out in the browser ended every session of the coordinator: a fresh token
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    found = coordinator.get("/api/v1/training-requests", params={"per_page": 200}).json()
    mine = [r for r in found["items"] if r["topic"] == topic]
    assert len(mine) == 1 and mine[0]["status"] == "commissioned"
    assert mine[0]["supporters"] == [created.json()["id"]]


def test_a_teacher_enrols_on_a_pathway_and_follows_their_progress(web_platform, journey):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    first_title, second_title = _unique("Reading fluency"), _unique("Leading reading")
    ids = []
    for title, days in ((first_title, 20), (second_title, 50)):
        course = coordinator.post("/api/v1/events", json=_course(title, days))
        assert course.status_code == 201, course.text
        ids.append(course.json()["id"])
    pathway_title = _unique("A reading leader pathway")
    pathway = coordinator.post(
        "/api/v1/pathways",
        json={
            "title": pathway_title,
            "description": "Two courses, a term apart.",
            "course_ids": ids,
        },
    )
    assert pathway.status_code == 201, pathway.text
    booked = teacher.post(f"/api/v1/events/{ids[0]}/bookings", json={})
    assert booked.status_code in (200, 201), booked.text

    async def steps(visitor):
        page = await visitor.sign_in("teacher")
        await visitor.go("/training-requests")
        await page.get_by_role("link", name=re.compile("^Pathways")).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Pathways")
        await expect(page.locator("#main-content")).to_contain_text(first_title)
        await visitor.check("pathways")
        await page.get_by_role("button", name=f"Enrol on {pathway_title}").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("enrolled")
        await expect(page.get_by_role("heading", level=1)).to_have_text(pathway_title)
        await expect(page.locator("#main-content")).to_contain_text("completed 0 of 2 courses")
        first = page.locator("li", has=page.get_by_role("link", name=first_title))
        second = page.locator("li", has=page.get_by_role("link", name=second_title))
        await expect(first).to_contain_text("Booked")
        await expect(second).to_contain_text("Not started")
        await visitor.check("pathway-progress")
        await visitor.go(f"/pathways/{pathway.json()['id']}?person=someone-else")
        await expect(page.get_by_role("heading", level=1)).to_contain_text("cannot see")
        await visitor.check("pathway-other-person")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])  # a token from after the journey
    progress = teacher.get(f"/api/v1/pathways/{pathway.json()['id']}/progress").json()
    assert progress["booked"] == [ids[0]] and progress["remaining"] == [ids[1]]
