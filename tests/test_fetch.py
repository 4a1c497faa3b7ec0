"""The fetcher against real local servers: limits, redirects, SSRF guard, charsets, errors."""

from __future__ import annotations

import contextlib
import dataclasses
import gzip
import hashlib
import ipaddress
import socket
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_tracker import USER_AGENT
from claims_tracker.fetch import (
    ErrorKind,
    Fetcher,
    FetchSettings,
    Hop,
    UnsupportedURLError,
    is_public_address,
    parse_retry_after,
    refresh_target,
    validate_http_url,
)
from tests.pdfs import pdf_document
from tests.servers import (
    Reply,
    drip,
    endless,
    gzip_bomb,
    read_request_head,
    redirect,
    reset_mid_body,
    running_raw_server,
    running_server,
    unused_port,
)

LOCAL = FetchSettings(allow_private=True, connect_timeout=2.0, read_timeout=3.0, total_deadline=5.0)
PAGE = "<html><head><title> Hello &amp; welcome </title></head><body>hi</body></html>"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(LOCAL) as f:
        yield f


# --------------------------------------------------------------------------- basic answers


def test_plain_200_records_body_text_title_and_hash(fetcher: Fetcher) -> None:
    with running_server(routes={"/page": Reply(body=PAGE, headers={"Server": "unit"})}) as server:
        result = fetcher.fetch(server.url("/page"))
    assert result.ok
    assert (result.status, result.error_kind, result.redirects) == (200, None, ())
    assert result.final_url == result.requested_url == server.url("/page")
    assert result.body == PAGE.encode()
    assert result.text == PAGE
    assert result.title == "Hello & welcome"
    assert result.sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    assert result.content_type == "text/html"
    assert result.content_length == len(PAGE)
    assert result.headers["server"] == "unit"
    assert result.headers["content-type"] == "text/html; charset=utf-8"
    assert not result.truncated
    assert 0 <= result.elapsed_ms < 2000


@pytest.mark.parametrize("status", [404, 410])
def test_gone_statuses_are_answers_not_errors(fetcher: Fetcher, status: int) -> None:
    with running_server(routes={"/x": Reply(status=status, body="gone")}) as server:
        result = fetcher.fetch(server.url("/x"))
    assert result.status == status
    assert result.error_kind is None
    assert not result.ok
    assert result.text == "gone"


def test_gzip_and_deflate_bodies_are_decoded(fetcher: Fetcher) -> None:
    text = "<title>zipped</title>" + "word " * 2000
    routes = {
        "/gzip": Reply(body=text, gzip=True),
        "/zlib": Reply(body=zlib.compress(text.encode()), headers={"Content-Encoding": "deflate"}),
        "/raw-deflate": Reply(
            body=zlib.compress(text.encode(), wbits=-15)[:], headers={"Content-Encoding": "deflate"}
        ),
        "/chunked-gzip": Reply(
            body=gzip.compress(text.encode()), chunked=True, headers={"Content-Encoding": "gzip"}
        ),
    }
    with running_server(routes=routes) as server:
        results = {path: fetcher.fetch(server.url(path)) for path in routes}
    for path, result in results.items():
        assert result.text == text, path
        assert result.title == "zipped", path
        assert result.content_length == len(text), path


def test_accept_encoding_and_default_user_agent_are_sent(fetcher: Fetcher) -> None:
    with running_server(routes={"/": Reply(body="ok")}) as server:
        fetcher.fetch(server.url("/"))
        (request,) = server.requests
    assert request.headers["user-agent"] == USER_AGENT
    assert request.headers["accept-encoding"] == "gzip, deflate"


def test_user_agent_override_per_host_and_subdomain() -> None:
    settings = FetchSettings(
        allow_private=True, user_agent_by_host={"127.0.0.2": "SpecialAgent/1.0"}
    )
    with (
        running_server("127.0.0.2", {"/": Reply(body="a")}) as special,
        running_server("127.0.0.3", {"/": Reply(body="b")}) as plain,
        Fetcher(settings) as fetcher,
    ):
        fetcher.fetch(special.url("/"))
        fetcher.fetch(plain.url("/"))
        assert special.requests[0].headers["user-agent"] == "SpecialAgent/1.0"
        assert plain.requests[0].headers["user-agent"] == USER_AGENT
    by_domain = Fetcher(FetchSettings(user_agent_by_host={"example.org": "X/1"}))
    assert by_domain.user_agent_for("news.example.org") == "X/1"
    assert by_domain.user_agent_for("example.org.evil.test") == USER_AGENT


