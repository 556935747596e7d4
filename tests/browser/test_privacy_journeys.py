"""People's data in headless Chromium: a teacher finds "Download my data" on their own page and
downloads one zip; the coordinator sees the same person's data page with the erasure form (not
submitted: the demo teacher is shared by every journey). Every page is checked by axe (WCAG 2.2
A and AA) and at 375 px wide."""

import io
import json
import zipfile
from pathlib import Path

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS


def test_a_teacher_downloads_their_data_and_the_coordinator_sees_the_erasure_form(
    web_platform, journey
):
    teacher_id = web_platform.client(DEMO_ACCOUNTS["teacher"]).get("/api/v1/me").json()["id"]
    downloaded = {}

    async def steps(visitor) -> None:
        page = await visitor.sign_in("teacher")
        page = await visitor.go(f"/people/{teacher_id}")
        await page.get_by_role("link", name="Download my data").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
        await visitor.check("privacy-your-data")
        async with page.expect_download() as waiting:
            await page.get_by_role("link", name="Download my data").click()
        download = await waiting.value
        downloaded["name"] = download.suggested_filename
        downloaded["bytes"] = Path(await download.path()).read_bytes()
        await visitor.sign_out()

        page = await visitor.sign_in("coordinator")
        page = await visitor.go(f"/people/{teacher_id}")
        await page.get_by_role("link", name="Their data: download or erase").click()
        await expect(page.get_by_role("button", name="Erase this person's data")).to_be_visible()
        await expect(page.get_by_role("link", name="Download their data")).to_be_visible()
        await visitor.check("privacy-coordinator")

    checked = journey(steps)
    assert set(checked) == {"privacy-your-data", "privacy-coordinator"}
    assert set(checked.values()) == {0}
    assert downloaded["name"].endswith(".zip")
    with zipfile.ZipFile(io.BytesIO(downloaded["bytes"])) as z:
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["person_id"] == teacher_id
    assert [s["service"] for s in manifest["services"]] == [
        "directory",
        "events",
        "notifications",
        "community",
    ]
