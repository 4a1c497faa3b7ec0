"""One HTTP fetch: limits, redirects, SSRF guard, robots → a FetchResult (no DB, no output).

A :class:`Fetcher` owns one ``requests.Session`` and is meant to be used by one thread at a time
(the checker creates one per worker). ``Fetcher.fetch`` never raises for network or content
problems: every failure becomes an :class:`ErrorKind` on the result.

Safety properties, and where they are enforced:

* Only http and https URLs are fetched, on every hop (``validate_http_url``).
* SSRF: before every hop the host is resolved and refused if *any* address is not public
  (``is_public_address``). The connection layer connects only to the addresses that passed that
  check (``_GuardedConnectionMixin``), so a DNS answer that changes between the check and the
  connect (DNS rebinding) cannot smuggle in a private address.
* Limits: the byte cap applies to *decoded* bytes (we decompress ourselves, bounded per call, so
  a gzip bomb stops at the cap); the total deadline is checked before every socket read, headers
  included, so a server dripping one byte a second cannot hold a worker past it.

Caches (per Fetcher, never shared): resolved-and-validated addresses per host for
``FetchSettings.dns_cache_ttl`` seconds, and parsed robots.txt per origin when
``respect_robots`` is on.
"""

from __future__ import annotations

import codecs
import email.utils
import enum
import hashlib
import html
import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final
from urllib.parse import urlencode, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import charset_normalizer
import idna
import requests
import requests.adapters
import requests.cookies
import requests.utils
import urllib3.connection
import urllib3.connectionpool
import urllib3.exceptions

from claims_tracker import pdf
from claims_tracker.config import FetchSettings, Settings

__all__ = [
    "ErrorKind",
    "FetchResult",
    "FetchSettings",
    "Fetcher",
    "Hop",
    "Resolver",
    "UnsupportedURLError",
    "is_public_address",
    "parse_retry_after",
    "system_resolver",
    "validate_http_url",
]


class ErrorKind(enum.StrEnum):
    DNS = "dns"
    REFUSED = "refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    RESET = "reset"
    TOO_LARGE = "too_large"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    REDIRECT_LOOP = "redirect_loop"
    BLOCKED_PRIVATE = "blocked_private"
    UNSUPPORTED_SCHEME = "unsupported_scheme"
    ROBOTS = "robots"
    INVALID_URL = "invalid_url"
    CONNECTION = "connection"


def fetch_settings_for(settings: Settings) -> FetchSettings:
    """The fetch limits of the application settings (one place maps the one onto the other)."""
    return FetchSettings(
        connect_timeout=settings.connect_timeout,
        read_timeout=settings.read_timeout,
        total_deadline=settings.total_deadline,
        max_bytes=settings.max_bytes,
        max_redirects=settings.max_redirects,
        allow_private=settings.allow_private,
        respect_robots=settings.respect_robots,
        user_agent=settings.user_agent,
        user_agent_by_host=settings.user_agent_by_host,
        read_pdfs=settings.read_pdfs,
    )


@dataclass(frozen=True, slots=True)
class Hop:
    url: str
    status: int
    # The page moved us on with a refresh (a <meta http-equiv="refresh"> tag or a Refresh
    # header) rather than an HTTP redirect.
    refresh: bool = False


@dataclass(frozen=True, slots=True)
class FetchResult:
    requested_url: str
    final_url: str
    redirects: tuple[Hop, ...]
    status: int | None
    error_kind: ErrorKind | None
    # The specifics (which URL, host or limit), never the kind again: readers see both together.
    error_detail: str | None
    elapsed_ms: int
    content_type: str | None
    content_length: int | None
    body: bytes | None
    text: str | None
    sha256: str | None
    title: str | None
    headers: Mapping[str, str]
    retry_after: float | None
    truncated: bool

    @property
    def ok(self) -> bool:
        return self.error_kind is None and self.status is not None and 200 <= self.status < 300


_URL_ERROR_PREFIXES: Final = {
    ErrorKind.INVALID_URL: "invalid URL",
    ErrorKind.UNSUPPORTED_SCHEME: "unsupported URL scheme (only http and https are checked)",
}


class UnsupportedURLError(ValueError):
    """A URL the fetcher will not request; ``kind`` says whether the scheme or the syntax is bad.

    ``detail`` is what is wrong without the kind (it becomes ``FetchResult.error_detail``, which
    sits beside the kind); the message says both.
    """

    def __init__(self, detail: str, kind: ErrorKind) -> None:
        super().__init__(f"{_URL_ERROR_PREFIXES[kind]}: {detail}")
        self.detail = detail
        self.kind = kind


Resolver = Callable[[str], Sequence[str]]
"""Host name → IP address strings. Injectable so tests can point names at loopback."""

_KEPT_HEADERS: Final = (
    "retry-after",
    "cf-mitigated",
    "location",
    "content-type",
    "server",
    "x-robots-tag",
    "last-modified",
    "refresh",
)
_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_READ_CHUNK: Final = 64 * 1024
# Redirect bodies are read (to reuse the connection) only up to this much.
_REDIRECT_BODY_LIMIT: Final = 64 * 1024
_ROBOTS_MAX_BYTES: Final = 512 * 1024  # RFC 9309 asks parsers to handle at least 500 KiB
_DETAIL_MAX: Final = 300
_TITLE_SCAN: Final = 256 * 1024
_META_SCAN: Final = 4096
# A refresh is followed like a redirect when it moves on within this many seconds; a longer one
# is a page reloading itself for readers (a live blog, a front page), not a move.
_REFRESH_MAX_DELAY: Final = 30.0
_REFRESH_SCAN: Final = 64 * 1024
_DETECT_SAMPLE: Final = 64 * 1024

_NAT64_WELL_KNOWN: Final = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL_USE: Final = ipaddress.IPv6Network("64:ff9b:1::/48")