def test_keep_alive_connection_is_reused(fetcher: Fetcher) -> None:
    with running_server(routes={"/": Reply(body="ok"), "/r": redirect("/")}) as server:
        for _ in range(5):
            assert fetcher.fetch(server.url("/r")).status == 200
    assert len(server.requests) == 10
    assert len({request.client_port for request in server.requests}) == 1


# --------------------------------------------------------------------------- redirects


def test_redirect_chain_is_recorded(fetcher: Fetcher) -> None:
    routes = {"/a": redirect("/b", 301), "/b": redirect("/c", 301), "/c": Reply(body="end")}
    with running_server(routes=routes) as server:
        result = fetcher.fetch(server.url("/a"))
    assert result.status == 200
    assert result.redirects == (Hop(server.url("/a"), 301), Hop(server.url("/b"), 301))
    assert result.final_url == server.url("/c")
    assert result.text == "end"


def test_relative_and_cross_host_redirects_with_303(fetcher: Fetcher) -> None:
    with running_server("127.0.0.3", {"/landing": Reply(body="there")}) as other:
        routes = {
            "/dir/start": redirect("next", 303),
            "/dir/next": redirect(other.url("/landing"), 307),
        }
        with running_server("127.0.0.2", routes) as first:
            result = fetcher.fetch(first.url("/dir/start"))
    assert result.redirects == (Hop(first.url("/dir/start"), 303), Hop(first.url("/dir/next"), 307))
    assert result.final_url == other.url("/landing")
    assert result.text == "there"


def test_redirect_loop_is_detected(fetcher: Fetcher) -> None:
    routes = {"/a": redirect("/b"), "/b": redirect("/a")}
    with running_server(routes=routes) as server:
        result = fetcher.fetch(server.url("/a"))
        assert server.hits == {"/a": 1, "/b": 1}
    assert result.error_kind is ErrorKind.REDIRECT_LOOP
    assert [hop.url for hop in result.redirects] == [server.url("/a"), server.url("/b")]
    assert result.body is None


def test_redirect_loop_detail_names_the_revisited_url_once(fetcher: Fetcher) -> None:
    with running_server(routes={"/loop": redirect("/loop")}) as server:
        result = fetcher.fetch(server.url("/loop"))
    assert result.error_kind is ErrorKind.REDIRECT_LOOP
    assert result.error_detail == f"{server.url('/loop')} was already visited"


def test_redirect_to_self_with_new_cookie_is_not_a_loop(fetcher: Fetcher) -> None:
    def cookie_gate(request: object) -> Reply:
        headers = getattr(request, "headers", {})
        if "seen=1" in headers.get("cookie", ""):
            return Reply(body="welcome")
        return Reply(status=302, headers=[("Location", "/gate"), ("Set-Cookie", "seen=1")])

    with running_server(routes={"/gate": cookie_gate}) as server:
        result = fetcher.fetch(server.url("/gate"))
    assert result.status == 200
    assert result.text == "welcome"
    assert len(result.redirects) == 1


def refreshing(content: str, body: str = "Moved.") -> Reply:
    """A 200 page that moves readers on with a refresh meta tag."""
    return Reply(
        body=f'<html><head><meta http-equiv="refresh" content="{content}">'
        f"<title>Moved</title></head><body>{body}</body></html>"
    )


def test_meta_refresh_is_followed_like_a_redirect(fetcher: Fetcher) -> None:
    routes = {
        "/old": refreshing("0; url=/new?a=1&amp;b=2"),
        "/new": Reply(body="<html><head><title>New</title></head><body>here</body></html>"),
    }
    with running_server(routes=routes) as server:
        result = fetcher.fetch(server.url("/old"))
        assert server.hits == {"/old": 1, "/new": 1}
    assert result.status == 200
    assert result.redirects == (Hop(server.url("/old"), 200, refresh=True),)
    assert result.final_url == server.url("/new?a=1&b=2")
    assert result.title == "New"


def test_a_page_without_a_content_type_is_read_as_html_by_its_markup(fetcher: Fetcher) -> None:
    """Servers that send no Content-Type: the markup says HTML (title, refresh), or not."""
    routes = {
        "/bare": Reply(
            body='<meta http-equiv="refresh" content="0; url=/new"><p>Moved.</p>',
            content_type=None,
        ),
        "/new": Reply(body="<!DOCTYPE html><title>New</title><p>here</p>", content_type=None),
        "/plain": Reply(body="<title>not markup</title> in a text file", content_type=None),
    }
    with running_server(routes=routes) as server:
        moved = fetcher.fetch(server.url("/bare"))
        plain = fetcher.fetch(server.url("/plain"))
    assert moved.final_url == server.url("/new")
    assert moved.redirects == (Hop(server.url("/bare"), 200, refresh=True),)
    assert moved.title == "New"
    assert plain.text == "<title>not markup</title> in a text file"
    assert plain.title is None


