"""A teacher's booking journey through the web pages in headless Chromium, every page checked
by axe (WCAG 2.2 A and AA) and at 375 px wide, with screenshots at both widths."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS


def _event(title: str, capacity: int, days: int) -> dict:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(hour=9, minute=30, microsecond=0)
    return {
        "title": title,
        "kind": "course",
        "capacity": capacity,
        "description": "A course run by the partnership for its schools' staff.",
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "venue": "Northshore Primary (synthetic), hall",
            }
        ],
    }


def test_a_teacher_finds_books_waits_accepts_an_offer_and_downloads_the_calendar(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    head = web_platform.client(DEMO_ACCOUNTS["headteacher"])
    open_course = coordinator.post("/api/v1/events", json=_event("Phonics in Year 1", 10, 20))
    full_course = coordinator.post("/api/v1/events", json=_event("Maths mastery", 1, 24))
    assert open_course.status_code == 201 and full_course.status_code == 201
    open_id, full_id = open_course.json()["id"], full_course.json()["id"]
    held = head.post(f"/api/v1/events/{full_id}/bookings", json={}).json()
    assert held["status"] == "confirmed"
    calendar: dict = {}

    async def find_and_book(visitor):
        page = await visitor.go("/")
        # the coordinator's introduction heads the page (its default, or Partnership Hub while
        # the community service is away); the way in is there either way
        await expect(page.get_by_role("heading", level=1)).to_be_visible()
        await expect(page.get_by_role("button", name="Sign in")).to_be_visible()
        await visitor.check("public-home")
        await visitor.go("/sign-in")
        await visitor.check("sign-in")
        await visitor.sign_in("teacher")
        await visitor.check("home")

        # find a course with filters kept in the query string
        page = await visitor.go("/events")
        await page.get_by_label("Type of event").select_option("course")
        await page.get_by_label("Only events with places left").check()
        await page.get_by_role("button", name="Show events").click()
        await expect(page).to_have_url(re.compile(r"kind=course.*places_left=y"))
        await expect(page.get_by_role("link", name="Phonics in Year 1")).to_be_visible()
        await expect(page.get_by_role("link", name="Maths mastery")).to_have_count(0)
        await visitor.check("events-filtered")

        await page.get_by_role("link", name="Phonics in Year 1").click()
        await visitor.check("event")
        await page.get_by_role("button", name="Book a place").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("Booked")
        await visitor.check("event-booked")

        # the full course: on the waiting list
        page = await visitor.go("/events?kind=course")
        await page.get_by_role("link", name="Maths mastery").click()
        await page.get_by_role("button", name="Join the waiting list").click()
        await expect(banner).to_contain_text("On the waiting list")
        await expect(page.locator("#main-content")).to_contain_text("number 1 on the waiting list")
        await visitor.check("event-waitlisted")

    async def accept_and_download(visitor):
        page = await visitor.sign_in("teacher")
        page = await visitor.go(f"/events/{full_id}")
        await expect(page.locator("#main-content")).to_contain_text("Place offered")
        await visitor.check("event-offered")
        await visitor.go("/home")
        await expect(page.locator("#main-content")).to_contain_text("Places offered to you")
        await visitor.check("home-offer")
        await page.get_by_role("link", name="Maths mastery").first.click()
        await page.get_by_role("button", name="Accept the place").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("You accepted the place")
        await visitor.check("event-accepted")

        # my bookings, and the calendar file
        page = await visitor.go("/bookings")
        await expect(page.get_by_role("link", name="Phonics in Year 1")).to_be_visible()
        await expect(page.get_by_role("link", name="Maths mastery")).to_be_visible()
        await visitor.check("bookings")
        async with page.expect_download() as download:
            await page.get_by_role("link", name=re.compile("calendar file")).click()
        calendar["ics"] = Path(await (await download.value).path()).read_text(encoding="utf-8")

        await visitor.sign_out()
        await expect(banner).to_contain_text("You have signed out")
        page = await visitor.go("/bookings")
        assert page.url.startswith(visitor.base + "/sign-in")

    assert set(journey(find_and_book).values()) == {0}
    # the head cancels, which frees a place: it is offered to the teacher, who accepts
    assert head.post(f"/api/v1/bookings/{held['id']}/cancel").status_code == 200
    assert set(journey(accept_and_download).values()) == {0}

    ics = calendar["ics"]
    assert ics.startswith("BEGIN:VCALENDAR")
    assert "Phonics in Year 1" in ics and "Maths mastery" in ics
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    mine = teacher.get("/api/v1/me/bookings", params={"per_page": 200}).json()["items"]
    statuses = {b["event_id"]: b["status"] for b in mine}
    assert statuses[open_id] == "confirmed" and statuses[full_id] == "confirmed"


def test_the_public_pages_and_forgotten_password_pass_axe_at_both_widths(journey):
    async def steps(visitor):
        for path, name in [
            ("/accessibility", "accessibility"),
            ("/constitution", "constitution"),
            ("/faq", "faq"),
            ("/member-schools", "member-schools"),
            ("/courses", "courses"),
            ("/forgotten-password", "forgotten-password"),
        ]:
            await visitor.go(path)
            await visitor.check(name)
        page = await visitor.go("/sign-in")
        await page.get_by_role("button", name="Sign in").click()
        await expect(page).to_have_title(re.compile("^Error: "))
        summary = page.locator(".govuk-error-summary")
        await expect(summary).to_contain_text("Enter your email address")
        await visitor.check("sign-in-error")

    assert len(journey(steps)) == 7


def test_a_form_post_without_its_csrf_token_is_refused_and_changes_nothing(journey, web_platform):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    event = coordinator.post("/api/v1/events", json=_event("Science club", 5, 30)).json()
    refused: dict = {}

    async def steps(visitor):
        await visitor.sign_in("school_admin")
        answer = await visitor.page.request.post(
            f"{visitor.base}/events/{event['id']}/book", form={}
        )
        refused["status"] = answer.status

    journey(steps)
    assert refused["status"] in (400, 403)
    admin = web_platform.client(DEMO_ACCOUNTS["school_admin"])
    mine = admin.get("/api/v1/me/bookings").json()["items"]
    assert all(b["event_id"] != event["id"] for b in mine)
    # a sign-in without the token is refused too (no session starts)
    anonymous = requests.post(
        web_platform.url + "/sign-in",
        data={"email": DEMO_ACCOUNTS["teacher"], "password": "demo-password"},
        allow_redirects=False,
        timeout=10,
    )
    assert anonymous.status_code == 400 and "hub_session" not in anonymous.cookies
