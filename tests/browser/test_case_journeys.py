"""A brokerage case from consent to impact in headless Chromium, every page checked by axe (WCAG
2.2 A and AA) and at 375 px wide, with screenshots at both widths. Through the API, the Northshore
head offers phonics support, Gullwing asks for it (the LA officer asks on its behalf: Gullwing's
demo head has no password) and the LA officer brokers it to Northshore's offer. In the browser,
the Northshore head consents from their "My school" page; the LA officer records a review and
closes the case with its impact; Northshore's support ledger then shows it."""

import re
from datetime import date, timedelta

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN

RECEIVER_URN = 900002  # Gullwing, in the demo directory


async def _refused(page, visitor, button: str, name: str, problem: str) -> None:
    """Submit: the same page, "Error: " in its title, the problem in the error summary."""
    await page.get_by_role("button", name=button).click()
    await expect(page).to_have_title(re.compile("^Error: "))
    await expect(page.locator(".govuk-error-summary")).to_contain_text(problem)
    await visitor.check(name)


def _academic_year(day: date) -> str:
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{(first + 1) % 100:02d}"


def _brokered_case(web_platform) -> tuple[str, str, str]:
    """Northshore offers, Gullwing asks, the LA officer brokers: the case's id and the two
    schools' names."""
    head = web_platform.client(DEMO_ACCOUNTS["headteacher"])
    officer = web_platform.client(DEMO_ACCOUNTS["la_officer"])
    offer = head.post(
        "/api/v1/offers",
        json={
            "school_urn": DEMO_SCHOOL_URN,
            "area": "phonics",
            "title": "Phonics assessment coaching",
            "academic_year": _academic_year(date.today()),
            "capacity_days": 4,
        },
    )
    assert offer.status_code == 201, offer.text
    wanted = officer.post(
        "/api/v1/support-requests",
        json={
            "school_urn": RECEIVER_URN,
            "area": "phonics",
            "description": "Our Year 1 phonics screening results fell this year",
            "urgency": "high",
            "days_wanted": 2,
        },
    )
    assert wanted.status_code == 201, wanted.text
    start = date.today() + timedelta(days=7)
    case = officer.post(
        "/api/v1/brokerage-cases",
        json={
            "request_id": wanted.json()["id"],
            "offer_id": offer.json()["id"],
            "scope": "Two days coaching the Year 1 team in phonics assessment",
            "days": 2,
            "starts_on": start.isoformat(),
            "ends_on": (start + timedelta(days=60)).isoformat(),
        },
    )
    assert case.status_code == 201, case.text
    assert case.json()["status"] == "awaiting_consent"
    return case.json()["id"], case.json()["provider_name"], case.json()["receiver_name"]


def test_a_case_is_consented_reviewed_and_closed_with_its_impact(web_platform, journey):
    case_id, provider, receiver = _brokered_case(web_platform)
    title = f"{provider} supporting {receiver}"

    async def steps(visitor):
        # the providing school's head consents from "My school"
        await visitor.sign_in("headteacher")
        page = await visitor.go("/school")
        await page.get_by_role(
            "link", name="Support cases, and those waiting for your consent"
        ).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Support cases")
        await visitor.check("cases-school")
        await page.locator(f"a[href='/school/cases/{case_id}']").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(title)
        await visitor.check("case-consent")
        await page.get_by_label("No, we cannot give it").check()
        await _refused(page, visitor, "Send my answer", "case-consent-error", "Say why")
        await page.get_by_label("Yes, we agree").check()
        await page.get_by_role("button", name="Send my answer").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("You agreed")
        await visitor.check("case-consent-given")
        await visitor.sign_out()

        # the LA officer follows the case: a review, then the impact at close
        await visitor.sign_in("la_officer")
        page = await visitor.go("/manage")
        await page.get_by_role("link", name="Brokerage cases: consent, reviews and impact").click()
        await page.get_by_role("link", name="Active", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Brokerage cases")
        await visitor.check("cases")
        await page.locator(f"a[href='/manage/cases/{case_id}']").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(title)
        await visitor.check("case")
        await _refused(page, visitor, "Record the review", "case-review-error", "Enter how")
        await page.get_by_label("Progress so far").fill("First day done: assessment checked")
        await page.get_by_role("button", name="Record the review").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded")
        await expect(page.locator("#main-content")).to_contain_text("assessment checked")
        await page.get_by_label("Impact", exact=True).fill("Screening passes up from 71% to 84%")
        await page.get_by_label("Days delivered (optional)").fill("5")
        await _refused(page, visitor, "Close the case", "case-close-error", "More days")
        await page.get_by_label("Days delivered (optional)").fill("1.5")
        await page.get_by_role("button", name="Close the case").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("closed")
        await expect(page.locator("#main-content")).to_contain_text("from 71% to 84%")
        await visitor.check("case-closed")

        page = await visitor.go(f"/manage/schools/{DEMO_SCHOOL_URN}/ledger")
        await expect(page.locator("#main-content")).to_contain_text("from 71% to 84%")
        await visitor.check("case-ledger")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    officer = web_platform.client(DEMO_ACCOUNTS["la_officer"])
    case = officer.get(f"/api/v1/brokerage-cases/{case_id}").json()
    assert case["status"] == "closed" and case["days_delivered"] == 1.5
    assert case["consent"]["status"] == "given"
    assert [r["notes"] for r in case["reviews"]] == ["First day done: assessment checked"]