def test_refresh_header_is_followed_across_hosts(fetcher: Fetcher) -> None:
    with running_server("127.0.0.3", {"/landing": Reply(body="there")}) as other:
        routes = {
            "/start": Reply(body="wait", headers={"Refresh": f"2;url={other.url('/landing')}"})
        }
        with running_server("127.0.0.2", routes) as first:
            result = fetcher.fetch(first.url("/start"))
    assert result.redirects == (Hop(first.url("/start"), 200, refresh=True),)
    assert result.final_url == other.url("/landing")
    assert result.text == "there"


@pytest.mark.parametrize(
    "page",
    [
        refreshing("300; url=/elsewhere", "a front page reloading itself every five minutes"),
        refreshing("0", "a reload with no URL"),
        refreshing("0; url=/page#top", "a refresh to the page itself"),
        refreshing("0; url=javascript:alert(1)", "not a place a reader goes"),
        Reply(body='<noscript><meta http-equiv="refresh" content="0;url=/nojs"></noscript>hi'),
        Reply(body='<!-- <meta http-equiv="refresh" content="0;url=/old-site"> -->hi'),
        Reply(status=404, body='<meta http-equiv="refresh" content="0;url=/">Not found'),
        Reply(body='<meta http-equiv="refresh" content="0;url=/x">', content_type="text/plain"),
    ],
    ids=["long-delay", "no-url", "self", "javascript", "noscript", "comment", "404", "text"],
)
def test_refresh_that_moves_nowhere_is_not_followed(fetcher: Fetcher, page: Reply) -> None:
    with running_server(routes={"/page": page, "/elsewhere": Reply(body="x")}) as server:
        result = fetcher.fetch(server.url("/page"))
        assert set(server.hits) == {"/page"}
    assert result.redirects == ()
    assert result.final_url == server.url("/page")
    assert result.status == page.status


def test_meta_refresh_loop_and_refresh_without_following(fetcher: Fetcher) -> None:
    routes = {"/a": refreshing("0;URL='/b'"), "/b": refreshing("1, /a")}
    with running_server(routes=routes) as server:
        looped = fetcher.fetch(server.url("/a"))
        unfollowed = fetcher.fetch(server.url("/a"), follow_redirects=False)
    assert looped.error_kind is ErrorKind.REDIRECT_LOOP
    assert looped.redirects == (
        Hop(server.url("/a"), 200, refresh=True),
        Hop(server.url("/b"), 200, refresh=True),
    )
    assert unfollowed.redirects == ()
    assert unfollowed.title == "Moved"


def test_meta_refresh_to_a_private_address_is_refused() -> None:
    with running_server("127.0.0.3", {"/internal": Reply(body="secret")}) as internal:
        routes = {"/page": refreshing(f"0; url={internal.url('/internal')}")}
        settings = FetchSettings(private_host_allowlist=frozenset({"127.0.0.2"}))
        with running_server("127.0.0.2", routes) as public, Fetcher(settings) as fetcher:
            result = fetcher.fetch(public.url("/page"))
        assert internal.hits == {}
    assert result.error_kind is ErrorKind.BLOCKED_PRIVATE
    assert result.redirects == (Hop(public.url("/page"), 200, refresh=True),)


@pytest.mark.parametrize(
    ("content", "target"),
    [
        ("0;url=/x", "http://h/x"),
        ("0; URL = '/x y'", "http://h/x y"),
        ('5, "https://other.example/p"', "https://other.example/p"),
        ("0 url=/x", "http://h/x"),
        ("3.5; url=/x", "http://h/x"),
        ("  30 ;  /x", "http://h/x"),
        ("31; url=/x", None),
        ("0url=/x", None),
        ("0", None),
        ("soon; url=/x", None),
        ("0; url=", None),
        ("0; url=ftp://h/x", None),
        ("0; url=/page#comments", None),
    ],
)
def test_refresh_target_reads_the_value_as_browsers_do(content: str, target: str | None) -> None:
    assert refresh_target(content, "http://h/page") == target


def test_too_many_redirects() -> None:
    routes = {f"/{i}": redirect(f"/{i + 1}") for i in range(5)}
    with (
        running_server(routes=routes) as server,
        Fetcher(FetchSettings(allow_private=True, max_redirects=3)) as fetcher,
    ):
        result = fetcher.fetch(server.url("/0"))
        assert server.hits["/4"] == 0
    assert result.error_kind is ErrorKind.TOO_MANY_REDIRECTS
    assert len(result.redirects) == 4
    assert result.error_detail == f"more than 3; stopped before {server.url('/4')}"


