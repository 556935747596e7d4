"""A teacher's journey through the pages for everyone in headless Chromium: the school
directory, a school and its cluster, the support directory, an offer of their own expertise,
their inbox and a notification preference. Every page is checked by axe (WCAG 2.2 A and AA)
and at 375 px wide, with screenshots at both widths."""

import re
from datetime import UTC, datetime, timedelta

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS


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


def test_a_teacher_uses_the_directories_offers_expertise_and_reads_their_inbox(
    web_platform, journey
):
    # something for the inbox: the teacher books a course (the booking is confirmed by message)
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    course = coordinator.post("/api/v1/events", json=_course("Early reading network"))
    assert course.status_code == 201, course.text
    booked = teacher.post(f"/api/v1/events/{course.json()['id']}/bookings", json={})
    assert booked.status_code in (200, 201), booked.text

    checked = journey(_teachers_steps)
    assert checked and set(checked.values()) == {0}
    saved = teacher.get("/api/v1/me/notifications/preferences").json()
    assert saved["categories"]["group_news"]["email"] == "weekly"


async def _teachers_steps(visitor) -> None:
    await visitor.sign_in("teacher")

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

    # the school's cluster: its member schools, the school among them
    await page.locator("#main-content a[href^='/clusters/']").first.click()
    await expect(page.locator(".govuk-caption-l")).to_have_text("Cluster")
    await expect(
        page.get_by_role("link", name="Gullwing Primary Academy (synthetic)")
    ).to_be_visible()
    await visitor.check("directory-cluster")
    await page.go_back()

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
