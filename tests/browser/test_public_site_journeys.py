"""The public website in headless Chromium: a head publishes a showcase entry with a photo at
/school/showcase; a visitor, not signed in, reads the home page, the constitution, that school's
page with the photo and the course calendar; the coordinator edits the FAQ (a problem shown by
its field first) and the visitor sees the change. Every page checked by axe (WCAG 2.2 A and
AA) and at 375 px, with screenshots at both widths."""

import re
import struct
import zlib
from datetime import UTC, datetime, timedelta

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS, DEMO_SCHOOL_URN

COURSE = "Outdoor learning for early years"


def _png(width: int = 48, height: int = 32) -> bytes:
    """A real (green and white striped) PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(
        b"\0" + (b"\x00\x70\x3c" if (y // 4) % 2 else b"\xff\xff\xff") * width
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _course() -> dict:
    start = (datetime.now(UTC) + timedelta(days=21)).replace(hour=9, minute=30, microsecond=0)
    return {
        "title": COURSE,
        "kind": "course",
        "capacity": 16,
        "pricing": {"price_pence": 4000},
        "sessions": [
            {
                "starts_at": start.isoformat(),
                "ends_at": (start + timedelta(hours=3)).isoformat(),
                "venue": "Northshore Primary (synthetic), hall",
            }
        ],
    }


def test_a_visitor_reads_the_public_website_and_sees_the_coordinators_change(
    web_platform, journey, tmp_path
):
    coordinator = web_platform.client(DEMO_ACCOUNTS["coordinator"])
    made = coordinator.post("/api/v1/events", json=_course())
    assert made.status_code == 201, made.text
    photo = tmp_path / "forest-school.png"
    photo.write_bytes(_png())

    async def steps(visitor):
        await _head_publishes(visitor, photo)
        await _visitor_reads(visitor)
        await _coordinator_edits_the_faq(visitor)

    checked = journey(steps)
    assert checked and set(checked.values()) == {0}
    assert {"public-constitution", "public-school", "public-courses", "public-faq-changed"} <= set(
        checked
    )


async def _head_publishes(visitor, photo) -> None:
    page = await visitor.sign_in("headteacher")
    await visitor.go("/school/showcase")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Your school's showcase")
    await page.get_by_role("button", name="Publish on the website").click()
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    await visitor.check("school-showcase-problem")
    await page.get_by_label("Title").fill("Forest school every Friday")
    await page.get_by_label("What you do and what it achieves").fill(
        "Each class spends **Friday afternoon** in the woods:\n\n- den building\n- bug hunts"
    )
    await page.get_by_label("Photo (optional)").set_input_files(
        {"name": "timetable.png", "mimeType": "image/png", "buffer": b"%PDF-1.4 not a photo"}
    )
    await page.get_by_role("button", name="Publish on the website").click()
    await expect(page.locator("#photo-error")).to_contain_text("not what the name")
    await page.get_by_label("Photo (optional)").set_input_files(str(photo))
    await page.get_by_label("Describe the photo").fill("Pupils building a den in the woods")
    await page.get_by_role("button", name="Publish on the website").click()
    await expect(page.locator(".govuk-notification-banner")).to_contain_text("published")
    await expect(page.locator("#main-content")).to_contain_text("Forest school every Friday")
    await visitor.check("school-showcase")
    await visitor.sign_out()


async def _visitor_reads(visitor) -> None:
    page = await visitor.go("/")
    await visitor.check("public-home")
    await page.get_by_role("link", name="Constitution").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Constitution")
    await expect(page.locator("#main-content")).to_contain_text("Membership")
    await visitor.check("public-constitution")

    page = await visitor.go("/member-schools")
    await visitor.check("public-schools")
    await page.locator(f"a[href='/member-schools/{DEMO_SCHOOL_URN}']").click()
    await expect(page.locator("#main-content")).to_contain_text("Forest school every Friday")
    await expect(page.locator("#main-content strong")).to_have_text("Friday afternoon")
    image = page.get_by_role("img", name="Pupils building a den in the woods")
    await expect(image).to_be_visible()
    assert await image.evaluate("img => img.complete && img.naturalWidth") == 48
    await visitor.check("public-school")

    page = await visitor.go("/courses")
    course = page.locator(".hub-event-list li", has_text=COURSE)
    await expect(course).to_contain_text("£40.00")
    await expect(course).to_contain_text("16 places left")
    await visitor.check("public-courses")
    await course.get_by_role("link", name=f"Sign in to book on {COURSE}").click()
    await expect(page).to_have_url(re.compile(r"/sign-in\?next=(/|%2F)events(/|%2F)"))


async def _coordinator_edits_the_faq(visitor) -> None:
    page = await visitor.sign_in("coordinator")
    await visitor.go("/manage/site")
    await visitor.check("manage-site")
    await page.get_by_role("link", name="Edit Questions and answers").click()
    await page.get_by_label("Title").fill("")
    await page.get_by_role("button", name="Save and publish").click()
    await expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a title")
    await visitor.check("manage-site-problem")
    await page.get_by_label("Title").fill("Questions and answers")
    text = page.get_by_label("Text")
    await text.fill(await text.input_value() + "\n\n## Can parents visit?\n\nYes, at open days.")
    await page.get_by_role("button", name="Save and publish").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Questions and answers")
    await visitor.sign_out()

    page = await visitor.go("/faq")
    await expect(page.get_by_role("heading", name="Can parents visit?")).to_be_visible()
    await visitor.check("public-faq-changed")
