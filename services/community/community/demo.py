"""The demo's sharing on the public website: a showcase entry of the demo school (Northshore
Primary, URN 900001) with a photo drawn here, so that `make run` shows a school's showcase page.
Idempotent: an entry already there (by its title) is left as it is."""

import base64
import io

from PIL import Image, ImageDraw

from community import showcases
from community.storage import ShowcaseEntry

DEMO_SCHOOL_URN = 900001
TITLE = "Forest school every Friday afternoon"
TEXT = """Every class spends Friday afternoon in the wood behind the school field.

- Reception and Year 1 build dens and hunt for minibeasts.
- Year 4 keep a nature journal through the seasons.
- Year 6 plan and lead a session for the younger children.

We share our risk assessments and planning with any school in the partnership: ask our
deputy head through the support directory."""
PHOTO_DESCRIPTION = "A drawing of trees beside a den made of branches"


def photo() -> bytes:
    """A small drawing of a wood and a den (PNG): demo data made here, nobody's photo."""
    image = Image.new("RGB", (640, 400), (200, 228, 244))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 400), fill=(96, 150, 72))
    for x in (60, 180, 470, 590):
        draw.rectangle((x - 10, 200, x + 10, 310), fill=(110, 76, 48))
        draw.ellipse((x - 60, 110, x + 60, 230), fill=(40, 112, 56))
    draw.polygon([(250, 310), (330, 190), (410, 310)], fill=(140, 98, 60))
    draw.polygon([(305, 310), (330, 260), (355, 310)], fill=(60, 40, 24))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def seed(max_bytes: int) -> int:
    """Publish the demo entry unless it is there; the number of demo entries afterwards."""
    found = ShowcaseEntry.objects(school_urn=DEMO_SCHOOL_URN, title=TITLE)
    if not found.count():
        data = {
            "title": TITLE,
            "text": TEXT,
            "photos": [
                {
                    "filename": "forest-school.png",
                    "content": base64.b64encode(photo()).decode("ascii"),
                    "description": PHOTO_DESCRIPTION,
                }
            ],
        }
        showcases.store_entry(DEMO_SCHOOL_URN, data, "demo", max_bytes)
    return ShowcaseEntry.objects(school_urn=DEMO_SCHOOL_URN, title=TITLE).count()
