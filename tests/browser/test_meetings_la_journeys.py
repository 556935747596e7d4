"""Meetings and the LA officer's school pages in headless Chromium, every page checked by axe
(WCAG 2.2 A and AA) and at 375 px wide, with screenshots at both widths: the coordinator names a
generated cluster meeting's chair and minute-taker; a teacher claims a Teachmeet slot and the
coordinator publishes the running order; the LA officer selects schools for moderation and opens
a school's support ledger."""

import re
from datetime import UTC, datetime, timedelta

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN


async def _refused_then_titled(page, visitor, button: str, name: str) -> None:
    """Submit the form empty (or bad): the same page, "Error: " in its title, an error summary."""
    await page.get_by_role("button", name=button).click()
    await expect(page).to_have_title(re.compile("^Error: "))
    await expect(page.locator(".govuk-error-summary")).to_be_visible()
    await visitor.check(name)


def test_the_coordinator_names_the_chair_and_minute_taker_of_a_cluster_meeting(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    rota = coordinator.post(
        "/api/v1/rotas", json={"cluster": "north", "academic_year": 2028, "year_groups": ["Year 4"]}
    )
    assert rota.status_code == 201, rota.text
    meeting = rota.json()["meetings"][0]
    people = coordinator.get("/api/v1/people", params={"cluster": "north", "per_page": 200})
    ids = {p["name"]: p["id"] for p in people.json()["items"]}
    chair, minute_taker = ids["Hana Head"], ids["Tom Teacher"]

    async def steps(visitor):
        await visitor.sign_in("coordinator")
        page = await visitor.go(f"/manage/events/{meeting['id']}/roles")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Chair and minute-taker")
        await visitor.check("meeting-roles")
        await _refused_then_titled(
            page, visitor, "Save the chair and minute-taker", "meeting-roles-error"
        )
        await page.get_by_label("Chair").select_option(chair)
        await page.get_by_label("Minute-taker").select_option(minute_taker)
        await page.get_by_role("button", name="Save the chair and minute-taker").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("Hana Head")
        await expect(page.locator(".govuk-summary-list")).to_contain_text("Tom Teacher")
        await visitor.check("meeting-roles-saved")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    found = coordinator.get(f"/api/v1/events/{meeting['id']}").json()
    assert (found["chair_id"], found["minute_taker_id"]) == (chair, minute_taker)


def test_a_teacher_claims_a_teachmeet_slot_and_the_coordinator_publishes_the_running_order(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    starts = (datetime.now(UTC) + timedelta(days=21)).replace(
        hour=16, minute=0, second=0, microsecond=0
    )
    created = coordinator.post(
        "/api/v1/events",
        json={
            "title": "Spring Teachmeet",
            "kind": "teachmeet",
            "capacity": 40,
            "slot_count": 4,
            "slot_minutes": 7,
            "sessions": [
                {
                    "starts_at": starts.isoformat(),
                    "ends_at": (starts + timedelta(hours=2)).isoformat(),
                    "venue": "Partnership centre",
                }
            ],
        },
    )
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]

    async def claim(visitor):
        await visitor.sign_in("teacher")
        page = await visitor.go(f"/events/{event_id}")
        await page.get_by_role("link", name="Presentation slots and the running order").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Presentation slots")
        await visitor.check("teachmeet-slots")
        await _refused_then_titled(page, visitor, "Claim the slot", "teachmeet-slots-error")
        await page.get_by_label("Title of your presentation").fill("Retrieval practice in Year 4")
        await page.get_by_role("button", name="Claim the slot").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("is claimed")
        await expect(page.locator(".govuk-summary-list")).to_contain_text("Retrieval practice")
        await visitor.check("teachmeet-slot-claimed")

    async def publish(visitor):
        await visitor.sign_in("coordinator")
        page = await visitor.go(f"/manage/events/{event_id}/running-order")
        main = page.locator("#main-content")
        await expect(main).to_contain_text("Retrieval practice in Year 4")
        await expect(main).to_contain_text("Tom Teacher")
        await visitor.check("running-order")
        await page.get_by_role("button", name="Publish the running order").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("is published")
        await visitor.check("running-order-published")

    assert set(journey(claim).values()) == {0}
    assert set(journey(publish).values()) == {0}
    order = coordinator.get(f"/api/v1/events/{event_id}/running-order").json()
    assert order["published"] is True
    assert [s["title"] for s in order["slots"]] == ["Retrieval practice in Year 4"]


def test_the_la_officer_selects_schools_for_moderation_and_opens_a_school_ledger(
    web_platform, journey
):
    head = web_platform.client(DEMO_ACCOUNTS["headteacher"])
    officer = web_platform.client(DEMO_ACCOUNTS["la_officer"])
    wanted = head.post(
        "/api/v1/support-requests",
        json={
            "school_urn": DEMO_SCHOOL_URN,
            "area": "behaviour",
            "description": "Help with playground routines",
            "urgency": "medium",
            "days_wanted": 2,
        },
    )
    assert wanted.status_code == 201, wanted.text
    offer = officer.get(f"/api/v1/support-requests/{wanted.json()['id']}/suggestions").json()
    start = (datetime.now() + timedelta(days=7)).date()
    case = officer.post(
        "/api/v1/brokerage-cases",
        json={
            "request_id": wanted.json()["id"],
            "offer_id": offer["items"][0]["id"],
            "scope": "Two days on playground routines",
            "days": 2,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=30)).isoformat(),
        },
    )
    assert case.status_code == 201, case.text
    school_name = officer.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()["name"]

    async def steps(visitor):
        await visitor.sign_in("la_officer")
        page = await visitor.go("/manage")
        await page.get_by_role("link", name="Statutory moderation: choose the schools").click()
        await visitor.check("moderation")
        await page.get_by_label("Academic year").fill("2027")
        await _refused_then_titled(page, visitor, "Show schools", "moderation-error")
        await page.get_by_label("Academic year").fill("2027-28")
        await page.get_by_label("Phase").select_option("")
        await page.get_by_label("School name contains").fill(school_name.split()[0])
        await page.get_by_role("button", name="Show schools").click()
        await page.get_by_label(school_name).check()
        await page.get_by_role("button", name="Save the selection").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text(f"Selected for 2027-28: {school_name}")
        await expect(page.locator("#main-content ul.govuk-list--bullet")).to_contain_text(
            school_name
        )
        await visitor.check("moderation-saved")

        page = await visitor.go(f"/schools/{DEMO_SCHOOL_URN}")
        await page.get_by_role("link", name=f"Support ledger for {school_name}").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Support ledger")
        await expect(page.locator("#main-content")).to_contain_text("playground routines")
        await visitor.check("school-ledger")
        await page.get_by_label("Academic year").fill("next year")
        await _refused_then_titled(page, visitor, "Show the year", "school-ledger-error")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    school = officer.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    assert "2027-28" in school["moderation_selected_years"]
