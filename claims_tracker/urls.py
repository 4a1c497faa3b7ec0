"""URL validation and normalisation: the same page is one Source."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from claims_tracker.errors import InvalidURLError

DEFAULT_PORTS = {"http": 80, "https": 443}

# Query parameters that only track the reader; they never change the page.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "_ga",
        "_gl",
        "oly_anon_id",
        "oly_enc_id",
        "vero_id",
        "wickedid",
        "ref_src",
        "cmpid",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")

# Characters left as they are: the reserved set, plus "%" so existing escapes survive.
_SAFE = "/:@!$&'()*+,;=-._~%?"
_PERCENT_ESCAPE = re.compile(r"%([0-9a-fA-F]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def validate_url(url: str) -> str:
    """Return the stripped URL if it is an absolute http(s) URL with a host, else raise."""
    candidate = url.strip()
    try:
        parts = urlsplit(candidate)
        port = parts.port
    except ValueError as exc:
        raise InvalidURLError(f"invalid URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in DEFAULT_PORTS:
        raise InvalidURLError(f"invalid URL {url!r}: only http and https URLs are accepted")
    if not parts.hostname:
        raise InvalidURLError(f"invalid URL {url!r}: no host")
    if any(ch.isspace() for ch in parts.netloc):
        raise InvalidURLError(f"invalid URL {url!r}: whitespace in the host")
    del port
    return candidate


def _decode_unreserved(match: re.Match[str]) -> str:
    char = chr(int(match.group(1), 16))
    return char if char in _UNRESERVED else f"%{match.group(1).upper()}"


def _normalise_escapes(component: str) -> str:
    """RFC 3986 §6.2.2: decode escaped unreserved characters, upper-case the other escapes, and
    escape what may not appear raw (spaces, non-ASCII). Reserved characters keep their meaning."""
    return _PERCENT_ESCAPE.sub(_decode_unreserved, quote(component, safe=_SAFE))


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4: resolve "." and ".." segments, as a browser does before requesting.

    Escapes must be normalised first (§6.2.2.2), so that "%2E" already reads as ".".
    """
    output: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./") or path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../"):
            path = path[3:]
            if output:
                output.pop()
        elif path == "/..":
            path = "/"
            if output:
                output.pop()
        elif path in (".", ".."):
            path = ""
        else:
            # Move the first segment, with its leading "/" if any, to the output.
            end = path.find("/", 1)
            segment, path = (path, "") if end == -1 else (path[:end], path[end:])
            output.append(segment)
    return "".join(output)


def _host(hostname: str) -> str:
    host = hostname.rstrip(".").lower()
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def normalize_url(url: str) -> str:
    """Canonical form of an http(s) URL: the key that makes one page one Source.

    Lower-cases scheme and host, IDNA-encodes the host, drops the default port, the fragment and
    tracking parameters, normalises percent-escapes, removes "." and ".." path segments and gives
    an empty path "/". Idempotent.
    """
    parts = urlsplit(validate_url(url))
    scheme = parts.scheme.lower()
    host = _host(parts.hostname or "")
    port = parts.port
    netloc = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        userinfo = quote(unquote(parts.username or ""), safe="")
        if parts.password is not None:
            userinfo += ":" + quote(unquote(parts.password), safe="")
        netloc = f"{userinfo}@{netloc}"
    path = remove_dot_segments(_normalise_escapes(parts.path)) or "/"
    kept = [
        _normalise_escapes(pair)
        for pair in parts.query.split("&")
        if pair and not _is_tracking(unquote(pair.split("=", 1)[0]).lower())
    ]
    return urlunsplit((scheme, netloc, path, "&".join(kept), ""))


def _is_tracking(key: str) -> bool:
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def host_of(url: str) -> str:
    return _host(urlsplit(url).hostname or "")


# Second-level labels under which registrations happen (example.co.uk, example.com.au).
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go"})


def registrable_domain(host: str) -> str:
    """Best-effort eTLD+1, so news.example.org and www.example.org count as one publisher."""
    labels = host.strip("[]").split(".")
    if len(labels) <= 2 or host.replace(".", "").isdigit() or ":" in host:
        return host
    if labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


# A Wayback Machine snapshot: /web/<14-digit capture time>[<2-letter mode>_]/<original URL>
SNAPSHOT_PATH = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/")


def snapshot_timestamp(snapshot_url: str) -> datetime | None:
    """The capture time encoded in a ``/web/<14 digits>/`` snapshot URL."""
    match = SNAPSHOT_PATH.search(urlsplit(snapshot_url).path)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None
