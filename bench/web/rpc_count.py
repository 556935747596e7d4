"""How many RPCs the gateway makes to serve one page.

The gateway's own Flask app (``gateway.app.create_app``) is made in this process, on the same
broker vhost and secret as the gateway being measured, so the same page code calls the same
running services. Its RPC client (``gateway.rpc.RpcClient._send``, which every ``call``, every
call of a ``call_all`` and every batched call goes through) notes each call sent on the thread
serving the request; the feeds'
background threads are not counted. The filter lists the pages remember for a few seconds
(``gateway.web.reference``) are forgotten before each count, so a page is counted as it is when
they are not fresh. The session feed is synced with the directory before
counting, as it is in a gateway that has been up for a moment, so a page is not charged for
resolving its token.
"""

import cProfile
import io
import os
import pstats
import re
import threading
import time

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def csrf_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    found = CSRF.search(html)
    if found is None:
        raise SystemExit("no csrf_token on the sign-in page")
    return found.group(1)


class RpcCounter:
    """``RpcCounter(env, email, password).count("/home")`` -> the RPCs (``service.method``)
    made for one ``GET /home`` by the person signed in."""

    def __init__(self, env: dict, email: str, password: str):
        for key in ("AMQP_URI", "JWT_SECRET"):
            os.environ[key] = env[key]
        os.environ["RPC_POOL_SIZE"] = "4"
        from gateway import rpc
        from gateway.app import create_app

        self.calls: list[str] = []
        self._thread: int | None = None
        original = rpc.RpcClient._send

        def counting(client, service, method, *args, **kwargs):
            if threading.get_ident() == self._thread:
                self.calls.append(f"{service}.{method}")
            return original(client, service, method, *args, **kwargs)

        rpc.RpcClient._send = counting
        self.app = create_app()
        self.client = self.app.test_client()
        form = self.client.get("/sign-in").get_data(as_text=True)
        signed = self.client.post(
            "/sign-in",
            data={"email": email, "password": password, "csrf_token": csrf_token(form)},
        )
        if signed.status_code != 302:
            raise SystemExit(f"in-process sign-in failed: HTTP {signed.status_code}")
        self.client.get("/home")  # starts the feeds
        self._wait_for_feed()

    def _wait_for_feed(self, seconds: float = 30) -> None:
        feed = self.app.extensions.get("session_feed")
        until = time.monotonic() + seconds
        while feed is not None and not feed.revocations.synced:
            if time.monotonic() > until:
                raise SystemExit("the in-process session feed did not sync")
            time.sleep(0.1)

    def count(self, path: str) -> list[str]:
        self.calls = []
        self.app.extensions["reference"].forget()  # count the lists a page may ask for too
        self._thread = threading.get_ident()
        try:
            answer = self.client.get(path)
        finally:
            self._thread = None
        if answer.status_code != 200:
            raise SystemExit(f"in-process GET {path}: HTTP {answer.status_code}")
        return self.calls

    def profile(self, path: str, times: int, say, top: int = 25) -> None:
        """``BENCH_PROFILE``: ``times`` fetches of ``path`` in this process, one at a time,
        under cProfile; prints the mean time per fetch and the functions that took longest
        themselves (waiting for the services' replies shows as the socket's ``recv``/``poll``)."""
        profiler = cProfile.Profile()
        began = time.perf_counter()
        profiler.enable()
        for _ in range(times):
            self.client.get(path)
        profiler.disable()
        took = (time.perf_counter() - began) * 1000 / times
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        say(f"profile of GET {path}: {took:.1f} ms a fetch (in-process, profiled)")
        for line in out.getvalue().splitlines():
            if line.strip():
                say("  " + line)

    def survey(self, api, url: str, pages: dict) -> dict[str, tuple[str, list[str], int]]:
        """For each page (name: (path, API paths)): its path, RPCs and the rows it shows, as
        the items of the first of its API calls (fetched by ``api``) that lists any."""
        found = {}
        for name, (path, api_paths) in pages.items():
            rows = 0
            for api_path in api_paths:
                body = api.get(url + api_path, timeout=60).json()
                if isinstance(body, dict) and "items" in body:
                    rows = len(body["items"])
                    break
            found[name] = (path, self.count(path), rows)
        return found

    @staticmethod
    def report(before: dict, after: dict, say) -> bool:
        """Print RPCs and rows per page at both moments; True when every route (a page path,
        whatever its query) makes the same number of RPCs whatever the rows."""
        say("RPCs the gateway makes for one page (rows shown), before -> after more data:")
        by_route: dict[str, set[int]] = {}
        for name, (path, calls, rows) in after.items():
            _, was_calls, was_rows = before[name]
            by_route.setdefault(path.split("?")[0], set()).update({len(was_calls), len(calls)})
            say(
                f"  {name:18} {len(was_calls)} RPCs ({was_rows:3d} rows) -> "
                f"{len(calls)} RPCs ({rows:3d} rows): {', '.join(calls)}"
            )
        grown = sorted(route for route, counts in by_route.items() if len(counts) > 1)
        if grown:
            say(f"RPC count changes with the rows on: {', '.join(grown)}")
        else:
            say("RPC count per page does not grow with the rows shown (every page, every query)")
        return not grown
