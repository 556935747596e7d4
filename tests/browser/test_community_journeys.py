"""Sharing practice in headless Chromium: a teacher in the Inclusion group posts a resource with
a file to the group's space (a refused file first, shown by its field) and another member
downloads it (bytes and headers); a non-member is refused the space, the post and the file (a
403 page, not a 500); the group's chair publishes the half-termly feedback and a headteacher
finds it in the inbox, and the chair reviews a report. Every page is checked by axe (WCAG 2.2
A and AA) and at 375 px wide, with screenshots at both widths."""

import re
from datetime import date

import pytest
from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD
from support.waiting import eventually

SPACE = "group-inclusion"
PDF = b"%PDF-1.4\n% Zones of regulation toolkit\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PEOPLE = {
    "poster": ("tia.teacher@northshore.demo.partnership.test", "Tia Toolkit", 900001, "teacher"),
    "member": ("ines.inclusion@gullwing.demo.partnership.test", "Ines Inclusion", 900002, "senco"),
    "chair": ("cara.chair@marram.demo.partnership.test", "Cara Chair", 900003, "senco"),
}


def _ok(response, *statuses):
    assert response.status_code in statuses, response.text
    return response.json()


@pytest.fixture(scope="module")
def inclusion(web_platform):
    """Three new people in the Inclusion group (its demo officers cannot sign in): a teacher who
    posts, another member, and a chair from today; Northshore's head is no member."""
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    ids = {}
    for key, (email, name, urn, role) in PEOPLE.items():
        person = {
            "email": email,
            "name": name,
            "school_urn": urn,
            "roles": [role],
            "password": DEMO_PASSWORD,
        }
        ids[key] = _ok(coordinator.post("/api/v1/people", json=person), 201)["id"]
    for key in ("poster", "member"):
        member = {"person_id": ids[key]}
        _ok(coordinator.post("/api/v1/groups/inclusion/members", json=member), 200, 201)
    office = {"office": "chair", "person_id": ids["chair"], "starts_on": date.today().isoformat()}
    _ok(coordinator.post("/api/v1/groups/inclusion/offices", json=office), 200)
    clients = {key: web_platform.client(PEOPLE[key][0]) for key in PEOPLE}

    def leads(client) -> bool:
        space = client.get(f"/api/v1/spaces/{SPACE}")
        return space.status_code == 200 and space.json().get("may_lead") is True

    def sees(client) -> bool:
        return client.get(f"/api/v1/spaces/{SPACE}").status_code == 200

    # the community asks the directory who is in which group at most every 30 s
    eventually(lambda: sees(clients["poster"]) and sees(clients["member"]), 60, 1)
    eventually(lambda: leads(clients["chair"]), 60, 1)

    def client(key):
        """A fresh token each time: signing out in the browser ends the person's tokens."""
        return web_platform.client(PEOPLE[key][0])

    return client


async def _sign_in(visitor, email: str):
    page = await visitor.go("/sign-in")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    try:
        await page.wait_for_url("**/home")
    except Exception as problem:
        text = await page.locator("body").inner_text()
        raise AssertionError(f"{email} did not sign in: {page.url}\n{text[:1500]}") from problem
    return page


