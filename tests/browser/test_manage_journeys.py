"""The coordinator's and the LA officer's journeys through the web pages in headless Chromium,
every page checked by axe (WCAG 2.2 A and AA) and at 375 px wide, with screenshots at both
widths: a two-session course with its register and certificate; a cluster rota and minutes;
commissioning a course from training requests; Ofsted grades and brokering support."""

import re
from datetime import datetime, timedelta
from pathlib import Path

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN
from support.time_travel import events_db, move_into_past


async def _fill_date(page, field: str, day) -> None:
    await page.locator(f"#{field}-day").fill(str(day.day))
    await page.locator(f"#{field}-month").fill(str(day.month))
    await page.locator(f"#{field}-year").fill(str(day.year))


def _course_form_steps(shared: dict):
    async def steps(visitor):
        page = await visitor.sign_in("coordinator")
        page = await visitor.go("/manage")
        await visitor.check("manage")
        await page.get_by_role("link", name="Create an event").click()
        await visitor.check("manage-event-new")

        # bad input first: the same page, an error summary, "Error: " in the title
        await page.get_by_role("button", name="Save event").click()
        await expect(page).to_have_title(re.compile("^Error: "))
        await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        await visitor.check("manage-event-new-error")

        first = (datetime.now() + timedelta(days=14)).date()
        second = first + timedelta(days=7)
        await page.get_by_label("Title").fill("Assessment without levels")
        await page.get_by_label("Type of event").select_option("course")
        await page.get_by_label("Places", exact=True).fill("12")
        sessions = ((1, first, "Northshore, hall"), (2, second, "Northshore, library"))
        for number, day, venue in sessions:
            await _fill_date(page, f"session{number}_date", day)
            await page.locator(f"#session{number}_starts").fill("9:30")
            await page.locator(f"#session{number}_ends").fill("12:00")
            await page.locator(f"#session{number}_venue").fill(venue)
        await page.get_by_role("button", name="Save event").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("is published")
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Assessment without levels")
        await visitor.check("manage-event")
        shared["event_id"] = page.url.rstrip("/").split("/")[-1]

    return steps


def _register_steps(event_id: str, shared: dict):
    async def steps(visitor):
        page = await visitor.sign_in("coordinator")
        # the course is among the events to manage, and its page links the registers
        await page.get_by_role("link", name="Manage").click()
        await page.get_by_role("link", name=re.compile("^Events to manage")).click()
        await visitor.check("manage-events")
        page = await visitor.go("/manage/events?when=past")  # the course has taken place
        await page.get_by_role("link", name="Assessment without levels").click()
        await expect(page.get_by_role("link", name="Register for session 2")).to_be_visible()
        for number in (1, 2):
            page = await visitor.go(f"/manage/events/{event_id}/register?session={number}")
            checkbox = page.get_by_role("checkbox")
            await expect(checkbox).to_have_count(1)
            await checkbox.check()
            if number == 1:
                await visitor.check("manage-register")
            await page.get_by_role("button", name="Save the register").click()
            await expect(page.locator(".govuk-notification-banner")).to_contain_text(
                f"The register for session {number} is saved"
            )
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("Certificates issued: 1")
        await visitor.check("manage-register-certificate")
        async with page.expect_download() as download:
            await page.get_by_role("link", name=re.compile("Download certificate")).click()
        shared["pdf"] = Path(await (await download.value).path()).read_bytes()

        # changing the event keeps its two sessions
        page = await visitor.go(f"/manage/events/{event_id}/edit")
        await visitor.check("manage-event-edit")
        await page.get_by_label("Places", exact=True).fill("14")
        await page.get_by_role("button", name="Save event").click()
        await expect(banner).to_contain_text("Your changes are saved")

    return steps


def test_the_coordinator_creates_a_two_session_course_takes_the_register_and_a_certificate_follows(
    web_platform, journey
):
    shared: dict = {}
    journey(_course_form_steps(shared))
    event_id = shared["event_id"]
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    booked = teacher.post(f"/api/v1/events/{event_id}/bookings", json={})
    assert booked.status_code == 201 and booked.json()["status"] == "confirmed"
    booking_id = booked.json()["id"]
    # the course takes place (a register waits for its session to start): both sessions
    move_into_past(events_db(web_platform), event_id, until="last")

    checked = journey(_register_steps(event_id, shared))
    assert checked and set(checked.values()) == {0}
    assert shared["pdf"][:5] == b"%PDF-"
    certificate = teacher.get(f"/api/v1/bookings/{booking_id}/certificate.pdf")
    assert certificate.status_code == 200
    found = teacher.get(f"/api/v1/events/{event_id}").json()
    assert found["capacity"] == 14 and len(found["sessions"]) == 2


