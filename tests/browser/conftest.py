"""Browser tier: the whole platform runs for real (as in the end-to-end tier) and Debian's headless
Chromium, driven by Playwright, uses its web pages; axe checks every page visited."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from support.platform import DEMO_ACCOUNTS, DEMO_PASSWORD, ROOT, Platform
from support.waiting import free_port

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@pytest.fixture(scope="session")
def web_platform(vhost_pipeline, request, mongo_uri, tmp_path_factory):
    """The running platform for the browser tests (demo data seeded)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    logs = tmp_path_factory.mktemp("browser-platform-logs")
    amqp = urlparse(request.config.getoption("RABBIT_AMQP_URI"))
    with vhost_pipeline.get() as vhost:
        running = Platform(f"amqp://{amqp.netloc}/{vhost}", mongo_uri, logs)
        # no SMTP server in this process: its asyncio loop and Playwright's would share one
        # eventlet-patched thread and stall each other; mail goes to a closed port here
        running.mailbox.start = lambda: running.mailbox
        running.mailbox.stop = lambda: None
        running.env["SMTP_PORT"] = str(free_port())
        try:
            yield running.start()
        finally:
            running.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        yield launched
        launched.close()


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
    """One browser user: visits pages, checks each with axe and at 375 px, takes screenshots."""

    def __init__(self, page, base: str, screenshots: Path):
        self.page = page
        self.base = base
        self.screenshots = screenshots
        self.axe = Axe()
        self.checked: dict[str, int] = {}

    def go(self, path: str):
        self.page.goto(self.base + path)
        return self.page

    def check(self, name: str) -> None:
        """axe (WCAG 2.2 A and AA) reports nothing, no sideways scroll at 375 px, screenshots."""
        page = self.page
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        assert results.violations_count == 0, f"{name}: {results.generate_report()}"
        self.checked[name] = results.violations_count
        page.screenshot(path=self.screenshots / f"{name}-1280.png", full_page=True)
        page.set_viewport_size(PHONE)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways at 375 px by {overflow} px"
        page.screenshot(path=self.screenshots / f"{name}-375.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    def sign_in(self, role: str) -> None:
        page = self.go("/sign-in")
        page.get_by_label("Email").fill(DEMO_ACCOUNTS[role])
        page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/home")


@pytest.fixture
def visitor(browser, web_platform, screenshots):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        yield Visitor(page, web_platform.url, screenshots)
    finally:
        context.close()
