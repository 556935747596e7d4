"""A teacher's journey through the pages for everyone in headless Chromium: the school
directory, a school, the support directory, an offer of their own expertise, their inbox and a
notification preference. Every page is checked by axe (WCAG 2.2 A and AA) and at 375 px wide,
with screenshots at both widths.

The test process is patched by eventlet (tests/conftest.py), under which Playwright's waits never
end: the journey runs Playwright's asyncio API in a browser of its own on a real OS thread,
checking pages as the browser tier's Visitor does (tests/browser/conftest.py); the API calls
that set it up or check its outcome stay on the test's thread."""

import asyncio
import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

import eventlet
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import async_playwright, expect

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD, ROOT, Platform

# a long journey (eighteen pages, each checked twice by axe and screenshotted at two widths) on a
# machine shared with other test runs
pytestmark = pytest.mark.timeout(480)
JOURNEY_SECONDS = 300


CHROMIUM = "/usr/bin/chromium"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="module")
def everyones_platform(request, tmp_path_factory):
    """The browser tier's running platform (tests/browser/conftest.py) when there is one; else a
    platform of this module's own, started the same way (demo data seeded)."""
    try:
        yield request.getfixturevalue("web_platform")
        return
    except pytest.FixtureLookupError:
        pass
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install chromium"
    vhost_pipeline = request.getfixturevalue("vhost_pipeline")
    mongo_uri = request.getfixturevalue("mongo_uri")
    logs = tmp_path_factory.mktemp("everyones-pages-platform-logs")
    amqp = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    with vhost_pipeline.get() as vhost:
        running = Platform(f"amqp://{amqp.netloc}/{vhost}", mongo_uri, logs)
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture(scope="module")
def everyones_screenshots(request, tmp_path_factory):
    """The browser tier's screenshot folder when there is one; else one of this module's own,
    copied to var/screenshots/ as artefacts at the end."""
    try:
        yield request.getfixturevalue("screenshots")
        return
    except pytest.FixtureLookupError:
        pass
    folder = tmp_path_factory.mktemp("everyones-pages-screenshots")
    yield folder
    keep = ROOT / "var" / "screenshots"
    keep.mkdir(parents=True, exist_ok=True)
    for shot in folder.glob("*.png"):
        shutil.copy(shot, keep / shot.name)


class Visitor:
    """One browser user (asyncio API): visits pages, checks each with axe and at 375 px."""

    def __init__(self, page, base: str, screenshots: Path):
        self.page, self.base, self.screenshots = page, base, screenshots
        self.axe = Axe()

    async def go(self, path: str):
        await self.page.goto(self.base + path)
        return self.page

    async def check(self, name: str) -> None:
        """axe (WCAG 2.2 A and AA) reports nothing, no sideways scroll at 375 px, screenshots."""
        page = self.page
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        results = await self.axe.run(page, options=options)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        await page.screenshot(path=self.screenshots / f"{name}-1280.png", full_page=True)
        await page.set_viewport_size(PHONE)
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 375 px by {overflow} px"
        await page.screenshot(path=self.screenshots / f"{name}-375.png", full_page=True)
        await page.set_viewport_size(DESKTOP)


def _journey(base: str, screenshots: Path, steps) -> None:
    """Run ``steps(visitor)`` in a fresh headless Chromium on a real thread; its failure is raised
    here."""
    outcome: dict = {}

    async def run():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            try:
                context = await browser.new_context(viewport=DESKTOP)
                context.set_default_timeout(15000)
                await steps(Visitor(await context.new_page(), base, screenshots))
            finally:
                await browser.close()

    def thread_body():
        try:
            asyncio.run(run())
        except BaseException as problem:  # handed to the test's thread
            outcome["problem"] = problem

    thread = eventlet.patcher.original("threading").Thread(target=thread_body, daemon=True)
    thread.start()
    thread.join(JOURNEY_SECONDS)
    assert not thread.is_alive(), f"the journey took more than {JOURNEY_SECONDS} s"
    if "problem" in outcome:
        raise outcome["problem"]


def _course(title: str) -> dict:
    start = (datetime.now(UTC) + timedelta(days=30)).replace(hour=9, minute=30, microsecond=0)
    return {
        "title": title,
        "kind": "course",
        "capacity": 20,
        "description": "A course run by the partnership for its schools' staff.",
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=2)).isoformat(),
                "venue": "Gullwing Primary Academy (synthetic), library",
            }
        ],
    }


async def _sign_in(visitor, role: str) -> None:
    """Sign in through the sign-in page (the password box by its id: "Show password" is
    labelled by it too)."""
    page = await visitor.go("/sign-in")
    await page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
    await page.locator("#password").fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url("**/home")


