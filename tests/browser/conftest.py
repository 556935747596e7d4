"""Browser tier: the whole platform runs for real (as in the end-to-end tier) and Debian's headless
Chromium, driven by Playwright, uses its web pages; axe checks every page visited.

The test process is patched by eventlet (tests/conftest.py), under which Playwright's own waits
never end. So a journey runs Playwright's asyncio API in a browser of its own on a real OS thread
(the ``journey`` fixture): ``journey(steps)`` runs ``async def steps(visitor)`` there and raises
its failure on the test's thread. API calls that set a journey up or check its outcome
(``web_platform.client(...)``) stay on the test's thread, outside ``steps``."""

import asyncio
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import eventlet
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import async_playwright

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD, ROOT, Platform
from support.waiting import free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
JOURNEY_SECONDS = 300  # a long journey: each page checked by axe, screenshotted at two widths


def pytest_collection_modifyitems(items):
    """A journey may take minutes on a busy machine (the browser marker: tests/conftest.py)."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.timeout(JOURNEY_SECONDS + 120))


@pytest.fixture(scope="session")
def web_platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    """The running platform for the browser tests (demo data seeded)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    logs = tmp_path_factory.mktemp("browser-platform-logs")
    amqp = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    with vhost_pipeline.get() as vhost:
        running = Platform(f"amqp://{amqp.netloc}/{vhost}", mongo_uri, logs)
        # no SMTP server in this process (the journeys read the inbox, not email): mail goes to a
        # closed port and the notifications service retries it later
        running.mailbox.start = lambda: running.mailbox
        running.mailbox.stop = lambda: None
        running.env["SMTP_PORT"] = str(free_port())
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory):
    """Where screenshots go: the pytest tmp dir, copied to var/screenshots/ as artefacts."""
    folder = tmp_path_factory.mktemp("screenshots")
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
        self.checked: dict[str, int] = {}

    async def go(self, path: str):
        await self.page.goto(self.base + path)
        return self.page

    async def check(self, name: str) -> None:
        """axe (WCAG 2.2 A and AA) reports nothing, no sideways scroll at 375 px, screenshots."""
        page = self.page
        # a click that navigates returns once the new page is on its way, not loaded: axe on a
        # page whose style sheet is still coming would see unstyled links
        await page.wait_for_load_state("load")
        options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
        results = await self.axe.run(page, options=options)
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        self.checked[name] = results.violations_count
        await page.screenshot(path=self.screenshots / f"{name}-1280.png", full_page=True)
        await page.set_viewport_size(PHONE)
        overflow = await page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 375 px by {overflow} px"
        await page.screenshot(path=self.screenshots / f"{name}-375.png", full_page=True)
        await page.set_viewport_size(DESKTOP)

    async def sign_in(self, role: str):
        """Sign in through the form (the password field's label is matched exactly: the "Show
        password" button's label contains it too)."""
        page = await self.go("/sign-in")
        await page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
        await page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_url("**/home")
        return page

    async def sign_out(self):
        await self.page.get_by_role("button", name="Sign out").click()
        await self.page.wait_for_url("**/sign-in**")
        return self.page


def run_journey(base: str, screenshots: Path, steps, seconds: int = JOURNEY_SECONDS) -> dict:
    """Run ``steps(visitor)`` in a fresh headless Chromium on a real thread; its failure is raised
    here. Returns the pages axe checked, with their violation counts (all 0)."""
    outcome: dict = {}

    async def run():
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
            )
            context = await browser.new_context(viewport=DESKTOP, accept_downloads=True)
            context.set_default_timeout(15000)
            visitor = Visitor(await context.new_page(), base, screenshots)
            try:
                await steps(visitor)
            finally:
                outcome["checked"] = visitor.checked
                await context.close()
                await browser.close()

    def thread_body():
        try:
            asyncio.run(run())
        except BaseException as problem:  # handed to the test's thread
            outcome["problem"] = problem

    thread = eventlet.patcher.original("threading").Thread(target=thread_body, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"the journey took more than {seconds} s"
    if "problem" in outcome:
        raise outcome["problem"]
    return outcome["checked"]


@pytest.fixture
def journey(web_platform, screenshots):
    """``journey(steps)``: run ``async def steps(visitor)`` in Chromium against the platform."""

    def run(steps, seconds: int = JOURNEY_SECONDS) -> dict:
        return run_journey(web_platform.url, screenshots, steps, seconds)

    return run