def test_follow_redirects_off_returns_the_redirect(fetcher: Fetcher) -> None:
    with running_server(routes={"/old": redirect("/new", 301)}) as server:
        result = fetcher.fetch(server.url("/old"), follow_redirects=False)
        assert server.hits["/new"] == 0
    assert result.status == 301
    assert result.headers["location"] == "/new"
    assert result.redirects == ()


@pytest.mark.parametrize(
    "target", ["ftp://example.org/file", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_redirect_to_other_scheme_is_refused(fetcher: Fetcher, target: str) -> None:
    with running_server(routes={"/r": redirect(target)}) as server:
        result = fetcher.fetch(server.url("/r"))
    assert result.error_kind is ErrorKind.UNSUPPORTED_SCHEME
    assert result.redirects == (Hop(server.url("/r"), 302),)
    assert result.final_url == target
    assert result.error_detail == target  # the kind already says what is wrong with it


def test_malformed_location_never_raises(fetcher: Fetcher) -> None:
    with running_server(routes={"/r": redirect("http://[not-an-ip/")}) as server:
        result = fetcher.fetch(server.url("/r"))
    assert result.error_kind is ErrorKind.INVALID_URL


# --------------------------------------------------------------------------- SSRF guard

ODD_LOOPBACK_FORMS = [
    "http://127.0.0.1:{port}/",
    "http://2130706433:{port}/",  # decimal
    "http://0x7f.1:{port}/",  # hex + short form
    "http://0177.0.0.1:{port}/",  # octal
    "http://127.1:{port}/",
    "http://[::ffff:127.0.0.1]:{port}/",  # IPv4-mapped IPv6
    "http://localhost:{port}/",
    "http://LOCALHOST.:{port}/",
]


@pytest.mark.parametrize("template", ODD_LOOPBACK_FORMS)
def test_private_targets_are_refused_before_any_connection(template: str) -> None:
    with (
        running_server(routes={"/": Reply(body="secret")}) as server,
        Fetcher(FetchSettings()) as fetcher,
    ):
        result = fetcher.fetch(template.format(port=server.port))
        assert server.hits == {}
    assert result.error_kind is ErrorKind.BLOCKED_PRIVATE
    assert result.status is None
    assert (result.error_detail or "").endswith("(private targets need --allow-private)")


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://0.0.0.0/",
        "http://169.254.169.254/",
        "http://10.1.2.3/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
        "http://[64:ff9b::7f00:1]/",
        "http://[2002:7f00:1::1]/",
    ],
)
def test_reserved_ranges_are_refused(url: str) -> None:
    with Fetcher(FetchSettings(connect_timeout=0.2)) as fetcher:
        assert fetcher.fetch(url).error_kind is ErrorKind.BLOCKED_PRIVATE


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700::1111", True),
        ("::ffff:93.184.215.14", True),
        ("64:ff9b::93.184.215.14", True),
        ("127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::10.0.0.1", False),
        ("2002:0a00:0001::", False),
        ("192.168.1.1", False),
        ("198.18.0.1", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::", False),
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


def test_redirect_hop_to_private_address_is_refused() -> None:
    # 127.0.0.2 is allow-listed so the first hop works; the redirect target is not.
    with running_server("127.0.0.3", {"/internal": Reply(body="secret")}) as internal:
        routes = {
            "/to-ip": redirect(internal.url("/internal")),
            "/to-decimal": redirect(f"http://2130706433:{internal.port}/internal"),
        }
        settings = FetchSettings(private_host_allowlist=frozenset({"127.0.0.2"}))
        with running_server("127.0.0.2", routes) as public, Fetcher(settings) as fetcher:
            to_ip = fetcher.fetch(public.url("/to-ip"))
            to_decimal = fetcher.fetch(public.url("/to-decimal"))
            assert public.hits == {"/to-ip": 1, "/to-decimal": 1}
        assert internal.hits == {}
    assert to_ip.error_kind is ErrorKind.BLOCKED_PRIVATE
    assert to_ip.redirects == (Hop(public.url("/to-ip"), 302),)
    assert to_ip.final_url == internal.url("/internal")
    assert to_decimal.error_kind is ErrorKind.BLOCKED_PRIVATE


def test_connection_goes_to_the_resolved_address() -> None:
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        return ["127.0.0.2"]

    with (
        running_server("127.0.0.2", {"/": Reply(body="via resolver")}) as server,
        Fetcher(LOCAL, resolver=resolver) as fetcher,
    ):
        first = fetcher.fetch(f"http://site.test:{server.port}/")
        second = fetcher.fetch(f"http://site.test:{server.port}/")
        assert server.requests[0].headers["host"] == f"site.test:{server.port}"
    assert first.text == second.text == "via resolver"
    assert calls == ["site.test"]  # cached for dns_cache_ttl, not resolved per request


def test_dns_rebinding_between_check_and_connect_is_refused() -> None:
    answers = iter([["93.184.215.14"], ["127.0.0.2"]])  # public for the check, then private

    def rebinding_resolver(host: str) -> list[str]:
        return next(answers)

    with (
        running_server("127.0.0.2", {"/": Reply(body="secret")}) as server,
        Fetcher(FetchSettings(dns_cache_ttl=0), resolver=rebinding_resolver) as fetcher,
    ):
        result = fetcher.fetch(f"http://rebind.test:{server.port}/")
        assert server.hits == {}
    assert result.error_kind is ErrorKind.BLOCKED_PRIVATE


def test_resolver_failure_is_dns_error() -> None:
    def failing(host: str) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with Fetcher(FetchSettings(), resolver=failing) as fetcher:
        result = fetcher.fetch("https://nowhere.test/")
    assert result.error_kind is ErrorKind.DNS
    assert result.error_detail == "nowhere.test (Name or service not known)"


# --------------------------------------------------------------------------- URL validation


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("ftp://example.org/", ErrorKind.UNSUPPORTED_SCHEME),
        ("javascript:alert(1)", ErrorKind.UNSUPPORTED_SCHEME),
        ("file:///etc/passwd", ErrorKind.UNSUPPORTED_SCHEME),
        ("mailto:someone@example.org", ErrorKind.UNSUPPORTED_SCHEME),
        ("data:text/html,hi", ErrorKind.UNSUPPORTED_SCHEME),
        ("http://", ErrorKind.INVALID_URL),
        ("http:///path", ErrorKind.INVALID_URL),
        ("example.org/page", ErrorKind.INVALID_URL),
        ("", ErrorKind.INVALID_URL),
        ("http://example.org:99999/", ErrorKind.INVALID_URL),
        ("http://exa mple.org/", ErrorKind.INVALID_URL),
        ("http://example.org/\r\nX-Injected: 1", ErrorKind.INVALID_URL),
        ("http://" + "a" * 64 + ".org/", ErrorKind.INVALID_URL),
    ],
)
def test_unfetchable_urls(url: str, kind: ErrorKind) -> None:
    with pytest.raises(ValueError, match=r".") as info:
        validate_http_url(url)
    assert isinstance(info.value, UnsupportedURLError)
    assert info.value.kind is kind
    assert "\n" not in str(info.value).replace("\\n", "")
    # The message says the kind once; the detail, kept beside the kind, does not repeat it.
    prefix = "invalid URL" if kind is ErrorKind.INVALID_URL else "unsupported URL scheme"
    assert str(info.value).startswith(prefix)
    assert str(info.value).endswith(f": {info.value.detail}")
    assert prefix.lower() not in info.value.detail.lower()
    with Fetcher(FetchSettings()) as fetcher:
        result = fetcher.fetch(url)
    assert result.error_kind is kind
    assert result.requested_url == url
    assert result.error_detail == info.value.detail


