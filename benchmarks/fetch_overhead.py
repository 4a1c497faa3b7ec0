"""Per-fetch overhead of one Fetcher, sequential, against a zero-latency local server.

Usage (from the repository root): python -m benchmarks.fetch_overhead [N]

The server runs in a separate process (asyncio, keep-alive, a fixed 2 KB HTML page) so that the
numbers measure the client. Plain ``requests.Session.get`` is printed alongside for scale; the
Fetcher does more per request (address guard, deadline, decoding, hashing, title) and should
still cost no more CPU than it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

import requests

from claims_tracker.fetch import Fetcher, FetchSettings

SERVER = r"""
import asyncio, sys
BODY = b"<html><head><title>Bench</title></head><body>" + b"x" * 2000 + b"</body></html>"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: %d\r\n\r\n"
RESPONSE = HEAD % len(BODY) + BODY

async def handle(reader, writer):
    try:
        while True:
            await reader.readuntil(b"\r\n\r\n")
            writer.write(RESPONSE)
            await writer.drain()
    except Exception:
        pass
    writer.close()

async def main():
    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()

asyncio.run(main())
"""


def measure(name: str, fetch_once: Callable[[], object], count: int) -> None:
    for _ in range(min(200, count)):
        fetch_once()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        fetch_once()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{name:<28} {count / wall:8.0f} fetches/s   {cpu / count * 1e6:6.0f} µs CPU/fetch")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = f"http://127.0.0.1:{server.stdout.readline().strip()}/page"
        with Fetcher(FetchSettings(allow_private=True)) as fetcher:
            result = fetcher.fetch(url)
            if not result.ok or result.title != "Bench":
                raise SystemExit(f"benchmark server answered unexpectedly: {result}")
            measure("Fetcher.fetch", lambda: fetcher.fetch(url), count)
        with requests.Session() as session:
            session.trust_env = False
            measure("requests.Session.get", lambda: session.get(url, timeout=10).content, count)
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
