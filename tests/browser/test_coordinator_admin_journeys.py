"""The coordinator's strategic groups, people and roles, and email delivery records in headless
Chromium: a secretary named for a term (after a form missing a date part is turned back with
its errors), a member added, a person added and granted a role, the delivery records read and
filtered. Every page is checked by axe (WCAG 2.2 A and AA) and at 375 px wide."""

import re
import time

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS

GROUP = "achievement"


def _person_id(client, name: str) -> str:
    found = client.get("/api/v1/people", params={"q": name}).json()["items"]
    return next(p["id"] for p in found if p["name"] == name)


def test_the_coordinator_names_a_secretary_adds_a_member_grants_a_role_and_reads_deliveries(
    web_platform, journey
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    secretary = _person_id(coordinator, "Max Maths")
    member = _person_id(coordinator, "Priya Phonics")
    newcomer = f"nia.{int(time.time())}@northshore.demo.partnership.test"

    async def steps(visitor) -> None:
        await _groups_steps(visitor, secretary, member)
        await _people_steps(visitor, newcomer)
        await _deliveries_steps(visitor)

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}

    group = coordinator.get(f"/api/v1/groups/{GROUP}").json()
    assert {
        "office": "secretary",
        "person_id": secretary,
        "starts_on": "2027-09-01",
        "ends_on": "2029-08-31",
    }.items() <= next(t for t in group["offices"] if t["person_id"] == secretary).items()
    assert member in group["members"]
    added = coordinator.get("/api/v1/people", params={"q": "Nia Newcomer"}).json()["items"]
    assert [sorted(p["roles"]) for p in added if p["email"] == newcomer] == [["senco", "teacher"]]


async def _groups_steps(visitor, secretary: str, member: str) -> None:
    await visitor.sign_in("coordinator")
    page = await visitor.go("/manage")
    await visitor.check("admin-manage")
    await page.get_by_role("link", name="Strategic groups, their chairs and secretaries").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Strategic groups")
    await expect(page.locator("#main-content")).to_contain_text("Secretary")
    await visitor.check("admin-groups")

    await page.get_by_role("link", name="Achievement", exact=True).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Achievement")
    await visitor.check("admin-group")

    # a term start with its month left out: the same page, its errors, nothing saved
    await page.get_by_role("radio", name="Secretary").check()
    await page.get_by_label("Who holds the office").select_option(secretary)
    await page.locator("#starts_on-day").fill("1")
    await page.locator("#starts_on-year").fill("2027")
    await page.get_by_role("button", name="Name them for the term").click()
    await expect(page).to_have_title(re.compile("^Error: "))
    await expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Term starts must include a day, month and year"
    )
    await visitor.check("admin-group-error")

    await page.locator("#starts_on-month").fill("9")
    for part, value in (("day", "31"), ("month", "8"), ("year", "2029")):
        await page.locator(f"#ends_on-{part}").fill(value)
    await page.get_by_role("button", name="Name them for the term").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Max Maths is named secretary"
    )
    await expect(page.locator("#main-content")).to_contain_text("Secretary: Max Maths")
    await visitor.check("admin-group-secretary-named")

    await page.get_by_label("Who joins the group").select_option(member)
    await page.get_by_role("button", name="Add to the group").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Priya Phonics is a member of the group"
    )
    await expect(page.get_by_role("link", name="Priya Phonics")).to_be_visible()


async def _people_steps(visitor, newcomer: str) -> None:
    page = await visitor.go("/manage/people?q=&school=Northshore&role=")
    await expect(page.locator("#main-content")).to_contain_text("People at Northshore Primary")
    await visitor.check("admin-people")

    await page.get_by_role("link", name="Add a person").click()
    await page.get_by_role("button", name="Add the person").click()
    await expect(page).to_have_title(re.compile("^Error: "))
    await visitor.check("admin-person-new-error")
    await page.get_by_label("Full name").fill("Nia Newcomer")
    await page.get_by_label("Email address").fill(newcomer)
    await page.get_by_label("School", exact=True).select_option(
        label="Northshore Primary (synthetic)"
    )
    await page.get_by_label("Teacher", exact=True).check()
    await page.get_by_role("button", name="Add the person").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Nia Newcomer")
    await visitor.check("admin-person")

    await page.get_by_label("Role", exact=True).select_option("senco")
    await page.get_by_role("radio", name="Grant the role").check()
    await page.get_by_role("button", name="Change the roles").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("SENCO is granted")
    await expect(page.locator(".govuk-summary-list")).to_contain_text("SENCO, Teacher")


async def _deliveries_steps(visitor) -> None:
    page = await visitor.go("/manage")
    await page.get_by_role("link", name="Email delivery records").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Email delivery records")
    await expect(page.locator("#results-count")).to_be_visible()
    await visitor.check("admin-deliveries")
    await page.get_by_label("Status", exact=True).select_option("failed")
    await page.get_by_role("button", name="Show records").click()
    await expect(page).to_have_url(re.compile(r"status=failed"))
    await visitor.check("admin-deliveries-failed")