def test_valid_urls_pass_validation() -> None:
    assert validate_http_url("  https://Example.org/a?b=c#d ") == "https://Example.org/a?b=c#d"
    assert validate_http_url("http://bücher.example/") == "http://bücher.example/"
    assert validate_http_url("http://[2001:db8::1]:8080/") == "http://[2001:db8::1]:8080/"


@given(st.text(max_size=80))
def test_validate_raises_only_value_error(text: str) -> None:
    with contextlib.suppress(ValueError):
        assert validate_http_url(text) == text.strip()


# --------------------------------------------------------------------------- limits


def test_slow_drip_ends_at_total_deadline() -> None:
    settings = FetchSettings(allow_private=True, total_deadline=1.0, read_timeout=5.0)
    with (
        running_server(routes={"/drip": drip(b"x" * 100, interval=0.2)}) as server,
        Fetcher(settings) as fetcher,
    ):
        started = time.monotonic()
        result = fetcher.fetch(server.url("/drip"))
        elapsed = time.monotonic() - started
    assert result.error_kind is ErrorKind.TIMEOUT
    assert "deadline" in (result.error_detail or "")
    assert result.status == 200
    assert 0.9 <= elapsed < 3.0


def test_dripped_headers_also_end_at_total_deadline() -> None:
    def drip_headers(conn: socket.socket) -> None:
        read_request_head(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        for _ in range(100):
            conn.sendall(b"X")
            time.sleep(0.1)

    settings = FetchSettings(allow_private=True, total_deadline=1.0, read_timeout=5.0)
    with running_raw_server(drip_headers) as server, Fetcher(settings) as fetcher:
        started = time.monotonic()
        result = fetcher.fetch(server.url("/"))
        elapsed = time.monotonic() - started
    assert result.error_kind is ErrorKind.TIMEOUT
    assert 0.9 <= elapsed < 3.0


def test_read_timeout_when_server_is_silent() -> None:
    settings = FetchSettings(allow_private=True, read_timeout=0.3, total_deadline=5.0)
    with (
        running_server(routes={"/slow": Reply(body="late", delay=2.0)}) as server,
        Fetcher(settings) as fetcher,
    ):
        result = fetcher.fetch(server.url("/slow"))
    assert result.error_kind is ErrorKind.TIMEOUT
    assert result.error_detail == "the server sent nothing for 0.3s (read timeout)"
    assert result.elapsed_ms < 1500


def test_endless_body_stops_at_byte_cap() -> None:
    cap = 256 * 1024
    settings = FetchSettings(allow_private=True, max_bytes=cap)
    with running_server(routes={"/endless": endless()}) as server, Fetcher(settings) as fetcher:
        result = fetcher.fetch(server.url("/endless"))
    assert result.error_kind is ErrorKind.TOO_LARGE
    assert result.truncated
    assert result.status == 200
    assert result.body is not None
    assert len(result.body) == cap
    assert result.content_length == cap
    assert result.text is not None
    assert result.text.startswith("aaaa")


def test_gzip_bomb_stops_at_decoded_cap_with_little_memory() -> None:
    cap = 1024 * 1024
    settings = FetchSettings(allow_private=True, max_bytes=cap)
    with (
        running_server(routes={"/bomb": gzip_bomb(10 * 1024 * 1024)}) as server,
        Fetcher(settings) as fetcher,
    ):
        tracemalloc.start()
        started = time.monotonic()
        try:
            result = fetcher.fetch(server.url("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        elapsed = time.monotonic() - started
    assert result.error_kind is ErrorKind.TOO_LARGE
    assert result.content_length == cap
    assert result.body == bytes(cap)
    assert peak < 16 * cap  # megabytes, not the gigabytes the stream inflates to
    assert elapsed < 3.0


def test_per_call_max_bytes(fetcher: Fetcher) -> None:
    with running_server(routes={"/": Reply(body="x" * 5000)}) as server:
        result = fetcher.fetch(server.url("/"), max_bytes=1000)
    assert result.truncated
    assert result.content_length == 1000


# --------------------------------------------------------------------------- network errors


def test_reset_mid_body() -> None:
    with running_server(routes={"/reset": reset_mid_body()}) as server, Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch(server.url("/reset"))
    assert result.error_kind is ErrorKind.RESET
    assert result.status == 200
    assert result.body is None


def test_close_without_answer_is_reset() -> None:
    def hang_up(conn: socket.socket) -> None:
        read_request_head(conn)

    with running_raw_server(hang_up) as server, Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch(server.url("/"))
    assert result.error_kind is ErrorKind.RESET


def test_non_http_answer_is_connection_error() -> None:
    def babble(conn: socket.socket) -> None:
        read_request_head(conn)
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n\r\n")

    with running_raw_server(babble) as server, Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch(server.url("/"))
    assert result.error_kind is ErrorKind.CONNECTION
    assert result.error_detail


def test_refused_port() -> None:
    with Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch(f"http://127.0.0.1:{unused_port()}/")
    assert result.error_kind is ErrorKind.REFUSED
    assert result.error_detail == "Connection refused"  # no class name or errno


def test_unresolvable_host() -> None:
    with Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch("http://no-such-host.invalid/page")
    assert result.error_kind is ErrorKind.DNS


def test_tls_error_against_plain_http_port() -> None:
    with running_server(routes={"/": Reply(body="plain")}) as server, Fetcher(LOCAL) as fetcher:
        result = fetcher.fetch(f"https://127.0.0.1:{server.port}/")
    assert result.error_kind is ErrorKind.TLS
    # OpenSSL's "[SSL: CODE] ... (_ssl.c:NNN)" framing says the reason twice; only the words stay.
    assert result.error_detail
    assert not result.error_detail.startswith("[")
    assert "_ssl.c" not in result.error_detail


# --------------------------------------------------------------------------- content decoding


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        # Header says UTF-8, bytes are Latin-1: a mislabelled page, decoded by detection.
        (
            "<p>Un café déjà très connu, à côté</p>".encode("latin-1"),
            "text/html; charset=utf-8",
            "Un café déjà très connu, à côté",
        ),
        # No header charset; <meta> says windows-1252 (smart quotes live in 0x80-0x9F).
        (
            b'<html><head><meta charset="windows-1252"></head>'
            b"<p>\x93quoted\x94 \x96 dash</p></html>",
            "text/html",
            "\u201cquoted\u201d \u2013 dash",
        ),
        # http-equiv form, and the ISO-8859-1 label meaning windows-1252 on the web.
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
            b"<p>\x93x\x94</p>",
            "text/html",
            "\u201cx\u201d",
        ),
        # Nothing declared, valid UTF-8.
        ("<p>naïve — ok</p>".encode(), "text/html", "naïve — ok"),
        # Header wins over <meta> when the bytes fit it.
        (
            '<meta charset="utf-8"><p>caf\xe9</p>'.encode("cp1252"),
            "text/html; charset=windows-1252",
            "café",
        ),
        # Real UTF-8 with one stray byte keeps UTF-8 and replaces only that byte.
        (
            "<p>Zürich – ".encode() + b"\xff" + "größer</p>".encode(),
            "text/html; charset=utf-8",
            "Zürich – \ufffdgrößer",
        ),
        # JSON is text too.
        (b'{"k": "v"}', "application/json", '{"k": "v"}'),
    ],
)
def test_charsets(fetcher: Fetcher, body: bytes, content_type: str, expected: str) -> None:
    with running_server(routes={"/": Reply(body=body, content_type=content_type)}) as server:
        result = fetcher.fetch(server.url("/"))
    assert result.text is not None
    assert expected in result.text


