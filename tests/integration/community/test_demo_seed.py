"""`community seed-demo` (run by `make run` and the test platform before the services start)
publishes the demo school's showcase entry with its photo, once however often it runs, and the
running service shows it to anyone."""

import base64
import subprocess
import sys
from pathlib import Path

from community import demo

BIN = Path(sys.executable).parent


def _seed(mongo_uri: str, db: str) -> str:
    out = subprocess.run(
        [str(BIN / "community"), "seed-demo", "--mongo-uri", mongo_uri, "--db", db],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return out.stdout.strip()


def test_the_demo_showcase_is_seeded_once_and_shown_with_its_photo(
    service_config, container_factory, rpc, mongo_uri
):
    config = service_config("community")
    assert _seed(mongo_uri, config["MONGO_DB"]) == "community demo: 1 showcase entry"
    assert _seed(mongo_uri, config["MONGO_DB"]) == "community demo: 1 showcase entry"

    from community.service import CommunityService

    container_factory(CommunityService, config).start()
    entries = rpc.community.list_showcase(demo.DEMO_SCHOOL_URN)["items"]
    assert [entry["title"] for entry in entries] == [demo.TITLE]
    photo = entries[0]["photos"][0]
    assert photo["content_type"] == "image/png" and photo["description"]
    got = rpc.community.get_showcase_photo(entries[0]["id"], photo["id"])
    assert base64.b64decode(got["content"]).startswith(b"\x89PNG")
