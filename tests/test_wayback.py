"""Wayback lookups against a local server speaking the Wayback Machine's two protocols."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from claims_tracker.fetch import Fetcher, FetchSettings
from claims_tracker.wayback import snapshot_timestamp, wayback_lookup
from tests.servers import LocalServer, Reply, Request, running_server, unused_port

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