def test_binary_body_keeps_hash_but_no_text(fetcher: Fetcher) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    routes = {
        "/img.png": Reply(body=png, content_type="image/png"),
        "/doc.pdf": Reply(body=b"%PDF-1.7\n\x00\xff", content_type="application/pdf"),
    }
    with running_server(routes=routes) as server:
        image = fetcher.fetch(server.url("/img.png"))
        pdf = fetcher.fetch(server.url("/doc.pdf"))
    assert image.text is None
    assert image.title is None
    assert image.sha256 == hashlib.sha256(png).hexdigest()
    assert image.content_type == "image/png"
    assert image.body == png
    assert pdf.text is None
    assert pdf.content_type == "application/pdf"


def test_a_pdf_answer_gives_its_text_and_title(fetcher: Fetcher) -> None:
    report = pdf_document(["The operator confirmed the order on Monday."], title="Annual report")
    routes = {
        "/report.pdf": Reply(body=report, content_type="application/pdf"),
        "/download": Reply(body=report, content_type="application/octet-stream"),
    }
    with running_server(routes=routes) as server:
        typed = fetcher.fetch(server.url("/report.pdf"))
        sniffed = fetcher.fetch(server.url("/download"))
        with Fetcher(dataclasses.replace(LOCAL, read_pdfs=False)) as link_checker:
            unread = link_checker.fetch(server.url("/report.pdf"))
        cut = fetcher.fetch(server.url("/report.pdf"), max_bytes=len(report) // 2)
    for result in (typed, sniffed):
        assert (result.text, result.title) == (
            "The operator confirmed the order on Monday.",
            "Annual report",
        )
        assert result.sha256 == hashlib.sha256(report).hexdigest()
    assert (unread.text, unread.title, unread.sha256) == (None, None, typed.sha256)
    # A file cut at the byte cap has lost its index: no text, and no crash.
    assert cut.truncated
    assert cut.text is None


# --------------------------------------------------------------------------- headers


def test_retry_after_seconds_and_date(fetcher: Fetcher) -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    routes = {
        "/seconds": Reply(status=429, headers={"Retry-After": "120"}),
        "/date": Reply(status=503, headers={"Retry-After": later}),
    }
    with running_server(routes=routes) as server:
        seconds = fetcher.fetch(server.url("/seconds"))
        dated = fetcher.fetch(server.url("/date"))
    assert seconds.status == 429
    assert seconds.retry_after == 120.0
    assert seconds.headers["retry-after"] == "120"
    assert dated.retry_after is not None
    assert 80 <= dated.retry_after <= 91


def test_parse_retry_after_edge_cases() -> None:
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("0") == 0.0
    assert parse_retry_after("Wed, 01 May 2024 12:01:00 GMT", now=now) == 60.0
    assert parse_retry_after("Wed, 01 May 2024 11:00:00 GMT", now=now) == 0.0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after(None) is None


def test_cf_mitigated_header_is_kept(fetcher: Fetcher) -> None:
    reply = Reply(
        status=403, headers={"cf-mitigated": "challenge"}, body="<title>Just a moment...</title>"
    )
    with running_server(routes={"/": reply}) as server:
        result = fetcher.fetch(server.url("/"))
    assert result.status == 403
    assert result.headers["cf-mitigated"] == "challenge"
    assert result.title == "Just a moment..."


# --------------------------------------------------------------------------- robots.txt

ROBOTS = "User-agent: *\nDisallow: /private/\n"
# RFC 9309: the group naming our product token replaces the "*" group entirely.
ROBOTS_FOR_US = "User-agent: *\nDisallow: /\n\nUser-agent: claims-tracker\nDisallow: /no-bots\n"


def test_robots_disallow_is_honoured_only_when_asked() -> None:
    routes = {
        "/robots.txt": Reply(body=ROBOTS, content_type="text/plain"),
        "/private/page": Reply(body="p"),
        "/public": Reply(body="ok"),
    }
    with running_server(routes=routes) as server:
        with Fetcher(FetchSettings(allow_private=True, respect_robots=True)) as polite:
            private = polite.fetch(server.url("/private/page"))
            public = polite.fetch(server.url("/public"))
            again = polite.fetch(server.url("/private/page"))
        assert server.hits == {"/robots.txt": 1, "/public": 1}  # cached per origin
        with Fetcher(LOCAL) as default:
            assert default.fetch(server.url("/private/page")).status == 200
        assert server.hits["/robots.txt"] == 1
    assert private.error_kind is again.error_kind is ErrorKind.ROBOTS
    assert private.status is None
    assert private.body is None
    assert public.status == 200


def test_robots_group_for_our_user_agent_wins() -> None:
    routes = {
        "/robots.txt": Reply(body=ROBOTS_FOR_US, content_type="text/plain"),
        "/no-bots": Reply(body="n"),
        "/article": Reply(body="a"),
    }
    with (
        running_server(routes=routes) as server,
        Fetcher(FetchSettings(allow_private=True, respect_robots=True)) as fetcher,
    ):
        assert fetcher.fetch(server.url("/no-bots")).error_kind is ErrorKind.ROBOTS
        assert fetcher.fetch(server.url("/article")).status == 200


def test_missing_or_broken_robots_allows_everything() -> None:
    routes = {"/robots.txt": Reply(status=500), "/page": Reply(body="ok")}
    with (
        running_server(routes=routes) as server,
        running_server("127.0.0.2", {"/page": Reply(body="ok")}) as no_robots,
        Fetcher(FetchSettings(allow_private=True, respect_robots=True)) as fetcher,
    ):
        assert fetcher.fetch(server.url("/page")).status == 200
        assert fetcher.fetch(no_robots.url("/page")).status == 200
        assert no_robots.hits["/robots.txt"] == 1


def test_next_resolved_address_is_tried_when_one_refuses() -> None:
    # Nothing listens on 127.0.0.3 at the server's port: refused, then the next address answers.
    with (
        running_server("127.0.0.2", {"/": Reply(body="second address")}) as server,
        Fetcher(LOCAL, resolver=lambda host: ["127.0.0.3", "127.0.0.2"]) as fetcher,
    ):
        result = fetcher.fetch(f"http://two-addresses.test:{server.port}/")
    assert result.text == "second address"


# --------------------------------------------------------------------------- API calls


def test_api_call_posts_a_form_and_keeps_its_headers_to_that_url(fetcher: Fetcher) -> None:
    with (
        running_server("127.0.0.2", {"/elsewhere": Reply(body="{}")}) as other,
        running_server(
            routes={
                "/save": redirect(other.url("/elsewhere"), 307),
                "/status/7": Reply(body='{"status": "pending"}', content_type="application/json"),
            }
        ) as api,
    ):
        posted = fetcher.call_api(
            api.url("/save"),
            headers={"Authorization": "LOW a:b", "Accept": "application/json"},
            form={"url": "https://example.org/a b?x=1&y=2"},
        )
        assert (posted.status, posted.final_url) == (307, api.url("/save"))
        assert posted.redirects == ()
        (request,) = api.requests
        assert request.method == "POST"
        assert request.body == b"url=https%3A%2F%2Fexample.org%2Fa+b%3Fx%3D1%26y%3D2"
        assert request.headers["authorization"] == "LOW a:b"
        assert request.headers["accept"] == "application/json"
        assert other.requests == []  # the redirect is the caller's to follow, or not

        got = fetcher.call_api(api.url("/status/7"), headers={"Authorization": "LOW a:b"})
        assert (got.status, got.text) == (200, '{"status": "pending"}')
        assert api.requests[-1].method == "GET"
        assert api.requests[-1].headers["authorization"] == "LOW a:b"
        # A plain fetch afterwards carries none of it.
        fetcher.fetch(api.url("/status/7"))
        assert "authorization" not in api.requests[-1].headers


def test_api_calls_keep_the_address_guard() -> None:
    with Fetcher(FetchSettings()) as guarded, running_server(routes={"/save": Reply()}) as api:
        refused = guarded.call_api(api.url("/save"), headers={}, form={"url": "x"})
    assert refused.error_kind == ErrorKind.BLOCKED_PRIVATE
    assert api.requests == []