def test_the_coordinator_generates_a_cluster_rota_and_publishes_minutes(journey):
    async def steps(visitor):
        await visitor.sign_in("coordinator")
        page = await visitor.go("/manage/rotas/new")
        await visitor.check("manage-rota-new")
        await page.get_by_label("Cluster").select_option(label="North")
        await page.get_by_label("Academic year starting in").fill("2027")
        await page.get_by_label("Year 3", exact=True).check()
        await page.get_by_role("button", name="Generate the rota").click()
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_contain_text("Rota for the North cluster")
        rows = page.locator("tbody tr")
        assert await rows.count() >= 1
        await expect(rows.first.locator("td").last).not_to_have_text("To be agreed")
        await visitor.check("manage-rota")

        await rows.first.get_by_role("link").click()
        await page.get_by_role("link", name="Minutes and actions").click()
        await visitor.check("manage-minutes")
        await page.get_by_label("Minutes").fill(
            "We compared Year 3 reading plans and agreed a moderation date."
        )
        await page.get_by_label("Action 1", exact=True).fill("Share the reading plans")
        await page.get_by_label("Action 1: who does it").fill("Hana Head")
        await page.get_by_role("button", name="Publish the minutes").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("The minutes are published")
        await expect(page.locator(".hub-minutes")).to_contain_text("moderation date")
        main = page.locator("#main-content")
        await expect(main).to_contain_text("Share the reading plans (Hana Head)")
        await visitor.check("manage-minutes-published")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}


def test_the_coordinator_commissions_a_course_and_the_requester_sees_it_in_their_inbox(
    web_platform, journey
):
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    asked = teacher.post(
        "/api/v1/training-requests",
        json={"topic": "Oracy across the curriculum", "phase": "Primary", "reason": "New policy"},
    )
    assert asked.status_code == 201

    async def commission(visitor):
        await visitor.sign_in("coordinator")
        page = await visitor.go("/manage/demand")
        await expect(page.locator("table")).to_contain_text("Oracy across the curriculum")
        await visitor.check("manage-demand")
        await page.get_by_role("button", name="Commission the course").click()
        await expect(page).to_have_title(re.compile("^Error: "))
        await visitor.check("manage-demand-error")
        await page.get_by_label(re.compile("Oracy across the curriculum .Primary")).check()
        await page.get_by_label("Course title").fill("Oracy in the primary classroom")
        await page.get_by_label("Places").fill("25")
        await _fill_date(page, "day", (datetime.now() + timedelta(days=30)).date())
        await page.get_by_label("Starts").fill("13:30")
        await page.get_by_label("Ends").fill("16:00")
        await page.get_by_label("Venue").fill("Partnership centre")
        await page.get_by_role("button", name="Commission the course").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("is commissioned")

    async def requesters_inbox(visitor):
        await visitor.sign_in("teacher")
        inbox = await visitor.go("/inbox")
        for _ in range(40):
            if "Oracy in the primary classroom" in await inbox.content():
                break
            await inbox.wait_for_timeout(500)
            await inbox.reload()
        else:
            raise AssertionError("the commissioned course never reached the inbox")
        await visitor.check("inbox-commissioned")

    assert set(journey(commission).values()) == {0}
    assert set(journey(requesters_inbox).values()) == {0}


def test_the_la_officer_records_ofsted_grades_and_brokers_a_support_request(web_platform, journey):
    head = web_platform.client(DEMO_ACCOUNTS["headteacher"])
    wanted = head.post(
        "/api/v1/support-requests",
        json={
            "school_urn": DEMO_SCHOOL_URN,
            "area": "behaviour",
            "description": "Help setting up whole-school behaviour routines",
            "urgency": "high",
            "days_wanted": 3,
        },
    )
    assert wanted.status_code == 201
    request_id = wanted.json()["id"]

    async def steps(visitor):
        await visitor.sign_in("la_officer")
        page = await visitor.go(f"/manage/schools/{DEMO_SCHOOL_URN}/ofsted")
        await visitor.check("manage-ofsted")
        await page.get_by_role("button", name="Save the grades").click()
        await expect(page).to_have_title(re.compile("^Error: "))
        await visitor.check("manage-ofsted-error")
        await _fill_date(page, "inspected_on", (datetime.now() - timedelta(days=30)).date())
        await page.get_by_label("Inclusion").select_option("strong_standard")
        await page.get_by_label("Achievement").select_option("expected_standard")
        await page.get_by_label("Met", exact=True).check()
        await page.get_by_role("button", name="Save the grades").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("grades for")
        await expect(page.locator(".govuk-summary-list")).to_contain_text("Strong standard")
        await visitor.check("manage-ofsted-saved")

        page = await visitor.go("/manage/support")
        await visitor.check("manage-support")
        await page.locator(f"a[href$='/manage/support/{request_id}/broker']").click()
        await visitor.check("manage-broker")
        await page.get_by_role("radio").first.check()
        await page.get_by_label("What the support covers").fill(
            "Three days on routines and rewards"
        )
        await page.get_by_label("Days agreed").fill("3")
        start = (datetime.now() + timedelta(days=10)).date()
        await _fill_date(page, "starts_on", start)
        await _fill_date(page, "ends_on", start + timedelta(days=60))
        await page.get_by_role("button", name="Broker the support").click()
        heading = page.get_by_role("heading", level=1)
        await expect(heading).to_have_text("Support brokered")
        await visitor.check("manage-case")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    school = head.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    assert school["report_card"]["grades"]["inclusion"] == "strong_standard"
    found = head.get(f"/api/v1/support-requests/{request_id}").json()
    assert found["status"] == "brokered" and found["case_id"]
