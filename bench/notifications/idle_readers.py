"""Idle inbox readers: ``.venv/bin/python bench/notifications/idle_readers.py``.

BENCH_READERS (30) people keep their inbox open as a web client does: a long poll
``GET /api/v1/me/notifications?after=<their newest entry>&wait=2.5`` after another, for
BENCH_SECONDS (20), while nothing new arrives for them. Their newest entry (the welcome of
registering) is older than the gateway's feed, so each long poll reads the inbox once before
waiting on the feed. Prints how many store reads of the inbox each long poll cost
(counted by the store's profiler) and the CPU the notifications service and the store used. Run it
with ``INBOX_FEED=0`` to compare with long polls that the notifications service waits on.

Same stack as ``booking_to_inbox.py``.
"""

import asyncio
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

from nameko.standalone.rpc import ClusterRpcProxy
from pymongo import MongoClient
from rich.progress import Progress

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from booking_to_inbox import Stack, say, token  # noqa: E402
from rawhttp import Connection  # noqa: E402

READERS = int(os.environ.get("BENCH_READERS", "30"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
DB = "bench_notifications"


async def keep_reading(port: int, tok: str, after: str, until: float, polls: list) -> None:
    conn = await Connection("127.0.0.1", port, tok).open()
    try:
        path = f"/api/v1/me/notifications?per_page=5&wait=2.5&after={quote(after)}"
        while time.monotonic() < until:
            status, page = await conn.request("GET", path)
            if status != 200 or page["items"]:
                raise SystemExit(f"an idle reader got {status}: {page}")
            polls.append(1)
    finally:
        await conn.close()


async def read_idly(port: int, readers: list[tuple[str, str]], seconds: float) -> int:
    """``readers``: (token, the reader's newest entry time)."""
    polls: list = []
    until = time.monotonic() + seconds
    with Progress(transient=True) as progress:
        bar = progress.add_task(f"{len(readers)} idle readers", total=seconds)
        tasks = [
            asyncio.create_task(keep_reading(port, tok, after, until, polls))
            for tok, after in readers
        ]
        while not all(task.done() for task in tasks):
            await asyncio.sleep(0.5)
            progress.update(bar, completed=min(seconds, seconds - (until - time.monotonic())))
        await asyncio.gather(*tasks)
    return len(polls)


def main() -> int:
    stack = Stack()
    feed = os.environ.get("INBOX_FEED", "1") != "0"
    say(f"starting the platform (inbox feed {'on' if feed else 'off'}) ...")
    try:
        stack.start()
        with ClusterRpcProxy({"AMQP_URI": stack.amqp}, timeout=30) as rpc:
            people = [
                rpc.directory.register_person(
                    {"email": f"idle{i}-{stack.vhost}@bench.test", "name": f"Idle {i}"},
                    caller={"id": "bench", "roles": ["coordinator"]},
                )
                for i in range(READERS)
            ]
        readers = []
        with ClusterRpcProxy({"AMQP_URI": stack.amqp}, timeout=30) as rpc:
            for person in people:  # each one's welcome (of registering) is their newest entry
                newest = rpc.notifications.list_inbox(person["id"], {"per_page": 1, "wait": 2.5})
                if not newest["items"]:
                    raise SystemExit(f"no welcome in {person['id']}'s inbox")
                readers.append((token(person), newest["items"][0]["created_at"]))
        asyncio.run(read_idly(stack.port, readers[:1], 0.1))  # the gateway's feed starts
        time.sleep(2)
        with MongoClient(stack.mongo) as client:
            client[DB].command({"profile": 2})
            before, started = stack.cpu_seconds(), time.perf_counter()
            polls = asyncio.run(read_idly(stack.port, readers, SECONDS))
            after_cpu, elapsed = stack.cpu_seconds(), time.perf_counter() - started
            client[DB].command({"profile": 0})
            reads = client[DB]["system.profile"].count_documents(
                {"op": "query", "ns": f"{DB}.inbox"}
            )
        used = {name: after_cpu[name] - before[name] for name in ("notifications", "secantusdb")}
        say(f"{polls} long polls by {READERS} idle readers in {elapsed:.1f} s")
        say(f"store reads of the inbox: {reads}, {reads / max(polls, 1):.2f} per long poll")
        say(
            "CPU (share of one core): "
            + ", ".join(f"{name} {seconds / elapsed:.1%}" for name, seconds in used.items())
        )
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
