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

And the other way round, Save Page Now (SPEC §4, ``claims check --archive-live``): a live page
is captured now, so that a copy exists before it rots. The archive's API takes the request and
works on it in the background:

1. ``POST {base}/save`` (form ``url=…&if_not_archived_within=…``, header ``Authorization: LOW
   access:secret``, ``Accept: application/json``) answers ``{"url": …, "job_id": …}``, or an
   error (``{"status": "error", "status_ext": "error:…", "message": …}``, 401 for bad keys,
   429 when the account has too many captures running).
2. ``GET {base}/save/status/{job_id}`` answers ``{"status": "pending"}`` until the job ends with
   ``{"status": "success", "timestamp": "<14 digits>", "original_url": …}`` (the snapshot is
   ``{base}/web/{timestamp}/{original_url}``) or ``{"status": "error", "status_ext": …}``.
"""

from __future__ import annotations

import enum
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from urllib.parse import quote, urljoin, urlsplit

from claims_tracker.config import ArchiveKeys
from claims_tracker.fetch import Fetcher, FetchResult
from claims_tracker.urls import SNAPSHOT_PATH

__all__ = [
    "DEFAULT_WAYBACK_URL",
    "Capture",
    "CaptureState",
    "capture_status",
    "request_capture",
    "wayback_lookup",
]

DEFAULT_WAYBACK_URL: Final = "https://web.archive.org"
# A lookup answer is a redirect or a small page; never download a whole archived page for it.
_LOOKUP_MAX_BYTES: Final = 256 * 1024


def _timestamp(before: datetime) -> str:
    if before.tzinfo is None:
        before = before.replace(tzinfo=UTC)  # naive datetimes in this project are UTC
    return before.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _as_snapshot(url: str, base_url: str) -> str | None:
    """``url`` made absolute on the archive's origin if it is a snapshot URL, else None."""
    absolute = urljoin(base_url + "/", url)
    parts = urlsplit(absolute)
    base = urlsplit(base_url)
    if not SNAPSHOT_PATH.match(parts.path):
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


# --------------------------------------------------------------------------- Save Page Now


class CaptureState(enum.StrEnum):
    PENDING = "pending"  # the archive is working on it: ask about job_id again later
    SAVED = "saved"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Capture:
    """What the archive said of one capture request, or of its job so far.

    A failure is `lasting` when it is about the page (the archive cannot or will not capture
    it: not worth asking again soon), and `account_refused` when it is about us (bad keys, the
    day's captures used up: no more requests this run). `retry_after` (seconds) means "too
    many at once": the same request may be made again after that long."""

    state: CaptureState
    job_id: str | None = None
    snapshot_url: str | None = None
    reason: str | None = None
    lasting: bool = False
    account_refused: bool = False
    retry_after: float | None = None


# The archive's error codes that say nothing against the page: its own trouble or our limits.
_TRANSIENT_ERRORS: Final = frozenset(
    {
        "error:bad-gateway",
        "error:bandwidth-limit-exceeded",
        "error:browsing-timeout",
        "error:capture-location-error",
        "error:celery",
        "error:gateway-timeout",
        "error:internal-server-error",
        "error:no-browsers-available",
        "error:proxy-error",
        "error:read-timeout",
        "error:service-unavailable",
        "error:soft-time-limit-exceeded",
        "error:too-many-requests",
        "error:user-session-limit",
    }
)
_ACCOUNT_ERRORS: Final = frozenset(
    {"error:too-many-daily-captures", "error:unauthorized", "error:blocked-client-ip"}
)
# An API answer is a small JSON object; never read more of it.
_API_MAX_BYTES: Final = 64 * 1024
_DEFAULT_RETRY_AFTER: Final = 30.0


def _api_headers(keys: ArchiveKeys) -> dict[str, str]:
    return {"Accept": "application/json", "Authorization": f"LOW {keys.access}:{keys.secret}"}


def _seconds(within: timedelta) -> str:
    return str(max(1, int(within.total_seconds())))


