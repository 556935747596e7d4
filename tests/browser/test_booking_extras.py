"""A teacher's extras around booking in headless Chromium, every page checked by axe (WCAG 2.2 A
and AA) and at 375 px wide, with screenshots at both widths: the events calendar filtered by a
strategic group, an event's price for the teacher's school, feedback on a past event they
attended (with its certificate), the calendar subscription address (fetched here without any
sign-in, and refused once the teacher signs out everywhere), the home page's unread count
changing with JavaScript on; then the coordinator reads the feedback on the event's page.

The past event is set up through the API a week ahead and booked, then moved two weeks back in
the store (``support.time_travel``: the events service refuses an event in the past, a booking
once it has started and a register before it), and its register taken."""

import re
import time
from datetime import UTC, datetime, timedelta

import requests
from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN
from support.time_travel import events_db, move_into_past


def _session(days: int, hours: int = 3) -> dict:
    start = (datetime.now(UTC) + timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    return {
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours)).isoformat(),
        "venue": "Partnership centre",
    }


def _created(client, body: dict) -> dict:
    answer = client.post("/api/v1/events", json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


def _settled_unread(client, seconds: float = 20) -> int:
    """The teacher's unread count once nothing new has arrived for five seconds."""
    last, since, until = None, time.monotonic(), time.monotonic() + seconds
    while time.monotonic() < until:
        count = client.get("/api/v1/me/notifications/unread-count").json()["unread"]
        if count != last:
            last, since = count, time.monotonic()
        elif time.monotonic() - since >= 5:
            return count
        time.sleep(0.5)
    return last


def test_a_teacher_filters_by_group_sees_their_price_gives_feedback_and_subscribes(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    teacher_id = teacher.get("/api/v1/me").json()["id"]
    school = teacher.get(f"/api/v1/schools/{DEMO_SCHOOL_URN}").json()
    group = coordinator.get("/api/v1/groups").json()["items"][0]
    owner = {"type": "strategic_group", "id": group["id"], "name": group["name"]}
    grouped = _created(
        coordinator,
        {
            "title": "Group-run assessment course",
            "kind": "course",
            "capacity": 12,
            "owner": owner,
            "pricing": {"price_pence": 9000, "by_type_group": {school["type_group"]: 1234}},
            "sessions": [_session(30)],
        },
    )
    past = _created(
        coordinator,
        {
            "title": "Last week's reading workshop",
            "kind": "course",
            "capacity": 12,
            "certificate_min_sessions": 1,
            "sessions": [_session(7)],
        },
    )
    booked = teacher.post(f"/api/v1/events/{past['id']}/bookings", json={})
    assert booked.status_code in (200, 201), booked.text
    move_into_past(events_db(web_platform), past["id"], days=14)  # it was last week
    register = coordinator.post(
        f"/api/v1/events/{past['id']}/attendance", json={"session": 0, "present": [teacher_id]}
    )
    assert register.status_code == 200, register.text
    unread = _settled_unread(teacher)
    seen: dict = {}

    async def steps(visitor):
        page = await visitor.sign_in("teacher")
        count = page.locator("#unread-count")
        await expect(count).to_contain_text(re.compile(r"You have \d+ unread"))
        shown = int(re.search(r"\d+", await count.inner_text()).group())
        # what the API said before the page, or more if something arrived since (a busy machine)
        latest = teacher.get("/api/v1/me/notifications/unread-count").json()["unread"]
        assert unread <= shown <= latest, (unread, shown, latest)
        await visitor.check("extras-home")

        # the calendar, filtered by the group (kept in the query string); an unknown group: 400
        page = await visitor.go("/events")
        await page.get_by_label("Strategic group").select_option(group["id"])
        await page.get_by_role("button", name="Show events").click()
        await expect(page).to_have_url(re.compile(f"group={group['id']}"))
        await expect(page.get_by_role("link", name=grouped["title"])).to_be_visible()
        await expect(page.get_by_role("link", name=past["title"])).to_have_count(0)
        await visitor.check("extras-events-by-group")
        page = await visitor.go("/events?group=no-such-group")
        await expect(page).to_have_title(re.compile("^Error: "))
        await expect(page.locator(".govuk-error-summary")).to_contain_text("strategic group")
        await visitor.check("extras-events-group-error")

        # the event's price for the teacher's school, before booking
        page = await visitor.go(f"/events/{grouped['id']}")
        await expect(page.locator(".govuk-summary-list")).to_contain_text(
            f"£12.34 for {school['name']}"
        )
        await visitor.check("extras-event-school-price")

        # the past event: its certificate and the feedback form (refused empty, then sent)
        page = await visitor.go("/bookings")
        await expect(
            page.get_by_role("link", name=re.compile("Download your certificate")).first
        ).to_be_visible()
        await page.get_by_role("link", name=f"Give feedback on {past['title']}").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Give feedback")
        await visitor.check("extras-feedback-form")
        await page.get_by_role("button", name="Send feedback").click()
        await expect(page).to_have_title(re.compile("^Error: "))
        await visitor.check("extras-feedback-error")
        await page.get_by_label("4: useful").check()
        await page.get_by_label("Comments (optional)").fill("Clear and practical.")
        await page.get_by_role("button", name="Send feedback").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("Feedback sent")
        await expect(page.locator(".govuk-tag", has_text="Feedback sent")).to_be_visible()
        await visitor.check("extras-feedback-sent")

        # the subscription address, copied from the page
        seen["feed"] = await page.locator("#feed-url").input_value()
        webcal = page.get_by_role("link", name="Subscribe in your calendar app")
        assert (await webcal.get_attribute("href")).startswith("webcal://")

        # the unread count on the home page changes while it is open (a booking in another tab)
        page = await visitor.go("/home")
        before = (await count.text_content()).strip()
        other = await page.context.new_page()
        await other.goto(visitor.base + f"/events/{grouped['id']}")
        await other.get_by_role("button", name="Book a place").click()
        await expect(other.locator(".govuk-notification-banner")).to_contain_text("Booked")
        await other.close()
        await expect(count).not_to_have_text(before, timeout=20000)  # no reload: the script
        await visitor.check("extras-home-unread-changed")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}

    feed = requests.get(seen["feed"], timeout=15)  # a calendar app: no cookie, no bearer token
    assert feed.status_code == 200 and feed.headers["Content-Type"].startswith("text/calendar")
    assert feed.text.startswith("BEGIN:VCALENDAR") and past["title"] in feed.text
    summary = coordinator.get(f"/api/v1/events/{past['id']}/feedback").json()
    assert summary["responses"] == 1 and summary["average_rating"] == 4
    assert teacher.get("/api/v1/me/notifications/unread-count").json()["unread"] > unread

    async def organiser(visitor):
        page = await visitor.sign_in("coordinator")
        page = await visitor.go(f"/events/{past['id']}")
        await expect(page.get_by_role("heading", name="Feedback from attendees")).to_be_visible()
        await expect(page.locator("main")).to_contain_text("4.0 out of 5")
        await expect(page.locator("main")).to_contain_text("Clear and practical.")
        await visitor.check("extras-event-feedback-for-organisers")

    checked = journey(organiser)
    assert checked and set(checked.values()) == {0}

    # signing out (which ends every session) leaves the calendar app subscribed
    assert teacher.post("/api/v1/auth/sign-out").status_code in (200, 204)
    assert requests.get(seen["feed"], timeout=15).status_code == 200

    # asking for a new address ends the old one
    async def new_address(visitor):
        page = await visitor.sign_in("teacher")
        page = await visitor.go("/bookings")
        await page.get_by_role("button", name="Get a new calendar address").click()
        banner = page.locator(".govuk-notification-banner")
        await expect(banner).to_contain_text("You have a new calendar address")
        seen["new_feed"] = await page.locator("#feed-url").input_value()
        await visitor.check("extras-new-calendar-address")

    assert set(journey(new_address).values()) == {0}
    assert seen["new_feed"] != seen["feed"]
    assert requests.get(seen["feed"], timeout=15).status_code == 404
    assert requests.get(seen["new_feed"], timeout=15).status_code == 200
