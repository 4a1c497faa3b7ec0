"""A latency-injecting HTTP/1.1 server for the check benchmarks, on many loopback addresses.

One asyncio process listens on 127.0.0.1 … 127.0.0.N (same port on each), answers every GET or
HEAD after a fixed delay with a small HTML page, keeps connections alive, and does nothing
else, so that it is never what a benchmark measures. It runs in its own process.

    python benchmarks/latency_server.py --addresses 20 --latency 0.1 --urls 2000 [--articles]

With --articles, /p/<n> is a realistic news article (~4.5 KB: nav, 19 paragraphs, footer)
instead of a one-line page; `article_claim(n)` is the claim the evidence benchmark links to it,
and the article states it almost verbatim when n is even.

prints "ready PORT" on stdout once listening. Paths:
  /p/<n>        a page (after the latency)
  /index.html   links to the URL set (for checkers that crawl a page: linkinator, LinkChecker)
  /urls.txt     the URL set, one per line
  /__stats      {"requests": <page requests answered since start or last reset>}
  /__times      {"arrivals": [<time.monotonic() of each request's arrival since the last reset>]}
  /__reset      zero the counter and forget the arrivals
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import socket
from typing import ClassVar

PAGE = (
    b"<!doctype html><html><head><title>Page</title></head><body><p>Still here.</p></body></html>"
)


_PARAGRAPHS = [
    "City council members met on Tuesday evening to discuss the transport budget for the coming"
    " year, with several residents speaking during the public comment period.",
    "The proposal includes new bus lanes on the main avenues, longer opening hours for the"
    " central library, and a review of parking fees in the old town.",
    "Local businesses have asked for clearer signage during the construction works, which are"
    " expected to disrupt traffic on the riverside road for several months.",
    "A spokesperson for the regional authority declined to comment on the timetable, saying"
    " that the figures were still being checked by independent auditors.",
    "Opposition councillors argued that the consultation had been too short and that the"
    " cost estimates published last spring were already out of date.",
    "The mayor said the plan would be put to a final vote before the end of the month, after"
    " a second round of meetings with the neighbourhood associations.",
    "Cyclists' groups welcomed the new lanes but warned that the junctions near the station"
    " remain dangerous and need a separate redesign.",
    "Budget documents show that maintenance spending has risen every year since 2019, while"
    " the number of passengers has only just returned to its earlier level.",
    "Engineers from the university will monitor the bridge during the works and publish their"
    " measurements on the city's open data portal.",
    "Residents who want to follow the debate can watch the recorded sessions online or read"
    " the minutes, which are usually published within a week.",
]


def article_claim(n: int) -> str:
    return f"Officials reportedly said that bridge project {n} would cost 4.2 million euros."


def article_page(n: int) -> bytes:
    """A few KB of article with boilerplate around it; even pages carry the claim's sentence."""
    body = [_PARAGRAPHS[(n + i) % len(_PARAGRAPHS)] for i in range(18)]
    if n % 2 == 0:
        body.insert(
            5,
            f"According to the council, officials said on Monday that bridge project {n} would"
            " cost 4.2 million euros, more than twice the first estimate.",
        )
    nav = "".join(
        f'<li><a href="/section/{s}">{s.title()}</a></li>'
        for s in ("news", "politics", "business", "sport", "culture", "opinion", "weather")
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Council debates transport budget ({n})</title></head><body>"
        f"<header class='masthead'><nav><ul>{nav}</ul></nav></header>"
        "<main><article><h1>Council debates transport budget</h1>"
        "<p class='byline'>By a staff reporter</p>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in body)
        + "</article></main><aside class='related'><h2>Related</h2><ul>"
        + "".join(f"<li><a href='/p/{n + k}'>More on the budget {k}</a></li>" for k in range(5))
        + "</ul></aside><footer><p>© The Local Gazette. All rights reserved.</p>"
        "<p><a href='/privacy'>Privacy</a> · <a href='/terms'>Terms</a></p></footer>"
        "</body></html>"
    ).encode()


def url_set(count: int, addresses: int, port: int) -> list[str]:
    """The benchmark's URLs, spread round-robin over the addresses."""
    return [f"http://127.0.0.{i % addresses + 1}:{port}/p/{i}" for i in range(count)]