def test_a_teacher_posts_a_file_to_the_inclusion_space_and_a_member_downloads_it(
    inclusion, journey
):
    found = {}

    async def steps(visitor):
        page = await _sign_in(visitor, PEOPLE["poster"][0])
        await page.get_by_role("link", name="Sharing practice").first.click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Sharing practice")
        await expect(page.get_by_role("link", name="Inclusion", exact=True)).to_be_visible()
        await visitor.check("sharing-home")
        await page.get_by_role("link", name="Inclusion", exact=True).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Inclusion")
        await visitor.check("sharing-space")

        # a file whose content is not what its name says: refused, shown by the file field
        await page.get_by_label("Title").fill("Zones of regulation toolkit")
        await page.get_by_label("What you want to share").fill(
            "How we **map** provision across the school.\n\n- a checklist\n- a map"
        )
        await page.get_by_label("Primary", exact=True).check()
        await page.get_by_label("Files").set_input_files(
            [{"name": "Toolkit.pdf", "mimeType": "application/pdf", "buffer": b"just words"}]
        )
        await page.get_by_role("button", name="Publish post").click()
        await expect(page).to_have_title(re.compile(r"^Error: Inclusion"))
        summary = page.locator(".govuk-error-summary")
        await expect(summary).to_contain_text("Toolkit.pdf")
        await expect(page.locator("#attachments-error")).to_contain_text("Toolkit.pdf")
        await visitor.check("sharing-post-refused-file")

        # the real file: published, then the post's page with its file
        await page.get_by_label("Title").fill("Zones of regulation toolkit")
        await page.get_by_label("Files").set_input_files(
            [{"name": "Toolkit map.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        await page.get_by_role("button", name="Publish post").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("published")
        await expect(page.get_by_role("heading", level=1)).to_have_text(
            "Zones of regulation toolkit"
        )
        await expect(page.locator(".hub-markdown strong")).to_have_text("map")
        await expect(page.get_by_role("link", name="Toolkit map.pdf")).to_be_visible()
        await expect(page.locator("#main-content")).to_contain_text("PDF, ")
        found["post"] = page.url.rsplit("/", 1)[1]
        await visitor.check("sharing-post")
        await visitor.sign_out()

        # another member: the space lists it with its author and school; the file downloads
        page = await _sign_in(visitor, PEOPLE["member"][0])
        page = await visitor.go(f"/sharing/spaces/{SPACE}")
        await expect(page.locator("#main-content")).to_contain_text(
            "Tia Toolkit, Northshore Primary"
        )
        await page.get_by_role("link", name="Zones of regulation toolkit").click()
        link = page.get_by_role("link", name="Toolkit map.pdf")
        async with page.expect_download() as waiting:
            await link.click()
        download = await waiting.value
        assert download.suggested_filename == "Toolkit map.pdf"
        with open(await download.path(), "rb") as saved:
            assert saved.read() == PDF
        answer = await page.request.get(visitor.base + await link.get_attribute("href"))
        assert answer.status == 200 and await answer.body() == PDF
        headers = answer.headers
        assert headers["content-type"] == "application/pdf"
        assert headers["content-disposition"] == 'attachment; filename="Toolkit map.pdf"'
        assert headers["x-content-type-options"] == "nosniff"
        found["file"] = await link.get_attribute("href")

        # "this helped us", a comment and a report
        await page.get_by_role("button", name="This helped us").click()
        await expect(page.locator("#main-content")).to_contain_text("1 school says this helped")
        await page.get_by_label("Add a comment").fill("We used the map with our *SENCOs*.")
        await page.get_by_role("button", name="Add comment").click()
        await expect(page.locator("#comments")).to_have_text("Comments (1)")
        await expect(page.locator(".hub-markdown em")).to_have_text("SENCOs")
        await visitor.check("sharing-post-member")
        await page.get_by_role("link", name="Report this post").click()
        await page.get_by_role("button", name="Send report").click()
        await expect(page).to_have_title(re.compile(r"^Error: Report this post"))
        await visitor.check("sharing-report-errors")
        await page.get_by_label("Why are you reporting this?").fill("It names a pupil.")
        await page.get_by_role("button", name="Send report").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("Thank you")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    post = _ok(inclusion("member").get(f"/api/v1/posts/{found['post']}"), 200)
    assert post["helped_count"] == 1 and post["comment_count"] == 1
    assert found["file"].startswith(f"/sharing/posts/{found['post']}/files/")


def test_a_non_member_cannot_see_the_space_the_post_or_the_file(inclusion, journey):
    poster = inclusion("poster")
    files = {"file": ("Outsiders.pdf", PDF, "application/pdf")}
    form = {"title": "Members only: our provision map", "body": "For the group."}
    post = _ok(poster.post(f"/api/v1/spaces/{SPACE}/posts", data=form, files=files), 201)
    file_path = f"/sharing/posts/{post['id']}/files/{post['attachments'][0]['id'].split('-')[-1]}"

    async def steps(visitor):
        page = await visitor.sign_in("headteacher")
        page = await visitor.go("/sharing")
        await expect(page.get_by_role("link", name="Inclusion", exact=True)).to_have_count(0)
        for name, path in (
            ("space", f"/sharing/spaces/{SPACE}"),
            ("post", f"/sharing/posts/{post['id']}"),
            ("file", file_path),
        ):
            answer = await page.goto(visitor.base + path)
            assert answer.status in (403, 404), f"{name}: {answer.status}"
            await expect(page.get_by_role("heading", level=1)).to_have_text(
                re.compile("You cannot do that|Page not found")
            )
            assert b"%PDF" not in await answer.body()
            await visitor.check(f"sharing-refused-{name}")
        page = await visitor.go("/sharing?q=provision")
        await expect(page.get_by_role("link", name=post["title"])).to_have_count(0)

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}


def test_the_chair_publishes_feedback_a_head_reads_it_and_the_chair_reviews_a_report(
    inclusion, journey
):
    post = _ok(
        inclusion("member").post(
            f"/api/v1/spaces/{SPACE}/posts", json={"title": "Our nurture room", "text": "Photos."}
        ),
        201,
    )
    _ok(
        inclusion("poster").post(
            f"/api/v1/posts/{post['id']}/reports", json={"reason": "A child's face is shown."}
        ),
        200,
        201,
    )
    title = "Inclusion group: what we did this half term"

    async def steps(visitor):
        page = await _sign_in(visitor, PEOPLE["chair"][0])
        page = await visitor.go(f"/sharing/spaces/{SPACE}")
        await page.get_by_role("link", name="Publish half-termly feedback").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(
            "Publish half-termly feedback"
        )
        await expect(page.get_by_label("Half term")).to_have_value(re.compile(r"^20\d\d-\d\d "))
        await visitor.check("sharing-feedback-form")
        await page.get_by_label("Half term").fill("autumn")
        await page.get_by_role("button", name="Publish feedback to heads").click()
        await expect(page).to_have_title(re.compile(r"^Error: Publish half-termly feedback"))
        await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
        await visitor.check("sharing-feedback-errors")
        await page.get_by_label("Half term").fill("2026-27 autumn 2")
        await page.get_by_label("Title").fill(title)
        await page.get_by_label("Feedback to heads").fill("We met **twice** and agreed a plan.")
        await page.get_by_role("button", name="Publish feedback to heads").click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "Every headteacher"
        )
        await expect(page.get_by_role("heading", level=1)).to_have_text(title)
        await visitor.check("sharing-feedback")

        # the report on the member's post: reviewed and dismissed by the chair
        page = await visitor.go(f"/sharing/spaces/{SPACE}")
        await page.get_by_role("link", name="Reports to review").click()
        report = page.locator(".hub-event-list > li", has_text="A child's face is shown.")
        await expect(report).to_contain_text("Our nurture room")
        await expect(report).to_contain_text("Reported by Tia Toolkit")
        await visitor.check("sharing-reports")
        await report.get_by_role("button", name=re.compile("^Dismiss")).click()
        await expect(page.locator(".govuk-notification-banner")).to_contain_text("dismissed")
        await expect(page.locator("#main-content")).not_to_contain_text("A child's face")
        await visitor.sign_out()

        # a headteacher (no member of the group) finds it in the inbox and reads it
        page = await visitor.sign_in("headteacher")
        page = await visitor.go("/inbox")
        for _ in range(60):
            if await page.locator("#main-content", has_text=title).count():
                break
            await page.wait_for_timeout(500)
            await page.reload()
        else:
            raise AssertionError("the feedback did not reach the head's inbox")
        await visitor.check("sharing-feedback-inbox")
        entry = page.locator("#main-content li", has_text=title).first
        await entry.get_by_role("link", name=re.compile("^Read the post")).click()
        await expect(page.get_by_role("heading", level=1)).to_have_text(title)
        await expect(page.locator(".hub-markdown strong")).to_have_text("twice")
        await visitor.check("sharing-feedback-head")

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    found = _ok(inclusion("poster").get(f"/api/v1/spaces/{SPACE}/posts"), 200)["items"]
    assert any(p["title"] == title and p["kind"] == "feedback" for p in found)
