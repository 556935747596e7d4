"""The coordinator's "Demand by topic" table in headless Chromium at a phone's, a tablet's and a
desktop's width: no column heading is broken mid-word (each word of a visible heading on one
line; on a phone each value's label on one line), the table is no wider than the column it sits
in, and axe (WCAG 2.2 A and AA) finds nothing. Screenshots: var/screenshots/demand-table-*.png."""

import uuid

from playwright.async_api import expect

from support.platform import DEMO_ACCOUNTS

WIDTHS = (375, 641, 1280)  # a phone, the tablet breakpoint, a desktop

# For the table: the words of its visible headings that span more than one line, the cells whose
# label and value take more than one line, its widths and the room its container gives it.
MEASURE = """(table) => {
  const broken = [];
  for (const cell of table.querySelectorAll("th")) {
    if (cell.getBoundingClientRect().width <= 1) continue;  // visually hidden
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0)
          .map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  const wrapped = [];
  for (const cell of table.querySelectorAll("td[data-label]")) {
    const style = getComputedStyle(cell);
    if (style.display === "table-cell") continue;  // labelled by the column heading
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const inner = cell.clientHeight - padding;
    if (inner > parseFloat(style.lineHeight) * 1.5) wrapped.push(cell.dataset.label);
  }
  const box = getComputedStyle(table.parentElement);
  const room = table.parentElement.clientWidth - parseFloat(box.paddingLeft)
    - parseFloat(box.paddingRight);
  return {broken, wrapped, scroll: table.scrollWidth, width: table.offsetWidth, room};
}"""


def test_demand_headings_never_break_mid_word(web_platform, journey):
    topic = f"Special educational needs and disabilities {uuid.uuid4().hex[:6]}"
    teacher = web_platform.client(DEMO_ACCOUNTS["teacher"])
    asked = teacher.post(
        "/api/v1/training-requests",
        json={"topic": topic, "phase": "Primary", "reason": "Rising numbers"},
    )
    assert asked.status_code == 201, asked.text
    measured: dict = {}

    async def steps(visitor):
        page = await visitor.sign_in("coordinator")
        await visitor.go("/manage/demand")
        table = page.locator("table", has_text="Demand by topic")
        await expect(table).to_contain_text(topic)
        for width in WIDTHS:
            await page.set_viewport_size({"width": width, "height": 900})
            measured[width] = await table.evaluate(MEASURE)
        await page.set_viewport_size({"width": 1280, "height": 900})
        await visitor.check("demand-table")  # axe, no sideways scroll, screenshots at 1280 and 375

    checked = journey(steps)
    assert checked == {"demand-table": 0}
    for width, found in measured.items():  # (every width's figures in the message)
        assert found["broken"] == [], f"headings broken mid-word at {width} px: {measured}"
        assert found["wrapped"] == [], f"labels wrapped at {width} px: {measured}"
        assert found["scroll"] <= found["room"], f"wider than its column at {width} px: {measured}"
        assert found["width"] <= found["room"], f"wider than its column at {width} px: {measured}"