class _Stats:
    requests = 0
    # When each request arrived (the event loop's clock, which is time.monotonic(): the same
    # clock in every process of the machine), pages and everything else alike, since the last
    # reset: a benchmark can tell when a command's first request left and its last one came.
    arrivals: ClassVar[list[float]] = []


def _response(status: str, body: bytes, content_type: str, head_only: bool) -> bytes:
    # "LinkChecker: …" lets LinkChecker exceed its built-in 10 requests/s per host.
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        "LinkChecker: benchmark\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    return head if head_only else head + body


class LatencyProtocol(asyncio.Protocol):
    def __init__(self, latency: float, index: bytes, urls: bytes, articles: bool) -> None:
        self.latency = latency
        self.articles = articles
        self.index = index
        self.urls = urls
        self.buffer = b""
        self.transport: asyncio.Transport | None = None
        self.loop = asyncio.get_running_loop()
        # Answers leave in request order even if a client pipelines.
        self.ready_at = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            request_line = head.split(b"\r\n", 1)[0].split(b" ")
            method = request_line[0]
            path = request_line[1] if len(request_line) > 1 else b"/"
            self._answer(method, path)

    def _answer(self, method: bytes, path: bytes) -> None:
        head_only = method == b"HEAD"
        if not path.startswith(b"/__"):
            _Stats.arrivals.append(self.loop.time())
        if path == b"/index.html":
            self._send(_response("200 OK", self.index, "text/html", head_only), 0.0)
        elif path == b"/urls.txt":
            self._send(_response("200 OK", self.urls, "text/plain", head_only), 0.0)
        elif path == b"/__stats":
            body = json.dumps({"requests": _Stats.requests}).encode()
            self._send(_response("200 OK", body, "application/json", head_only), 0.0)
        elif path == b"/__times":
            body = json.dumps({"arrivals": _Stats.arrivals}).encode()
            self._send(_response("200 OK", body, "application/json", head_only), 0.0)
        elif path == b"/__reset":
            _Stats.requests = 0
            _Stats.arrivals = []
            self._send(_response("200 OK", b"{}", "application/json", head_only), 0.0)
        elif not path.startswith(b"/p/") or not path[3:].isdigit():
            # Unknown paths are really missing, so the checkers' soft-404 probes get a 404.
            self._send(_response("404 Not Found", b"", "text/plain", head_only), self.latency)
        else:
            _Stats.requests += 1
            page = article_page(int(path[3:])) if self.articles else PAGE
            self._send(
                _response("200 OK", page, "text/html; charset=utf-8", head_only), self.latency
            )

    def _send(self, payload: bytes, delay: float) -> None:
        due = max(self.loop.time() + delay, self.ready_at)
        self.ready_at = due
        self.loop.call_at(due, self._write, payload)

    def _write(self, payload: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.transport.write(payload)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None


async def serve(addresses: int, port: int, latency: float, count: int, articles: bool) -> None:
    loop = asyncio.get_running_loop()
    first = socket.socket()
    first.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    first.bind(("127.0.0.1", port))
    port = first.getsockname()[1]
    urls = url_set(count, addresses, port)
    index = (
        "<!doctype html><html><head><title>index</title></head><body>"
        + "".join(f'<a href="{url}">{i}</a>\n' for i, url in enumerate(urls))
        + "</body></html>"
    ).encode()
    listing = ("\n".join(urls) + "\n").encode()

    def factory() -> LatencyProtocol:
        return LatencyProtocol(latency, index, listing, articles)

    servers = [await loop.create_server(factory, sock=first, backlog=1024)]
    for n in range(2, addresses + 1):
        servers.append(
            await loop.create_server(
                factory, f"127.0.0.{n}", port, backlog=1024, reuse_address=True
            )
        )
    print(f"ready {port}", flush=True)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    for server in servers:
        server.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=20)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.1, help="seconds per response")
    parser.add_argument("--urls", type=int, default=2000, help="size of the URL set")
    parser.add_argument("--articles", action="store_true", help="serve article pages")
    args = parser.parse_args()
    asyncio.run(serve(args.addresses, args.port, args.latency, args.urls, args.articles))


if __name__ == "__main__":
    main()
