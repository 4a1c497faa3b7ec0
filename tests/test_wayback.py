"""Wayback lookups and Save Page Now requests against local servers speaking the Wayback
Machine's protocols."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs

import pytest

from claims_tracker.config import ArchiveKeys, Settings
from claims_tracker.fetch import Fetcher, FetchSettings
from claims_tracker.urls import snapshot_timestamp
from claims_tracker.wayback import (
    Capture,
    CaptureState,
    capture_status,
    request_capture,
    wayback_lookup,
)
from tests.servers import (
    LocalServer,
    Reply,
    Request,
    SavePageNow,
    running_server,
    unused_port,
)

BEFORE = datetime(2024, 5, 17, 9, 30, 0, tzinfo=UTC)
TS = "20240517093000"
IN_REPLAY = "https://news.example.org/story"  # the replay service knows it
ONLY_IN_API = "https://blog.example.net/post?id=7"  # only the availability API knows it
ARCHIVED_404 = "https://gone.example.com/page"  # archived, but what was archived is a 404


def replay(request: Request) -> Reply:
    """``/web/<ts>/<url>`` → 302 to the nearest snapshot, or 404."""
    timestamp, _, url = request.path.removeprefix("/web/").partition("/")
    if len(timestamp) != 14 or not timestamp.isdigit():
        return Reply(status=400, body="bad timestamp")
    if url == IN_REPLAY:
        return Reply(status=302, headers={"Location": f"/web/20240501120000/{url}"})
    if url == "https://exact.example.org/":
        return Reply(body="<title>archived</title>")  # the timestamp matched a capture exactly
    return Reply(status=404, body="Wayback Machine has not archived that URL.")


def availability(request: Request) -> Reply:
    query = parse_qs(request.query)
    url, timestamp = query["url"][0], query["timestamp"][0]
    snapshots: dict[str, object] = {}
    if url == ONLY_IN_API:
        snapshots = {
            "closest": {
                "available": True,
                "status": "200",
                "timestamp": "20240401000000",
                "url": f"http://web.archive.test/web/20240401000000/{url}",
            }
        }
    elif url == ARCHIVED_404:
        snapshots = {
            "closest": {
                "available": True,
                "status": "404",
                "timestamp": timestamp,
                "url": f"http://web.archive.test/web/{timestamp}/{url}",
            }
        }
    return Reply(
        body=json.dumps({"url": url, "archived_snapshots": snapshots}),
        content_type="application/json",
    )


@pytest.fixture
def archive() -> Iterator[LocalServer]:
    with running_server(
        "127.0.0.4", {"/web/*": replay, "/wayback/available": availability}
    ) as server:
        yield server


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchSettings(allow_private=True)) as f:
        yield f


def test_replay_redirect_gives_the_snapshot(archive: LocalServer, fetcher: Fetcher) -> None:
    snapshot = wayback_lookup(IN_REPLAY, before=BEFORE, fetcher=fetcher, base_url=archive.origin)
    assert snapshot == archive.url(f"/web/20240501120000/{IN_REPLAY}")
    assert snapshot_timestamp(snapshot) == datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    (request,) = archive.requests
    assert request.path == f"/web/{TS}/{IN_REPLAY}"
    assert archive.hits["/wayback/available"] == 0
    # The snapshot itself is not downloaded: the redirect alone answers the question.
    assert archive.hits[f"/web/20240501120000/{IN_REPLAY}"] == 0


def test_exact_capture_answered_with_200(archive: LocalServer, fetcher: Fetcher) -> None:
    snapshot = wayback_lookup(
        "https://exact.example.org/", before=BEFORE, fetcher=fetcher, base_url=archive.origin + "/"
    )
    assert snapshot == archive.url(f"/web/{TS}/https://exact.example.org/")


def test_availability_api_is_the_fallback(archive: LocalServer, fetcher: Fetcher) -> None:
    snapshot = wayback_lookup(
        ONLY_IN_API + "#section", before=BEFORE, fetcher=fetcher, base_url=archive.origin
    )
    # The API names the snapshot on its own host; fragments never reach the archive.
    assert snapshot == f"http://web.archive.test/web/20240401000000/{ONLY_IN_API}"
    assert archive.hits["/wayback/available"] == 1
    api_request = archive.requests_to("/wayback/available")[0]
    assert parse_qs(api_request.query) == {"url": [ONLY_IN_API], "timestamp": [TS]}


def test_no_snapshot_anywhere(archive: LocalServer, fetcher: Fetcher) -> None:
    assert (
        wayback_lookup(
            "https://never.example.org/x", before=BEFORE, fetcher=fetcher, base_url=archive.origin
        )
        is None
    )
    assert archive.hits["/wayback/available"] == 1


def test_archived_error_page_is_not_a_copy(archive: LocalServer, fetcher: Fetcher) -> None:
    assert (
        wayback_lookup(ARCHIVED_404, before=BEFORE, fetcher=fetcher, base_url=archive.origin)
        is None
    )


def test_naive_before_is_taken_as_utc(archive: LocalServer, fetcher: Fetcher) -> None:
    wayback_lookup(
        IN_REPLAY, before=BEFORE.replace(tzinfo=None), fetcher=fetcher, base_url=archive.origin
    )
    assert archive.requests[0].path.startswith(f"/web/{TS}/")


def test_archive_unreachable_gives_none(fetcher: Fetcher) -> None:
    base = f"http://127.0.0.1:{unused_port()}"
    assert wayback_lookup(IN_REPLAY, before=BEFORE, fetcher=fetcher, base_url=base) is None


def test_broken_availability_json_gives_none(fetcher: Fetcher) -> None:
    routes = {"/web/*": Reply(status=503), "/wayback/available": Reply(body="{not json")}
    with running_server(routes=routes) as server:
        assert (
            wayback_lookup(IN_REPLAY, before=BEFORE, fetcher=fetcher, base_url=server.origin)
            is None
        )


def test_redirect_elsewhere_is_not_a_snapshot(fetcher: Fetcher) -> None:
    routes = {
        "/web/*": Reply(status=302, headers={"Location": "/login"}),
        "/wayback/available": Reply(body='{"archived_snapshots": {}}'),
    }
    with running_server(routes=routes) as server:
        assert (
            wayback_lookup(IN_REPLAY, before=BEFORE, fetcher=fetcher, base_url=server.origin)
            is None
        )


# --------------------------------------------------------------------------- Save Page Now

KEYS = ArchiveKeys("access", "secret")
LIVE = "https://news.example.org/live-story"


def test_capture_request_then_status_until_the_snapshot(fetcher: Fetcher) -> None:
    spn = SavePageNow(polls=2, timestamp="20261201093000")
    with running_server("127.0.0.4", spn.routes()) as archive:
        taken = request_capture(
            LIVE + "#section",
            fetcher=fetcher,
            keys=KEYS,
            base_url=archive.origin + "/",
            if_not_archived_within=timedelta(days=30),
        )
        assert taken.state is CaptureState.PENDING
        assert taken.job_id is not None
        assert spn.forms == [{"url": LIVE, "if_not_archived_within": "2592000"}]
        (post,) = archive.requests_to("/save")
        assert post.method == "POST"
        assert post.headers["authorization"] == "LOW access:secret"
        assert post.headers["accept"] == "application/json"
        assert post.headers["content-type"] == "application/x-www-form-urlencoded"

        def status() -> Capture:
            assert taken.job_id is not None
            return capture_status(taken.job_id, fetcher=fetcher, keys=KEYS, base_url=archive.origin)

        assert [status().state, status().state] == [CaptureState.PENDING] * 2
        assert status() == Capture(
            CaptureState.SAVED, snapshot_url=archive.url(f"/web/20261201093000/{LIVE}")
        )


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        # The page cannot be captured: not worth asking again soon.
        (
            "error:blocked-url",
            Capture(CaptureState.FAILED, reason="error:blocked-url", lasting=True),
        ),
        # The archive's own trouble says nothing against the page.
        (
            "error:service-unavailable",
            Capture(CaptureState.FAILED, reason="error:service-unavailable"),
        ),
        # The account's day is used up: no more requests this run.
        (
            "error:too-many-daily-captures",
            Capture(
                CaptureState.FAILED, reason="error:too-many-daily-captures", account_refused=True
            ),
        ),
    ],
)
def test_capture_job_errors(fetcher: Fetcher, code: str, expected: Capture) -> None:
    spn = SavePageNow(polls=0, job_errors={LIVE: code})
    with running_server("127.0.0.4", spn.routes()) as archive:
        taken = request_capture(LIVE, fetcher=fetcher, keys=KEYS, base_url=archive.origin)
        assert taken.job_id is not None
        answer = capture_status(taken.job_id, fetcher=fetcher, keys=KEYS, base_url=archive.origin)
        assert answer == expected


def test_capture_request_refusals(fetcher: Fetcher) -> None:
    spn = SavePageNow(busy=1, refusals={"https://private.example.org/": "error:no-access"})
    with running_server("127.0.0.4", spn.routes()) as archive:

        def ask(url: str, keys: ArchiveKeys = KEYS) -> Capture:
            return request_capture(url, fetcher=fetcher, keys=keys, base_url=archive.origin)

        busy = ask(LIVE)
        assert (busy.state, busy.retry_after, busy.lasting) == (CaptureState.FAILED, 1.0, False)
        assert ask("https://private.example.org/") == Capture(
            CaptureState.FAILED, reason="error:no-access", lasting=True
        )
        assert ask(LIVE, ArchiveKeys("access", "wrong")) == Capture(
            CaptureState.FAILED,
            reason="the archive refused the keys (HTTP 401)",
            account_refused=True,
        )


def test_capture_answers_that_are_not_the_protocol(fetcher: Fetcher) -> None:
    routes = {
        # A recent capture given at once, instead of a job.
        "/save": Reply(
            body=json.dumps({"url": LIVE, "timestamp": "20261130101010", "original_url": LIVE}),
            content_type="application/json",
        ),
        "/save/status/*": Reply(body="<html>maintenance</html>"),
    }
    with running_server("127.0.0.4", routes) as archive:
        assert request_capture(LIVE, fetcher=fetcher, keys=KEYS, base_url=archive.origin) == (
            Capture(CaptureState.SAVED, snapshot_url=archive.url(f"/web/20261130101010/{LIVE}"))
        )
        assert capture_status(
            "spn2-1", fetcher=fetcher, keys=KEYS, base_url=archive.origin
        ) == Capture(CaptureState.FAILED, reason="the archive's answer named no capture")
    unreachable = request_capture(
        LIVE, fetcher=fetcher, keys=KEYS, base_url=f"http://127.0.0.1:{unused_port()}"
    )
    assert unreachable.state is CaptureState.FAILED
    assert (unreachable.reason or "").startswith("archive unreachable")
    assert (unreachable.lasting, unreachable.account_refused) == (False, False)


def test_keys_are_never_shown() -> None:
    keys = ArchiveKeys("acc-4521", "sec-9930")
    for shown in (repr(keys), str(keys), repr(Settings(archive_keys=keys))):
        assert "acc-4521" not in shown
        assert "sec-9930" not in shown
