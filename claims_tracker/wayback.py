"""Find an archived copy of a URL in the Wayback Machine (or anything speaking its protocol).

Two lookups, in order (SPEC §4):

1. ``GET {base}/web/{timestamp}/{url}``: the Wayback Machine answers with a redirect to the
   snapshot nearest that timestamp (``/web/<14 digits>/<url>``), 200 if the timestamp is exact,
   or 404 when it holds nothing.
2. ``GET {base}/wayback/available?url=…&timestamp=…``: the JSON availability API, used when the
   first answer is anything but a snapshot (it is slower to change, and sometimes up when the
   replay service is not).

"Nearest" may be slightly after ``before``: both services return the closest capture in either
direction, and a copy captured a little after the claim is still the best evidence we can get.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Final
from urllib.parse import quote, urljoin, urlsplit

from claims_tracker.fetch import Fetcher, FetchResult

__all__ = ["DEFAULT_WAYBACK_URL", "snapshot_timestamp", "wayback_lookup"]

DEFAULT_WAYBACK_URL: Final = "https://web.archive.org"
_SNAPSHOT_PATH = re.compile(r"/web/(\d{14})(?:[a-z]{2}_)?/")
# A lookup answer is a redirect or a small page; never download a whole archived page for it.
_LOOKUP_MAX_BYTES: Final = 256 * 1024


def snapshot_timestamp(snapshot_url: str) -> datetime | None:
    """The capture time encoded in a ``/web/<14 digits>/`` snapshot URL."""
    match = _SNAPSHOT_PATH.search(urlsplit(snapshot_url).path)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


def _timestamp(before: datetime) -> str:
    if before.tzinfo is None:
        before = before.replace(tzinfo=UTC)  # naive datetimes in this project are UTC
    return before.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _as_snapshot(url: str, base_url: str) -> str | None:
    """``url`` made absolute on the archive's origin if it is a snapshot URL, else None."""
    absolute = urljoin(base_url + "/", url)
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    if not _SNAPSHOT_PATH.match(parts.path):
        return None
    if parts.hostname == base.hostname and parts.scheme != base.scheme:
        # The availability API reports http:// URLs even when asked over https.
        absolute = base.scheme + absolute[len(parts.scheme) :]
    return absolute


def _from_replay(result: FetchResult, base_url: str) -> str | None:
    status = result.status
    if status is None:
        return None
    if status in (301, 302, 303, 307, 308):
        location = result.headers.get("location")
        return _as_snapshot(location, base_url) if location else None
    if 200 <= status < 300:
        return _as_snapshot(result.final_url, base_url)
    return None


def _from_availability(result: FetchResult, base_url: str) -> str | None:
    if result.status != 200 or result.text is None:
        return None
    try:
        closest = json.loads(result.text)["archived_snapshots"]["closest"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(closest, dict) or not closest.get("available", True):
        return None
    # An archived error page ("status": "404") is not a copy of the source.
    status = str(closest.get("status", "200"))
    if not status.startswith("2"):
        return None
    url = closest.get("url")
    return _as_snapshot(url, base_url) if isinstance(url, str) else None


def wayback_lookup(
    url: str, *, before: datetime, fetcher: Fetcher, base_url: str = DEFAULT_WAYBACK_URL
) -> str | None:
    """The URL of the archived snapshot of ``url`` closest to ``before``, or None.

    Network trouble with the archive also gives None (the caller can try again on a later
    check); it never raises for it.
    """
    base_url = base_url.rstrip("/")
    target = url.split("#", 1)[0]
    timestamp = _timestamp(before)
    replay = fetcher.fetch(
        f"{base_url}/web/{timestamp}/{target}", follow_redirects=False, max_bytes=_LOOKUP_MAX_BYTES
    )
    snapshot = _from_replay(replay, base_url)
    if snapshot is not None:
        return snapshot
    available = fetcher.fetch(
        f"{base_url}/wayback/available?url={quote(target, safe='')}&timestamp={timestamp}",
        max_bytes=_LOOKUP_MAX_BYTES,
    )
    return _from_availability(available, base_url)