def test_a_teacher_uses_the_directories_offers_expertise_and_reads_their_inbox(
    everyones_platform, everyones_screenshots
):
    web_platform, screenshots = everyones_platform, everyones_screenshots
    # something for the inbox: the teacher books a course (the booking is confirmed by message)
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    course = coordinator.post("/api/v1/events", json=_course("Early reading network"))
    assert course.status_code == 201, course.text
    booked = teacher.post(f"/api/v1/events/{course.json()['id']}/bookings", json={})
    assert booked.status_code in (200, 201), booked.text

    _journey(web_platform.url, screenshots, _teachers_steps)
    saved = teacher.get("/api/v1/me/notifications/preferences").json()
    assert saved["categories"]["group_news"]["email"] == "weekly"


async def _teachers_steps(visitor) -> None:
    await _sign_in(visitor, "teacher")

    # the school directory: by name and phase, kept in the query string
    page = await visitor.go("/schools")
    await expect(page.get_by_role("heading", level=1)).to_have_text("School directory")
    await page.get_by_label("School name").fill("Gullwing")
    await page.get_by_label("Phase").select_option("Primary")
    await page.get_by_role("button", name="Search schools").click()
    await expect(page).to_have_url(re.compile(r"q=Gullwing.*phase=Primary"))
    await expect(page.locator("#results-count")).to_have_text("Showing 1 to 1 of 1")
    await visitor.check("directory-schools")
    await page.reload()
    await expect(page.get_by_label("School name")).to_have_value("Gullwing")

    await page.get_by_role("link", name="Gullwing Primary Academy (synthetic)").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gullwing Primary Academy (synthetic)"
    )
    await expect(page.locator("#main-content")).to_contain_text("Priya Phonics")
    await visitor.check("directory-school")

    await page.get_by_role("link", name="Priya Phonics").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Priya Phonics")
    await visitor.check("directory-person")

    page = await visitor.go("/people?q=&school=Northshore&role=")
    await expect(page.locator("#main-content")).to_contain_text("People at Northshore Primary")
    await expect(page.get_by_role("link", name="Tom Teacher")).to_be_visible()
    await visitor.check("directory-people")

    # the support directory: by area
    page = await visitor.go("/support")
    await page.get_by_label("Area of support").select_option(label="Phonics")
    await page.get_by_role("button", name="Search offers").click()
    await expect(page).to_have_url(re.compile(r"area=phonics"))
    await expect(page.get_by_role("link", name="Phonics catch-up coaching")).to_be_visible()
    await expect(page.get_by_role("link", name="Mastery maths in upper KS2")).to_have_count(0)
    await visitor.check("support-search")
    await page.get_by_role("link", name="Phonics catch-up coaching").click()
    await expect(page.locator("#main-content")).to_contain_text("Priya Phonics")
    await visitor.check("support-offer")

    # offer my own expertise: a mistake first, then the offer, then find it in the directory
    page = await visitor.go("/support")
    await page.get_by_role("link", name="Offer your expertise").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Offer your expertise")
    await visitor.check("support-offer-new")
    await page.get_by_label("Days a year").fill("lots")
    await page.get_by_role("button", name="Publish my offer").click()
    await expect(page).to_have_title(re.compile(r"^Error: Offer your expertise"))
    summary = page.locator(".govuk-error-summary")
    await expect(summary).to_contain_text("Choose the area of support")
    await expect(summary).to_contain_text("Enter a title")
    await expect(summary).to_contain_text("Days a year must be a number")
    await visitor.check("support-offer-errors")
    await page.get_by_label("Area of support").select_option(label="Reading")
    await page.get_by_label("Title").fill("Early reading for Year 1 teachers")
    await page.get_by_label("Description").fill("Coaching and shared planning for early reading.")
    await page.get_by_label("Primary", exact=True).check()
    await page.get_by_label("Days a year").fill("2.5")
    await page.get_by_role("button", name="Publish my offer").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Your offer is published"
    )
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Early reading for Year 1 teachers"
    )
    await expect(page.locator("#main-content")).to_contain_text("Tom Teacher")
    await visitor.check("support-offer-created")
    page = await visitor.go("/support?area=reading")
    await expect(page.get_by_role("link", name="Early reading for Year 1 teachers")).to_be_visible()

    # my inbox: the booking's message arrives unread; mark it (and all) as read
    page = await visitor.go("/inbox")
    for _ in range(40):
        if await page.get_by_role("button", name=re.compile("^Mark as read")).count():
            break
        await page.wait_for_timeout(500)
        await page.reload()
    else:
        raise AssertionError("no unread notification arrived")
    await visitor.check("inbox-unread")
    await page.get_by_role("button", name="Mark all as read").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("marked as read")
    await expect(page.locator("#main-content")).to_contain_text("You have no unread notifications")
    await visitor.check("inbox-read")

    # notification preferences: weekly emails about group and cluster news
    await page.get_by_role("link", name="Choose how you get notifications by email").click()
    await visitor.check("inbox-preferences")
    news = page.get_by_role("group", name="Group and cluster news")
    await news.get_by_label("A weekly summary email").check()
    await page.get_by_role("button", name="Save my preferences").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "preferences are saved"
    )
    news = page.get_by_role("group", name="Group and cluster news")
    await expect(news.get_by_label("A weekly summary email")).to_be_checked()
    await visitor.check("inbox-preferences-saved")