_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([\w.:+-]+)""", re.IGNORECASE)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_WHITESPACE = re.compile(r"\s+")
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_HTTP_EQUIV_REFRESH = re.compile(r"""http-equiv\s*=\s*["']?\s*refresh\b""", re.IGNORECASE)
_CONTENT_ATTRIBUTE = re.compile(
    r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE
)
# Where a browser ignores a meta tag: comments, and <noscript> (a browser running scripts
# never sees it; pages use it to send script-less visitors elsewhere).
_UNSEEN_MARKUP = re.compile(r"<!--.*?-->|<noscript\b.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
# The content of a refresh, as the HTML standard parses it: seconds, then an optional URL
# after ";" or ",", itself optionally after "url=" and in quotes.
_REFRESH_VALUE = re.compile(
    r"""\s*(\d+(?:\.\d*)?|\.\d+)[\d.]*(?:(?:\s*[;,]|\s)\s*(?:url\s*=\s*)?(.*))?\Z""",
    re.IGNORECASE | re.DOTALL,
)
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")
# OpenSSL says the reason twice and where in its source it noticed:
# "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)".
_SSL_NOISE = re.compile(r"^\[\w+: \w+\]\s*|\s*\(_ssl\.c:\d+\)$")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_TEXTUAL_TYPES: Final = frozenset(
    {
        "application/xhtml+xml",
        "application/xml",
        "application/json",
        "application/javascript",
        "application/x-javascript",
        "application/ecmascript",
    }
)
_HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
# WHATWG Encoding: these labels mean windows-1252 on the web, which defines 0x80-0x9F.
_WINDOWS_1252_ALIASES: Final = frozenset(
    {
        "iso8859-1",
        "iso-8859-1",
        "latin1",
        "latin-1",
        "l1",
        "ascii",
        "us-ascii",
        "iso_8859-1",
        "cp819",
    }
)


# --------------------------------------------------------------------------- URL and address checks


def validate_http_url(url: str) -> str:
    """Return ``url`` stripped of surrounding whitespace if the fetcher may request it.

    Raises :class:`UnsupportedURLError` (a ``ValueError``) with one clear line otherwise.
    """
    candidate = url.strip()
    if not candidate:
        raise UnsupportedURLError("empty", ErrorKind.INVALID_URL)
    if _CONTROL_CHARS.search(candidate):
        raise UnsupportedURLError(f"control characters in {candidate!r}", ErrorKind.INVALID_URL)
    try:
        parts = urlsplit(candidate)
    except ValueError as exc:
        raise UnsupportedURLError(f"{candidate!r} ({exc})", ErrorKind.INVALID_URL) from None
    scheme = parts.scheme.lower()
    if not scheme:
        raise UnsupportedURLError(
            f"{candidate!r} has no scheme (expected http:// or https://)", ErrorKind.INVALID_URL
        )
    if scheme not in ("http", "https"):
        raise UnsupportedURLError(candidate, ErrorKind.UNSUPPORTED_SCHEME)
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - evaluated for its ValueError on a bad port
    except ValueError as exc:
        raise UnsupportedURLError(f"{candidate!r} ({exc})", ErrorKind.INVALID_URL) from None
    if not host:
        raise UnsupportedURLError(f"{candidate!r} has no host", ErrorKind.INVALID_URL)
    if " " in parts.netloc:
        raise UnsupportedURLError(f"{candidate!r} has a space in its host", ErrorKind.INVALID_URL)
    try:
        _normalize_host(host)
    except ValueError:
        raise UnsupportedURLError(
            f"the host of {candidate!r} is not a valid domain name", ErrorKind.INVALID_URL
        ) from None
    return candidate


def _normalize_host(host: str) -> str:
    """The host as the connection layer sees it: lower case, no brackets or trailing dot, IDNA."""
    host = host.strip("[]").rstrip(".").lower()
    if host.isascii():
        if any(len(label) > 63 for label in host.split(".")) or len(host) > 253 or not host:
            raise ValueError(host)
        return host
    try:
        # The same encoding requests applies before handing the host to urllib3.
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise ValueError(host) from exc


def is_public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True if ``address`` is globally routable, also looking inside IPv6 forms embedding IPv4."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return is_public_address(address.ipv4_mapped)
        if address in _NAT64_WELL_KNOWN:
            # DNS64 networks hand out these for ordinary IPv4-only sites; judge the embedded one.
            return is_public_address(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address in _NAT64_LOCAL_USE:
            return False
        if address.sixtofour is not None and not is_public_address(address.sixtofour):
            return False
        if address.teredo is not None and not all(is_public_address(a) for a in address.teredo):
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def system_resolver(host: str) -> list[str]:
    """Resolve with the system resolver (``getaddrinfo``, which also parses odd IPv4 forms)."""
    addresses: list[str] = []
    for family, _type, _proto, _canon, sockaddr in socket.getaddrinfo(
        host, None, type=socket.SOCK_STREAM
    ):
        address = str(sockaddr[0])
        if family == socket.AF_INET6 and len(sockaddr) >= 4 and sockaddr[3]:
            address = f"{address}%{sockaddr[3]}"
        if address not in addresses:
            addresses.append(address)
    return addresses


class PrivateAddressError(Exception):
    """Raised inside the connection layer; deliberately not an OSError so urllib3 won't retry it."""


@dataclass(frozen=True, slots=True)
class _Resolved:
    expires: float
    addresses: tuple[str, ...] = ()
    error: Exception | None = None


class _ConnectionPolicy:
    """Per-Fetcher state the connection layer consults: validated addresses and the deadline."""

    def __init__(self, settings: FetchSettings, resolver: Resolver) -> None:
        self._settings = settings
        self._resolver = resolver
        self._allowlist = frozenset(
            h.lower().strip("[]").rstrip(".") for h in settings.private_host_allowlist
        )
        self._cache: dict[str, _Resolved] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def addresses_for(self, host: str) -> tuple[str, ...]:
        """Validated addresses of ``host``; raises socket.gaierror or PrivateAddressError."""
        host = host.strip("[]").rstrip(".").lower()
        now = time.monotonic()
        entry = self._cache.get(host)
        if entry is None or entry.expires <= now:
            entry = self._resolve_and_validate(host, now)
            with self._lock:
                if len(self._cache) > 4096:
                    self._cache = {k: v for k, v in self._cache.items() if v.expires > now}
                self._cache[host] = entry
        if entry.error is not None:
            raise entry.error
        return entry.addresses

    def _resolve_and_validate(self, host: str, now: float) -> _Resolved:
        expires = now + self._settings.dns_cache_ttl
        try:
            addresses = tuple(self._resolver(host))
        except (OSError, UnicodeError) as exc:
            error: Exception = exc
            if not isinstance(exc, socket.gaierror):
                error = socket.gaierror(socket.EAI_NONAME, str(exc))
            return _Resolved(expires, error=error)
        if not addresses:
            return _Resolved(expires, error=socket.gaierror(socket.EAI_NONAME, "no addresses"))
        if self._settings.allow_private or host in self._allowlist:
            return _Resolved(expires, addresses)
        for text in addresses:
            try:
                address = ipaddress.ip_address(text.split("%", 1)[0])
            except ValueError:
                return _Resolved(
                    expires,
                    error=PrivateAddressError(
                        f"{host} resolved to an unparseable address {text!r}"
                    ),
                )
            if not is_public_address(address):
                target = str(address) if host == str(address) else f"{host} resolves to {address}"
                return _Resolved(
                    expires,
                    error=PrivateAddressError(f"{target} (private targets need --allow-private)"),
                )
        return _Resolved(expires, addresses)

    def set_deadline(self, deadline: float | None, read_timeout: float) -> None:
        self._local.deadline = deadline
        self._local.read_timeout = read_timeout

    def connect_timeout(self, timeout: float | None) -> float | None:
        """The connect timeout for one address: never past the total deadline."""
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return timeout
        remaining = deadline - time.monotonic()
        return remaining if timeout is None else min(timeout, remaining)

    def before_read(self, sock: socket.socket) -> None:
        """Shrink the socket timeout so that no single read can outlive the total deadline."""
        deadline: float | None = getattr(self._local, "deadline", None)
        if deadline is None:
            return
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("total deadline exceeded")
        if remaining < self._local.read_timeout:
            sock.settimeout(remaining)


# --------------------------------------------------------------------------- connection layer


class _DeadlineReader(io.RawIOBase):
    """A raw socket reader that consults the policy before each ``recv``."""

    def __init__(self, raw: io.RawIOBase, sock: socket.socket, policy: _ConnectionPolicy) -> None:
        super().__init__()
        self._raw = raw
        self._sock = sock
        self._policy = policy

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._policy.before_read(self._sock)
        return self._raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            # Closing the SocketIO drops its reference so the connection can really close.
            self._raw.close()
        super().close()


class _DeadlineSocket:
    """What http.client sees as the socket: only ``makefile`` is ever called on it."""

    def __init__(self, sock: socket.socket, policy: _ConnectionPolicy) -> None:
        self._sock = sock
        self._policy = policy

    def makefile(self, mode: str = "rb", *args: Any, **kwargs: Any) -> io.BufferedReader:
        raw = self._sock.makefile("rb", buffering=0)
        return io.BufferedReader(_DeadlineReader(raw, self._sock, self._policy))


class _GuardedConnectionMixin:
    """Connect only to addresses the policy validated, and read under the total deadline."""

    _policy: _ConnectionPolicy
    # Provided by urllib3.connection.HTTPConnection.
    host: str
    port: int
    timeout: float | None
    source_address: tuple[str, int] | None
    socket_options: Any

    def _init_policy(self, policy: _ConnectionPolicy) -> None:
        self._policy = policy

    def _make_response(
        self,
        sock: socket.socket,
        debuglevel: int = 0,
        method: str | None = None,
        url: str | None = None,
    ) -> http.client.HTTPResponse:
        return http.client.HTTPResponse(
            _DeadlineSocket(sock, self._policy),  # type: ignore[arg-type]
            debuglevel,
            method,
            url,
        )

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self._policy.addresses_for(self.host)
        except socket.gaierror as exc:
            raise urllib3.exceptions.NameResolutionError(self.host, self, exc) from exc  # type: ignore[arg-type]
        # Like urllib3's create_connection, try each address in turn, but only validated ones.
        last_error: OSError | None = None
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
            family = socket.AF_INET6 if ip.version == 6 else socket.AF_INET
            sockaddr: tuple[Any, ...] = (
                (address, self.port, 0, 0) if family == socket.AF_INET6 else (address, self.port)
            )
            timeout = self._policy.connect_timeout(self.timeout)
            if timeout is not None and timeout <= 0:
                break
            sock = socket.socket(family, socket.SOCK_STREAM)
            try:
                for option in self.socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(timeout)
                if self.source_address:
                    sock.bind(self.source_address)
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                last_error = exc
                continue
            return sock
        if last_error is None or isinstance(last_error, TimeoutError):
            raise urllib3.exceptions.ConnectTimeoutError(
                self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
            ) from last_error
        raise urllib3.exceptions.NewConnectionError(
            self,  # type: ignore[arg-type]
            f"Failed to establish a new connection: {last_error}",
        ) from last_error


class _GuardedHTTPConnection(_GuardedConnectionMixin, urllib3.connection.HTTPConnection):
    def __init__(self, *args: Any, policy: _ConnectionPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_policy(policy)
        # http.client builds responses through this attribute; ours adds the deadline reader.
        self.response_class = self._make_response  # type: ignore[assignment]


class _GuardedHTTPSConnection(_GuardedConnectionMixin, urllib3.connection.HTTPSConnection):
    def __init__(self, *args: Any, policy: _ConnectionPolicy, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._init_policy(policy)
        self.response_class = self._make_response  # type: ignore[assignment]


class _GuardedHTTPConnectionPool(urllib3.connectionpool.HTTPConnectionPool):
    ConnectionCls = _GuardedHTTPConnection


class _GuardedHTTPSConnectionPool(urllib3.connectionpool.HTTPSConnectionPool):
    ConnectionCls = _GuardedHTTPSConnection


class _GuardedAdapter(requests.adapters.HTTPAdapter):
    def __init__(self, policy: _ConnectionPolicy, *, per_host: int = 2) -> None:
        self._policy = policy
        # Idle connections kept per host: as many as may be busy there at once. Keep pools for
        # many hosts because checks interleave hosts.
        super().__init__(pool_connections=64, pool_maxsize=per_host, max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        # Extra pool kwargs travel to the connection constructor (urllib3's conn_kw); the pool
        # key function never sees them, unlike connection_pool_kw.
        policy = self._policy
        self.poolmanager.pool_classes_by_scheme = {
            "http": _pool_factory(_GuardedHTTPConnectionPool, policy),
            "https": _pool_factory(_GuardedHTTPSConnectionPool, policy),
        }


def _pool_factory(
    cls: type[urllib3.connectionpool.HTTPConnectionPool], policy: _ConnectionPolicy
) -> Any:
    def make(
        host: str, port: int | None = None, **kwargs: Any
    ) -> urllib3.connectionpool.HTTPConnectionPool:
        return cls(host, port, policy=policy, **kwargs)

    return make


# --------------------------------------------------------------------------- body decoding


class _Decompressor:
    """Decode gzip/deflate with bounded output per call, so a bomb never inflates past the cap."""

    def __init__(self, encoding: str) -> None:
        # 32 + MAX_WBITS accepts both gzip and zlib headers; some servers send raw deflate.
        self._obj = zlib.decompressobj(32 + zlib.MAX_WBITS)
        self._first = encoding == "deflate"

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._first:
            self._first = False
            try:
                return self._obj.decompress(data, max_length)
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        out = self._obj.decompress(data, max_length)
        if self._obj.eof and self._obj.unused_data and len(out) < max_length:
            # Concatenated gzip members are legal; start the next member.
            rest = self._obj.unused_data
            self._obj = zlib.decompressobj(32 + zlib.MAX_WBITS)
            out += self.decompress(rest, max_length - len(out))
        return out


def _charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CHARSET_PARAM.search(content_type)
    return match.group(1) if match else None


def _codec_name(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _media_type(content_type_header: str | None) -> str | None:
    if not content_type_header:
        return None
    return content_type_header.split(";", 1)[0].strip().lower() or None


def _is_textual(media_type: str | None, body: bytes) -> bool:
    if media_type is None:
        return b"\x00" not in body[:1024]
    return (
        media_type.startswith("text/")
        or media_type in _TEXTUAL_TYPES
        or media_type.endswith(("+xml", "+json"))
    )


def _detect_encoding(body: bytes) -> str:
    sample = body[:_DETECT_SAMPLE]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3 and len(body) > len(sample):
            return "utf-8"  # the sample cut a multi-byte character in half
    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        return "cp1252"
    best = matches[0]
    # Single-byte Latin code pages often tie; the web's default (WHATWG) is windows-1252.
    for match in matches:
        if match.chaos <= best.chaos + 0.01 and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    return str(best.encoding)


def _mostly_invalid_utf8(body: bytes) -> bool:
    """True when a body labelled UTF-8 is really a legacy encoding, not UTF-8 with a stray byte."""
    non_ascii = len(_NON_ASCII.findall(body, 0, _DETECT_SAMPLE))
    if not non_ascii:
        return False
    replaced = body[:_DETECT_SAMPLE].decode("utf-8", "replace").count("\ufffd")
    return replaced * 3 >= non_ascii


def decode_text(body: bytes, content_type_header: str | None, media_type: str | None) -> str:
    """Decode a body: BOM, then the header charset, then ``<meta>``/XML declaration, then detection.

    A declared charset the bytes do not fit is abandoned only when the body is mostly invalid in
    it (a mislabelled page); otherwise undecodable bytes become U+FFFD. Never raises.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if body.startswith(bom):
            return body.decode(name, "replace")
    declared: list[str] = []
    header_codec = _codec_name(_charset_from_content_type(content_type_header))
    if header_codec:
        declared.append(header_codec)
    if media_type is None or media_type in _HTML_TYPES or "xml" in media_type:
        head = body[:_META_SCAN]
        match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
        meta_codec = _codec_name(match.group(1).decode("ascii", "replace")) if match else None
        # A page cannot really be UTF-16 if we just read its <meta> as ASCII.
        if meta_codec and not meta_codec.startswith("utf-16") and meta_codec not in declared:
            declared.append(meta_codec)
    for name in declared:
        try:
            return body.decode(name)
        except UnicodeDecodeError:
            continue
    if declared and not (declared[0] == "utf-8" and _mostly_invalid_utf8(body)):
        return body.decode(declared[0], "replace")
    return body.decode(_detect_encoding(body), "replace")


def refresh_target(content: str, base_url: str) -> str | None:
    """Where a refresh moves a reader on to (``content`` is a ``Refresh`` header's value or a
    refresh meta tag's, unescaped): an http(s) URL other than the page's own, within
    ``_REFRESH_MAX_DELAY`` seconds. None for a page reloading itself, or waiting longer."""
    match = _REFRESH_VALUE.match(content)
    if match is None or float(match.group(1)) > _REFRESH_MAX_DELAY:
        return None
    url = (match.group(2) or "").strip()
    if url[:1] in ("'", '"'):
        url = url[1:].split(url[0], 1)[0]
    url = url.strip()
    if not url:
        return None
    try:
        target: str = urljoin(base_url, url)
        scheme = urlsplit(target).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https") or _without_fragment(target) == _without_fragment(base_url):
        return None
    return target


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _meta_refresh(text: str) -> str | None:
    """The content of the page's refresh meta tag, the first one a browser would obey."""
    head = text[:_REFRESH_SCAN]
    # Plain substring tests first: a case-blind regex scans every page ten times slower.
    if "quiv" not in head and "QUIV" not in head:  # http-equiv, Http-Equiv, HTTP-EQUIV
        return None
    for tag in _META_TAG.finditer(_UNSEEN_MARKUP.sub(" ", head)):
        if _HTTP_EQUIV_REFRESH.search(tag.group()):
            content = _CONTENT_ATTRIBUTE.search(tag.group())
            if content is not None:
                value = next(group for group in content.groups() if group is not None)
                return html.unescape(value)
    return None


def _is_html(media_type: str | None, text: str) -> bool:
    """An HTML page: by its media type or, when the server sent none, by its markup."""
    if media_type is not None:
        return media_type in _HTML_TYPES
    head = text[:1024].lower()
    return "<html" in head or "<meta" in head or "<!doctype html" in head


def _refresh_location(result: FetchResult) -> str | None:
    """Where a successful page moves on to by a refresh, if it does (see refresh_target)."""
    if not result.ok:
        return None
    header = result.headers.get("refresh")
    if header:
        return refresh_target(header, result.final_url)
    if result.text is None or not _is_html(result.content_type, result.text):
        return None
    content = _meta_refresh(result.text)
    return None if content is None else refresh_target(content, result.final_url)


def extract_title(text: str) -> str | None:
    match = _TITLE.search(text, 0, _TITLE_SCAN)
    if not match:
        return None
    title = _WHITESPACE.sub(" ", html.unescape(match.group(1))).strip()
    return title[:500] or None


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None if invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(int(value))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    delta = (when - (now or datetime.now(UTC))).total_seconds()
    return max(0.0, delta)


# --------------------------------------------------------------------------- errors


def _exception_chain(exc: BaseException) -> list[BaseException]:
    """Every exception reachable from ``exc``: causes, contexts, urllib3 reasons and args."""
    found: list[BaseException] = []
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or any(current is seen for seen in found):
            continue
        found.append(current)
        stack.extend((current.__cause__, current.__context__))
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
        stack.extend(arg for arg in current.args if isinstance(arg, BaseException))
    return found


def _has(chain: Sequence[BaseException], *types: type[BaseException]) -> BaseException | None:
    for exc in chain:
        if isinstance(exc, types):
            return exc
    return None


def classify_exception(exc: BaseException) -> tuple[ErrorKind, str]:
    """Map a requests/urllib3/socket exception to an ErrorKind and a one-line detail."""
    chain = _exception_chain(exc)
    rules: tuple[tuple[ErrorKind, tuple[type[BaseException], ...]], ...] = (
        (ErrorKind.BLOCKED_PRIVATE, (PrivateAddressError,)),
        (ErrorKind.DNS, (urllib3.exceptions.NameResolutionError, socket.gaierror)),
        (ErrorKind.REFUSED, (ConnectionRefusedError,)),
        (
            ErrorKind.TIMEOUT,
            (TimeoutError, urllib3.exceptions.TimeoutError, requests.exceptions.Timeout),
        ),
        (
            ErrorKind.TLS,
            (
                ssl.SSLError,
                ssl.CertificateError,
                urllib3.exceptions.SSLError,
                requests.exceptions.SSLError,
            ),
        ),
        (
            ErrorKind.RESET,
            (
                ConnectionResetError,
                ConnectionAbortedError,
                BrokenPipeError,
                http.client.IncompleteRead,
                requests.exceptions.ChunkedEncodingError,
            ),
        ),
        # A malformed status line or headers: the server answered, but not in HTTP.
        (ErrorKind.CONNECTION, (http.client.HTTPException,)),
        (ErrorKind.RESET, (urllib3.exceptions.ProtocolError,)),
        (
            ErrorKind.INVALID_URL,
            (
                urllib3.exceptions.LocationParseError,
                requests.exceptions.InvalidURL,
                requests.exceptions.InvalidSchema,
                requests.exceptions.MissingSchema,
                UnicodeError,
                # requests parses a redirect's Location even when not
                # following it, and urlsplit raises a bare ValueError.
                ValueError,
            ),
        ),
    )
    for kind, types in rules:
        hit = _has(chain, *types)
        if hit is not None:
            return kind, _one_line(hit, chain)
    return ErrorKind.CONNECTION, _one_line(exc, chain)


def _one_line(hit: BaseException, chain: Sequence[BaseException]) -> str:
    """The readable part of an error, without restating its kind.

    The innermost OS-level error usually has the readable message ("Connection refused"); our
    own refusals and a malformed answer (a bad status line) are their own message.
    """
    innermost = next((e for e in reversed(chain) if isinstance(e, OSError) and str(e)), None)
    chosen = hit
    if innermost is not None and not isinstance(
        hit, (PrivateAddressError, http.client.HTTPException)
    ):
        chosen = innermost
    if isinstance(chosen, PrivateAddressError):
        text = str(chosen)
    elif isinstance(chosen, ssl.SSLError):
        text = _SSL_NOISE.sub("", str(chosen.strerror or chosen)) or str(chosen.reason or "")
    elif isinstance(chosen, OSError):
        # "[Errno 111] Connection refused" → "Connection refused"; the class name adds nothing.
        text = str(chosen.strerror or chosen)
    else:
        text = f"{type(chosen).__name__}: {chosen}" if str(chosen) else type(chosen).__name__
    return (_WHITESPACE.sub(" ", text).strip() or type(chosen).__name__)[:_DETAIL_MAX]


class _DeadlineExceededError(Exception):
    pass


# --------------------------------------------------------------------------- the fetcher


@dataclass(frozen=True, slots=True)
class _Outgoing:
    """What the first request of a fetch carries besides a plain GET: an API call's method,
    form body and headers (credentials among them). Redirect hops never carry them."""

    method: str = "GET"
    body: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


_PLAIN_GET: Final = _Outgoing()


@dataclass(slots=True)
class _Attempt:
    """Mutable state of one fetch while it runs."""

    requested_url: str
    start: float
    deadline: float
    current_url: str
    hops: list[Hop] = field(default_factory=list)
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    outgoing: _Outgoing = _PLAIN_GET


class SharedConnections:
    """Keep-alive connections (and the address checks and DNS cache in front of them) shared
    by the Fetchers of one process, one Fetcher per thread. With a connection pool per thread, a
    thread rarely holds an idle connection to the host of its next URL and most fetches would
    open a new one; shared, a host's connections stay warm, as many as `per_host`."""

    def __init__(
        self, settings: FetchSettings, *, per_host: int = 2, resolver: Resolver | None = None
    ) -> None:
        self.policy = _ConnectionPolicy(settings, resolver or system_resolver)
        self.adapter = _GuardedAdapter(self.policy, per_host=max(1, per_host))

    def close(self) -> None:
        self.adapter.close()


class Fetcher:
    """Fetch one URL at a time with the limits of a :class:`FetchSettings`.

    Not thread-safe: create one per worker thread. Each owns its ``requests.Session``; the
    connection pools are its own, or those of a :class:`SharedConnections` given to it.
    """

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        session: requests.Session | None = None,
        resolver: Resolver | None = None,
        connections: SharedConnections | None = None,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._shared = connections
        if connections is not None:
            self._policy, adapter = connections.policy, connections.adapter
        else:
            self._policy = _ConnectionPolicy(self.settings, resolver or system_resolver)
            adapter = _GuardedAdapter(self._policy)
        self._owns_session = session is None
        self._session = session or requests.Session()
        if self._owns_session:
            # No proxies or .netrc from the environment: they would bypass the address guard
            # and cost a lookup per request.
            self._session.trust_env = False
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)
        self._robots: dict[str, RobotFileParser] = {}
        self._base_headers = {
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            # Only what _Decompressor handles: never br or zstd, whatever is installed.
            "Accept-Encoding": "gzip, deflate",
            "Connection": "keep-alive",
        }

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        if self._shared is not None:
            return  # the connections are the owner's to close; the session holds nothing else
        if self._owns_session:
            self._session.close()
        else:
            for adapter in self._session.adapters.values():
                if isinstance(adapter, _GuardedAdapter):
                    adapter.close()

    def user_agent_for(self, host: str) -> str:
        overrides = self.settings.user_agent_by_host
        if overrides:
            labels = host.lower().rstrip(".").split(".")
            for i in range(len(labels)):
                agent = overrides.get(".".join(labels[i:]))
                if agent:
                    return agent
        return self.settings.user_agent

    def fetch(
        self, url: str, *, follow_redirects: bool = True, max_bytes: int | None = None
    ) -> FetchResult:
        """GET ``url`` and return what happened; never raises for network or content problems.

        ``follow_redirects=False`` returns the first response as is (its Location is in
        ``headers``); ``max_bytes`` lowers the byte cap for this call.
        """
        # Cookies live for one fetch (its redirect chain) only: enough for cookie-setting
        # redirects, and no cross-site jar growing over a long run.
        self._session.cookies.clear()
        return self._run(
            url,
            follow_redirects=follow_redirects,
            max_bytes=self.settings.max_bytes if max_bytes is None else max_bytes,
            respect_robots=self.settings.respect_robots,
        )

    def call_api(
        self,
        url: str,
        *,
        headers: Mapping[str, str],
        form: Mapping[str, str] | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """One call of a web API (an archive's): a GET, or with ``form`` a POST of it
        form-encoded. A redirect is returned, not followed, so ``headers`` (credentials among
        them) reach ``url`` alone; robots.txt is not consulted, as an API call is no visit to a
        page. The guards, limits and result are those of :meth:`fetch`."""
        self._session.cookies.clear()
        if form is None:
            outgoing = _Outgoing(headers=headers)
        else:
            outgoing = _Outgoing(
                "POST",
                urlencode(form).encode("ascii"),
                {"Content-Type": "application/x-www-form-urlencoded", **headers},
            )
        return self._run(
            url,
            follow_redirects=False,
            max_bytes=self.settings.max_bytes if max_bytes is None else max_bytes,
            respect_robots=False,
            outgoing=outgoing,
        )

    # ----------------------------------------------------------------- internals

    def _run(
        self,
        url: str,
        *,
        follow_redirects: bool,
        max_bytes: int,
        respect_robots: bool,
        outgoing: _Outgoing = _PLAIN_GET,
    ) -> FetchResult:
        start = time.monotonic()
        attempt = _Attempt(url, start, start + self.settings.total_deadline, url, outgoing=outgoing)
        try:
            return self._fetch(attempt, follow_redirects, max_bytes, respect_robots)
        except Exception as exc:  # the contract: problems become results, not exceptions
            kind, detail = classify_exception(exc)
            return self._failure(attempt, kind, detail)
        finally:
            self._policy.set_deadline(None, self.settings.read_timeout)

    def _fetch(
        self, attempt: _Attempt, follow_redirects: bool, max_bytes: int, respect_robots: bool
    ) -> FetchResult:
        settings = self.settings
        try:
            attempt.current_url = validate_http_url(attempt.requested_url)
        except UnsupportedURLError as exc:
            return self._failure(attempt, exc.kind, exc.detail)
        seen: set[tuple[str, tuple[tuple[str, str, str], ...]]] = set()
        while True:
            refusal = self._preflight(attempt, respect_robots)
            if refusal is not None:
                return refusal
            remaining = attempt.deadline - time.monotonic()
            if remaining <= 0:
                return self._deadline_failure(attempt)
            self._policy.set_deadline(attempt.deadline, settings.read_timeout)
            host = urlsplit(attempt.current_url).hostname or ""
            sent_cookies = self._cookie_state()
            try:
                response = self._send(
                    attempt.current_url,
                    host,
                    (
                        min(settings.connect_timeout, remaining),
                        min(settings.read_timeout, remaining),
                    ),
                    _PLAIN_GET if attempt.hops else attempt.outgoing,
                )
            except Exception as exc:
                return self._exception_failure(attempt, exc)
            attempt.status = response.status_code
            attempt.headers = {
                name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers
            }
            # The URL as sent (requests normalises and percent-encodes it).
            response_url = response.url or attempt.current_url
            attempt.current_url = response_url
            location = self._session.get_redirect_target(response)
            refresh = False
            if not (follow_redirects and response.status_code in _REDIRECT_STATUSES and location):
                result = self._read_final(attempt, response, max_bytes)
                location = _refresh_location(result) if follow_redirects else None
                if location is None:
                    return result
                refresh = True
            else:
                self._discard_body(response, attempt.deadline)
            if "set-cookie" in response.headers:
                requests.cookies.extract_cookies_to_jar(  # type: ignore[no-untyped-call]
                    self._session.cookies, response.request, response.raw
                )
            attempt.hops.append(Hop(response_url, response.status_code, refresh))
            # A URL revisited with the same cookies would get the same answer: a loop. With a
            # cookie the previous answer set, it may not (consent and session redirects).
            seen.add((response_url, sent_cookies))
            try:
                target = requests.utils.requote_uri(urljoin(response_url, location))
            except ValueError as exc:
                return self._failure(attempt, ErrorKind.INVALID_URL, f"{location!r} ({exc})")
            if (target, self._cookie_state()) in seen:
                attempt.current_url = target
                return self._failure(
                    attempt, ErrorKind.REDIRECT_LOOP, f"{target} was already visited"
                )
            if len(attempt.hops) > settings.max_redirects:
                attempt.current_url = target
                return self._failure(
                    attempt,
                    ErrorKind.TOO_MANY_REDIRECTS,
                    f"more than {settings.max_redirects}; stopped before {target}",
                )
            attempt.current_url = target
            attempt.status = None
            attempt.headers = {}

    def _send(
        self, url: str, host: str, timeout: tuple[float, float], outgoing: _Outgoing
    ) -> requests.Response:
        """One request through the session's adapter: a GET, or what ``outgoing`` says.

        ``Session.request`` would merge environment, proxy and hook settings on every call and
        follow no redirects anyway; preparing the request here halves the per-fetch overhead.
        """
        prepared = requests.PreparedRequest()
        prepared.prepare_method(outgoing.method)
        prepared.prepare_url(url, None)
        prepared.prepare_headers(
            {**self._base_headers, "User-Agent": self.user_agent_for(host), **outgoing.headers}
        )
        # No hooks or auth: credentials written into a cited URL are not ours to send.
        if outgoing.body is not None:
            prepared.prepare_body(outgoing.body, None)
        if len(self._session.cookies):
            prepared.prepare_cookies(self._session.cookies)
        adapter = self._session.get_adapter(url)
        return adapter.send(
            prepared,
            stream=True,
            timeout=timeout,
            verify=True if self._session.verify is None else self._session.verify,
            cert=self._session.cert,
        )

    def _cookie_state(self) -> tuple[tuple[str, str, str], ...]:
        jar = self._session.cookies
        if not len(jar):
            return ()
        return tuple(sorted((c.domain, c.name, c.value or "") for c in jar))

    def _preflight(self, attempt: _Attempt, respect_robots: bool) -> FetchResult | None:
        """Scheme, address and robots checks for the URL about to be requested."""
        url = attempt.current_url
        if attempt.hops:
            try:
                validate_http_url(url)
            except UnsupportedURLError as exc:
                return self._failure(attempt, exc.kind, exc.detail)
        host = urlsplit(url).hostname or ""
        try:
            self._policy.addresses_for(_normalize_host(host))
        except PrivateAddressError as exc:
            return self._failure(attempt, ErrorKind.BLOCKED_PRIVATE, str(exc))
        except socket.gaierror as exc:
            return self._failure(attempt, ErrorKind.DNS, f"{host} ({exc.strerror or exc})")
        except ValueError:
            return self._failure(
                attempt, ErrorKind.INVALID_URL, f"the host of {url!r} is not a valid domain name"
            )
        if respect_robots and not self._robots_allow(url):
            return self._failure(
                attempt, ErrorKind.ROBOTS, f"robots.txt disallows {url} for this user agent"
            )
        return None

    def _robots_allow(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        if parts.path == "/robots.txt":
            return True
        parser = self._robots.get(origin)
        if parser is None:
            parser = self._load_robots(origin)
            self._robots[origin] = parser
        return parser.can_fetch(self.user_agent_for(parts.hostname or ""), url)

    def _load_robots(self, origin: str) -> RobotFileParser:
        parser = RobotFileParser(origin + "/robots.txt")
        result = self._run(
            origin + "/robots.txt",
            follow_redirects=True,
            max_bytes=min(_ROBOTS_MAX_BYTES, self.settings.max_bytes),
            respect_robots=False,
        )
        if result.status is not None and 200 <= result.status < 300 and result.text is not None:
            parser.parse(result.text.splitlines())
            parser.modified()  # can_fetch() refuses everything until a load time is recorded
        else:
            # RFC 9309 reads a missing robots.txt as "allow all". An unreachable one would mean
            # "disallow all", but for a link checker that would hide a dead site behind a
            # "blocked" verdict, so only an explicit Disallow blocks a URL.
            parser.parse([])
            parser.modified()
        return parser

    def _discard_body(self, response: requests.Response, deadline: float) -> None:
        """Read a small redirect body so the connection can be reused; otherwise drop it."""
        raw = response.raw
        read = 0
        try:
            while read <= _REDIRECT_BODY_LIMIT and time.monotonic() < deadline:
                chunk = raw.read1(_READ_CHUNK, decode_content=False)
                if not chunk:
                    raw.release_conn()
                    return
                read += len(chunk)
        except Exception:  # a broken redirect body does not matter, its Location does
            pass
        response.close()

    def _read_final(
        self, attempt: _Attempt, response: requests.Response, max_bytes: int
    ) -> FetchResult:
        content_type_header = response.headers.get("content-type")
        media_type = _media_type(content_type_header)
        encoding = response.headers.get("content-encoding", "").strip().lower()
        decoder: _Decompressor | None = None
        undecodable = False
        if encoding in ("gzip", "x-gzip", "deflate"):
            decoder = _Decompressor(encoding)
        elif encoding not in ("", "identity"):
            undecodable = True  # we never advertised it; keep the raw bytes, skip text
        body = bytearray()
        truncated = False
        raw = response.raw
        try:
            while True:
                if time.monotonic() >= attempt.deadline:
                    raise _DeadlineExceededError
                chunk = raw.read1(_READ_CHUNK, decode_content=False)
                if not chunk:
                    break
                room = max_bytes - len(body)
                data = decoder.decompress(chunk, room + 1) if decoder else chunk
                if len(data) > room:
                    body += data[:room]
                    truncated = True
                    break
                body += data
        except _DeadlineExceededError:
            response.close()
            return self._deadline_failure(attempt)
        except zlib.error as exc:
            response.close()
            return self._failure(attempt, ErrorKind.CONNECTION, f"corrupt {encoding} body: {exc}")
        except Exception as exc:
            response.close()
            return self._exception_failure(attempt, exc)
        if truncated:
            response.close()  # never drain the rest of an oversized body
        else:
            raw.release_conn()
        payload = bytes(body)
        text: str | None = None
        title: str | None = None
        if undecodable:
            pass
        elif _is_textual(media_type, payload):
            text = decode_text(payload, content_type_header, media_type)
            if _is_html(media_type, text):
                title = extract_title(text)
        elif self.settings.read_pdfs and not truncated and pdf.looks_like_pdf(media_type, payload):
            document = pdf.read_pdf(payload)  # a truncated file has lost its index: unreadable
            if document is not None:
                text, title = document.text, document.title
        return FetchResult(
            requested_url=attempt.requested_url,
            final_url=attempt.current_url,
            redirects=tuple(attempt.hops),
            status=attempt.status,
            error_kind=ErrorKind.TOO_LARGE if truncated else None,
            error_detail=f"body larger than {max_bytes} bytes; kept the first {max_bytes}"
            if truncated
            else None,
            elapsed_ms=self._elapsed_ms(attempt),
            content_type=media_type,
            content_length=len(payload),
            body=payload,
            text=text,
            sha256=hashlib.sha256(payload).hexdigest(),
            title=title,
            headers=attempt.headers,
            retry_after=parse_retry_after(attempt.headers.get("retry-after")),
            truncated=truncated,
        )

    def _exception_failure(self, attempt: _Attempt, exc: BaseException) -> FetchResult:
        if time.monotonic() >= attempt.deadline and _has(
            _exception_chain(exc),
            TimeoutError,
            urllib3.exceptions.TimeoutError,
            requests.exceptions.Timeout,
        ):
            return self._deadline_failure(attempt)
        kind, detail = classify_exception(exc)
        if kind is ErrorKind.TIMEOUT:
            detail = self._timeout_detail(exc)
        return self._failure(attempt, kind, detail)

    def _timeout_detail(self, exc: BaseException) -> str:
        """Which limit ran out: "timed out" alone does not say whether the host is unreachable."""
        if _has(
            _exception_chain(exc),
            urllib3.exceptions.ConnectTimeoutError,
            requests.exceptions.ConnectTimeout,
        ):
            return f"no connection within {self.settings.connect_timeout:g}s (connect timeout)"
        return f"the server sent nothing for {self.settings.read_timeout:g}s (read timeout)"

    def _deadline_failure(self, attempt: _Attempt) -> FetchResult:
        return self._failure(
            attempt,
            ErrorKind.TIMEOUT,
            f"total deadline of {self.settings.total_deadline:g}s exceeded",
        )

    def _failure(self, attempt: _Attempt, kind: ErrorKind, detail: str) -> FetchResult:
        return FetchResult(
            requested_url=attempt.requested_url,
            final_url=attempt.current_url,
            redirects=tuple(attempt.hops),
            status=attempt.status,
            error_kind=kind,
            error_detail=detail[:_DETAIL_MAX],
            elapsed_ms=self._elapsed_ms(attempt),
            content_type=_media_type(attempt.headers.get("content-type")),
            content_length=None,
            body=None,
            text=None,
            sha256=None,
            title=None,
            headers=attempt.headers,
            retry_after=parse_retry_after(attempt.headers.get("retry-after")),
            truncated=False,
        )

    @staticmethod
    def _elapsed_ms(attempt: _Attempt) -> int:
        return int((time.monotonic() - attempt.start) * 1000)