def request_capture(
    url: str,
    *,
    fetcher: Fetcher,
    keys: ArchiveKeys,
    base_url: str = DEFAULT_WAYBACK_URL,
    if_not_archived_within: timedelta | None = None,
) -> Capture:
    """Ask the archive to capture ``url`` now. With ``if_not_archived_within``, the archive
    gives its latest capture instead of a new one when that is recent enough."""
    fields = {"url": url.split("#", 1)[0]}
    if if_not_archived_within is not None:
        fields["if_not_archived_within"] = _seconds(if_not_archived_within)
    answer = fetcher.call_api(
        f"{base_url.rstrip('/')}/save",
        headers=_api_headers(keys),
        form=fields,
        max_bytes=_API_MAX_BYTES,
    )
    refused = _refusal(answer)
    if refused is not None:
        return refused
    document = _json_object(answer)
    job_id = document.get("job_id")
    if isinstance(job_id, str) and job_id:
        return Capture(CaptureState.PENDING, job_id=job_id)
    return _ended(document, base_url, fallback="the archive took no capture job")


def capture_status(
    job_id: str, *, fetcher: Fetcher, keys: ArchiveKeys, base_url: str = DEFAULT_WAYBACK_URL
) -> Capture:
    """Where the capture job ``job_id`` stands."""
    answer = fetcher.call_api(
        f"{base_url.rstrip('/')}/save/status/{quote(job_id, safe='')}",
        headers=_api_headers(keys),
        max_bytes=_API_MAX_BYTES,
    )
    refused = _refusal(answer)
    if refused is not None:
        return refused
    document = _json_object(answer)
    if document.get("status") == "pending":
        return Capture(CaptureState.PENDING, job_id=job_id)
    return _ended(document, base_url, fallback="the archive's answer named no capture")


def _refusal(answer: FetchResult) -> Capture | None:
    """The HTTP-level failures of an API call, or None when it answered 2xx."""
    status = answer.status
    if status is None:
        detail = answer.error_detail or ""
        return Capture(
            CaptureState.FAILED, reason=f"archive unreachable: {answer.error_kind} {detail}".strip()
        )
    if 200 <= status < 300:
        return None
    if status == 429:
        wait = answer.retry_after if answer.retry_after is not None else _DEFAULT_RETRY_AFTER
        return Capture(CaptureState.FAILED, reason="archive busy (HTTP 429)", retry_after=wait)
    if status in (401, 403):
        return Capture(
            CaptureState.FAILED,
            reason=f"the archive refused the keys (HTTP {status})",
            account_refused=True,
        )
    return Capture(
        CaptureState.FAILED, reason=f"archive answered HTTP {status}", lasting=400 <= status < 500
    )


def _json_object(answer: FetchResult) -> dict[str, Any]:
    try:
        document = json.loads(answer.text or "")
    except ValueError:
        return {}
    return document if isinstance(document, dict) else {}


def _ended(document: dict[str, Any], base_url: str, *, fallback: str) -> Capture:
    """A job's (or a request's) final word: a snapshot, or why there is none."""
    timestamp, original = document.get("timestamp"), document.get("original_url")
    if (
        document.get("status", "success") == "success"
        and isinstance(timestamp, str)
        and re.fullmatch(r"\d{14}", timestamp)
        and isinstance(original, str)
        and original
    ):
        return Capture(
            CaptureState.SAVED, snapshot_url=f"{base_url.rstrip('/')}/web/{timestamp}/{original}"
        )
    code = document.get("status_ext")
    code = code if isinstance(code, str) and code else None
    message = document.get("message")
    reason = code or (
        message.strip()[:200] if isinstance(message, str) and message.strip() else fallback
    )
    return Capture(
        CaptureState.FAILED,
        reason=reason,
        lasting=code is not None and code not in _TRANSIENT_ERRORS | _ACCOUNT_ERRORS,
        account_refused=code in _ACCOUNT_ERRORS,
    )
