"""Real local HTTP servers for tests: scripted routes on 127.0.0.x, no mocks.

Typical use::

    from tests.servers import Reply, redirect, running_server

    with running_server(routes={"/": Reply(body="hi"), "/old": redirect("/")}) as server:
        fetcher.fetch(server.url("/old"))
        assert server.hits["/"] == 1

A route maps a path to a :class:`Reply` or to a callable ``(Request) -> Reply`` for dynamic
answers. Lookup order: the exact path with its query, the path without query, then the longest
prefix key ending in ``*`` (``"/web/*"``), then ``default`` (a plain 404 unless given).

Every address in 127.0.0.0/8 is loopback on Linux, so ``running_server(host="127.0.0.2")`` gives a
second "site" with its own host name for redirect-to-other-host and SSRF tests.
``running_raw_server`` hands over the bare socket for answers that are not valid HTTP at all.
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import json
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "LocalServer",
    "RawServer",
    "Reply",
    "Request",
    "Route",
    "SavePageNow",
    "drip",
    "endless",
    "gzip_bomb",
    "read_request_head",
    "redirect",
    "reset_mid_body",
    "running_raw_server",
    "running_server",
    "sequence",
    "unused_port",
]


@dataclass(frozen=True)
class Request:
    """What the server saw; header names are lower case."""

    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes = b""
    client_port: int = 0  # one value per TCP connection: shows keep-alive reuse

    @property
    def path_only(self) -> str:
        return self.path.split("?", 1)[0]

    @property
    def query(self) -> str:
        return self.path.split("?", 1)[1] if "?" in self.path else ""


@dataclass(frozen=True)
class Reply:
    """A scripted answer. Only one of the body modes (drip/endless/gzip_bomb/reset) at a time."""

    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: Mapping[str, str] | Sequence[tuple[str, str]] = ()
    delay: float = 0.0  # seconds before the status line
    drip_interval: float | None = None  # seconds between single body bytes
    endless: bool = False  # stream filler bytes until the client goes away
    gzip_bomb_bytes: int | None = None  # stream this many bytes of gzip-compressed zeros
    reset_after: int | None = None  # send this many body bytes, then a TCP reset
    gzip: bool = False  # send the body gzip-compressed
    chunked: bool = False  # Transfer-Encoding: chunked instead of Content-Length

    def body_bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body

    def header_items(self) -> list[tuple[str, str]]:
        items = self.headers.items() if isinstance(self.headers, Mapping) else self.headers
        return list(items)


Route = Reply | Callable[[Request], Reply]


def redirect(location: str, status: int = 302, **kwargs: Any) -> Reply:
    return Reply(status=status, headers={"Location": location}, body=b"", **kwargs)


def drip(body: bytes | str, interval: float = 1.0, **kwargs: Any) -> Reply:
    return Reply(body=body, drip_interval=interval, **kwargs)


def endless(**kwargs: Any) -> Reply:
    return Reply(endless=True, content_type=kwargs.pop("content_type", "text/plain"), **kwargs)


def gzip_bomb(compressed_bytes: int = 10 * 1024 * 1024, **kwargs: Any) -> Reply:
    return Reply(
        gzip_bomb_bytes=compressed_bytes,
        content_type=kwargs.pop("content_type", "text/plain"),
        **kwargs,
    )


def reset_mid_body(body: bytes | str = b"x" * 10_000, after: int = 100, **kwargs: Any) -> Reply:
    return Reply(body=body, reset_after=after, **kwargs)


def sequence(*replies: Reply) -> Callable[[Request], Reply]:
    """Answer with each reply in turn, then keep repeating the last one (e.g. 500 then 200)."""
    iterator = itertools.chain(replies, itertools.repeat(replies[-1]))
    lock = threading.Lock()

    def answer(_request: Request) -> Reply:
        with lock:
            return next(iterator)

    return answer


_NOT_FOUND = Reply(status=404, body="<html><title>404 Not Found</title>Not Found</html>")
_FILL = b"a" * 65536
_ZEROS = bytes(1024 * 1024)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, the body would wait for a
    # delayed ACK (40 ms) and every test and benchmark would measure that instead.
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_HEAD(self) -> None:
        self._answer()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            self.command,
            self.path,
            {k.lower(): v for k, v in self.headers.items()},
            body,
            self.client_address[1],
        )
        owner = self.server.owner
        owner.record(request)
        reply = owner.route_for(request)
        try:
            self._send(reply, request)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _send(self, reply: Reply, request: Request) -> None:
        stopping = self.server.owner.stopping
        if reply.delay and stopping.wait(reply.delay):
            self.close_connection = True
            return
        body = reply.body_bytes()
        if reply.gzip:
            body = gzip.compress(body)
        self.send_response_only(reply.status)
        names = {name.lower() for name, _ in reply.header_items()}
        if "server" not in names:
            self.send_header("Server", "claims-tracker-test-server")
        if "date" not in names:
            self.send_header("Date", self.date_time_string())
        for name, value in reply.header_items():
            self.send_header(name, value)
        if reply.content_type and "content-type" not in names:
            self.send_header("Content-Type", reply.content_type)
        if reply.gzip:
            self.send_header("Content-Encoding", "gzip")
        streaming = reply.endless or reply.gzip_bomb_bytes is not None
        if streaming:
            if reply.gzip_bomb_bytes is not None:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Connection", "close")
            self.close_connection = True
        elif reply.chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if request.method == "HEAD":
            return
        if reply.endless:
            while not stopping.is_set():
                self.wfile.write(_FILL)
        elif reply.gzip_bomb_bytes is not None:
            self._send_gzip_bomb(reply.gzip_bomb_bytes, stopping)
        elif reply.reset_after is not None:
            self.wfile.write(body[: reply.reset_after])
            self.wfile.flush()
            time.sleep(0.05)  # let the client get into the body before the reset
            self._reset()
        elif reply.drip_interval is not None:
            for i in range(len(body)):
                self.wfile.write(body[i : i + 1])
                self.wfile.flush()
                if stopping.wait(reply.drip_interval):
                    break
        elif reply.chunked:
            for start in range(0, len(body), 1000):
                piece = body[start : start + 1000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def _send_gzip_bomb(self, limit: int, stopping: threading.Event) -> None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        sent = 0
        while sent < limit and not stopping.is_set():
            piece = compressor.compress(_ZEROS) or compressor.flush(zlib.Z_SYNC_FLUSH)
            self.wfile.write(piece)
            sent += len(piece)

    def _reset(self) -> None:
        # SO_LINGER with a zero timeout turns close() into a RST; every file object on the
        # socket must be closed too, or the kernel never sees the close.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.wfile.flush()
        self.rfile.close()
        self.wfile.close()
        self.connection.close()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    owner: LocalServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up mid-answer is the point of many tests


@dataclass
class LocalServer:
    """A running server: ``url(path)``, ``host``, ``port``, ``hits`` (per path), ``requests``."""

    host: str
    routes: dict[str, Route]
    default: Route = _NOT_FOUND
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    requests: list[Request] = field(default_factory=list)
    stopping: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + (path if path.startswith("/") else "/" + path)

    def set_route(self, path: str, route: Route) -> None:
        with self._lock:
            self.routes[path] = route

    def record(self, request: Request) -> None:
        with self._lock:
            self.hits[request.path_only] += 1
            self.requests.append(request)

    def requests_to(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.path_only == path]

    def route_for(self, request: Request) -> Reply:
        with self._lock:
            route = self.routes.get(request.path) or self.routes.get(request.path_only)
            if route is None:
                prefixes = [
                    key
                    for key in self.routes
                    if key.endswith("*") and request.path.startswith(key[:-1])
                ]
                route = self.routes[max(prefixes, key=len)] if prefixes else self.default
        return route(request) if callable(route) else route


@contextlib.contextmanager
def running_server(
    host: str = "127.0.0.1",
    routes: Mapping[str, Route] | None = None,
    *,
    default: Route | None = None,
    port: int = 0,
) -> Iterator[LocalServer]:
    """Serve ``routes`` on ``host`` in a background thread for the duration of the block."""
    owner = LocalServer(
        host=host, routes=dict(routes or {}), default=default if default is not None else _NOT_FOUND
    )
    server = _Server((host, port), _Handler)
    server.owner = owner
    owner.port = server.server_address[1]
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name=f"test-server-{host}:{owner.port}",
        daemon=True,
    )
    thread.start()
    try:
        yield owner
    finally:
        owner.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- an archive


class SavePageNow:
    """Routes that speak the Wayback Machine's Save Page Now API, scripted.

    ``POST /save`` (form ``url``, header ``Authorization: LOW access:secret``) takes a capture
    job: ``{"url", "job_id"}``. ``GET /save/status/<job_id>`` answers ``{"status": "pending"}``
    ``polls`` times, then success with ``timestamp``, or the error scripted for the URL in
    ``job_errors``. ``refusals`` are errors at the request itself; the first ``busy`` requests
    get 429 with ``Retry-After: 1``; wrong keys get 401. With ``at_once``, a request is answered
    with a capture straight away (as the archive does when it has a recent one), no job.
    ``forms`` keeps each request's form.

    Serve with ``running_server(host, SavePageNow().routes())``.
    """

    def __init__(
        self,
        keys: tuple[str, str] = ("access", "secret"),
        *,
        timestamp: str = "20260301120000",
        polls: int = 1,
        busy: int = 0,
        job_errors: Mapping[str, str] | None = None,
        refusals: Mapping[str, str] | None = None,
        at_once: bool = False,
    ) -> None:
        self.authorization = f"LOW {keys[0]}:{keys[1]}"
        self.timestamp = timestamp
        self.polls = polls
        self.busy = busy
        self.job_errors = dict(job_errors or {})
        self.refusals = dict(refusals or {})
        self.at_once = at_once
        self.forms: list[dict[str, str]] = []
        self.jobs: dict[str, str] = {}  # job id → URL
        self.status_calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def routes(self) -> dict[str, Route]:
        return {"/save": self._save, "/save/status/*": self._status}

    def _save(self, request: Request) -> Reply:
        if request.method != "POST":
            return Reply(status=405)
        if request.headers.get("authorization") != self.authorization:
            return _json(401, {"message": "You need to be logged in to use Save Page Now."})
        with self._lock:
            form = {k: v[0] for k, v in parse_qs(request.body.decode("ascii")).items()}
            self.forms.append(form)
            if self.busy > 0:
                self.busy -= 1
                return _json(429, {"message": "Too many captures."}, {"Retry-After": "1"})
            url = form.get("url", "")
            if url in self.refusals:
                code = self.refusals[url]
                return _json(200, {"status": "error", "status_ext": code, "message": code})
            if self.at_once:
                return _json(200, {"url": url, "original_url": url, "timestamp": self.timestamp})
            job_id = f"spn2-{len(self.jobs) + 1:04x}"
            self.jobs[job_id] = url
        return _json(200, {"url": url, "job_id": job_id})

    def _status(self, request: Request) -> Reply:
        if request.headers.get("authorization") != self.authorization:
            return _json(401, {"message": "You need to be logged in to use Save Page Now."})
        job_id = request.path_only.rsplit("/", 1)[1]
        with self._lock:
            url = self.jobs.get(job_id)
            self.status_calls[job_id] += 1
            calls = self.status_calls[job_id]
        if url is None:
            return _json(
                200, {"status": "error", "status_ext": "error:not-found", "job_id": job_id}
            )
        if calls <= self.polls:
            return _json(200, {"status": "pending", "job_id": job_id, "resources": []})
        if url in self.job_errors:
            code = self.job_errors[url]
            return _json(200, {"status": "error", "status_ext": code, "job_id": job_id})
        return _json(
            200,
            {
                "status": "success",
                "job_id": job_id,
                "original_url": url,
                "timestamp": self.timestamp,
                "duration_sec": 6.2,
            },
        )


def _json(status: int, document: object, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(
        status=status,
        body=json.dumps(document),
        content_type="application/json",
        headers=dict(headers or {}),
    )


# --------------------------------------------------------------------------- raw sockets


@dataclass
class RawServer:
    host: str
    port: int
    connections: int = 0

    def url(self, path: str = "/", scheme: str = "http") -> str:
        return f"{scheme}://{self.host}:{self.port}{path}"


def read_request_head(conn: socket.socket, limit: int = 65536) -> bytes:
    """Read up to the blank line that ends an HTTP request head (or until ``limit``)."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < limit:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@contextlib.contextmanager
def running_raw_server(
    handler: Callable[[socket.socket], None], host: str = "127.0.0.1"
) -> Iterator[RawServer]:
    """Accept connections and give each socket to ``handler`` in its own thread.

    The handler owns the conversation (it usually starts with ``read_request_head``); the socket
    is closed when it returns.
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, 0))
    listener.listen(64)
    listener.settimeout(0.05)
    info = RawServer(host=host, port=listener.getsockname()[1])
    stopping = threading.Event()

    def serve_one(conn: socket.socket) -> None:
        with contextlib.suppress(OSError), conn:
            handler(conn)

    def accept_loop() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            info.connections += 1
            conn.settimeout(10)
            threading.Thread(target=serve_one, args=(conn,), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield info
    finally:
        stopping.set()
        thread.join(timeout=5)
        listener.close()


def unused_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on (bound then released), for connection-refused tests."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        port: int = probe.getsockname()[1]
    return port
