"""A raw asyncio HTTP/1.1 load generator: keep-alive connections, one request in flight each, no
client library in the way (httpx at 500 concurrent requests is itself the bottleneck)."""

import asyncio
import json
import time


class Result:
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.bodies: list[dict] = []
        self.elapsed = 0.0

    def add(self, status: int, latency: float, body: dict) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1
        self.latencies.append(latency)
        self.bodies.append(body)

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0


async def _read_response(reader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await reader.readexactly(length) if length else b""
    return status, body


def _request(host: str, port: int, path: str, token: str, body: dict) -> bytes:
    payload = json.dumps(body).encode()
    return (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    ).encode() + payload


async def _worker(host, port, jobs: asyncio.Queue, result: Result, start: asyncio.Event):
    reader, writer = await asyncio.open_connection(host, port)
    await start.wait()
    try:
        while True:
            try:
                path, token, body = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            began = time.perf_counter()
            writer.write(_request(host, port, path, token, body))
            await writer.drain()
            status, raw = await _read_response(reader)
            latency = time.perf_counter() - began
            try:
                parsed = json.loads(raw) if raw else {}
            except ValueError:
                parsed = {}
            result.add(status, latency, parsed)
    finally:
        writer.close()


async def _run(host, port, requests, connections) -> Result:
    jobs: asyncio.Queue = asyncio.Queue()
    for job in requests:
        jobs.put_nowait(job)
    result = Result()
    start = asyncio.Event()
    workers = [
        asyncio.create_task(_worker(host, port, jobs, result, start))
        for _ in range(min(connections, len(requests)))
    ]
    await asyncio.sleep(0.3)  # let every connection open before the burst
    began = time.perf_counter()
    start.set()
    await asyncio.gather(*workers)
    result.elapsed = time.perf_counter() - began
    return result


def post_many(host: str, port: int, requests: list, connections: int) -> Result:
    """POST each ``(path, token, json body)`` over ``connections`` keep-alive connections."""
    return asyncio.run(_run(host, port, requests, connections))
