"""Verdict rules (SPEC §4): table-driven on FetchResult values, then end to end on real servers."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claims_tracker import verdicts
from claims_tracker.fetch import ErrorKind, Fetcher, FetchResult, FetchSettings, Hop
from claims_tracker.models import CheckVerdict
from claims_tracker.verdicts import (
    classify_response,
    is_error_page_url,
    is_redirect_to_root,
    is_wall_url,
    looks_like_soft_404,
    random_missing_url,
)
from tests.servers import Reply, redirect, running_server, sequence, unused_port

URL = "https://news.example.org/2024/05/story-about-things"
ARTICLE = "<html><title>Story about things</title><p>" + "Real reporting. " * 300 + "</p></html>"


def result(**changes: Any) -> FetchResult:
    """A successful fetch of URL, with ``changes`` applied."""
    body = changes.pop("body_text", ARTICLE)
    base = FetchResult(
        requested_url=URL,
        final_url=URL,
        redirects=(),
        status=200,
        error_kind=None,
        error_detail=None,
        elapsed_ms=12,
        content_type="text/html",
        content_length=len(body.encode()),
        body=body.encode(),
        text=body,
        sha256=hashlib.sha256(body.encode()).hexdigest(),
        title=changes.pop("title", "Story about things"),
        headers={},
        retry_after=None,
        truncated=False,
    )
    return dataclasses.replace(base, **changes)


def failed(kind: ErrorKind, status: int | None = None) -> FetchResult:
    return result(
        error_kind=kind,
        status=status,
        body=None,
        text=None,
        sha256=None,
        title=None,
        error_detail="detail",
    )


# --------------------------------------------------------------------------- the table

CASES: list[tuple[str, FetchResult, CheckVerdict, bool, bool]] = [
    # name, result, verdict, is_failure, retryable
    ("200", result(), CheckVerdict.ALIVE, False, False),
    ("204", result(status=204), CheckVerdict.ALIVE, False, False),
    ("404", result(status=404), CheckVerdict.FAILING, True, False),
    ("410", result(status=410), CheckVerdict.FAILING, True, False),
    ("400", result(status=400), CheckVerdict.FAILING, True, False),
    ("500", result(status=500), CheckVerdict.FAILING, True, True),
    ("503", result(status=503), CheckVerdict.FAILING, True, True),
    ("408", result(status=408), CheckVerdict.FAILING, True, True),
    ("401", result(status=401), CheckVerdict.BLOCKED, False, False),
    ("403", result(status=403), CheckVerdict.BLOCKED, False, False),
    ("451", result(status=451), CheckVerdict.BLOCKED, False, False),
    ("999", result(status=999), CheckVerdict.BLOCKED, False, False),
    ("429", result(status=429, retry_after=30.0), CheckVerdict.BLOCKED, False, True),
    (
        "cf challenge 200",
        result(headers={"cf-mitigated": "challenge"}),
        CheckVerdict.BLOCKED,
        False,
        False,
    ),
    (
        "cf challenge 403",
        result(status=403, headers={"cf-mitigated": "challenge"}),
        CheckVerdict.BLOCKED,
        False,
        False,
    ),
    (
        "503 challenge page",
        result(status=503, title="Just a moment..."),
        CheckVerdict.BLOCKED,
        False,
        False,
    ),
    ("robots", failed(ErrorKind.ROBOTS), CheckVerdict.BLOCKED, False, False),
    ("timeout", failed(ErrorKind.TIMEOUT), CheckVerdict.FAILING, True, True),
    ("reset mid-body", failed(ErrorKind.RESET, 200), CheckVerdict.FAILING, True, True),
    ("connection", failed(ErrorKind.CONNECTION), CheckVerdict.FAILING, True, True),
    ("dns", failed(ErrorKind.DNS), CheckVerdict.FAILING, True, False),
    ("refused", failed(ErrorKind.REFUSED), CheckVerdict.FAILING, True, False),
    ("tls", failed(ErrorKind.TLS), CheckVerdict.FAILING, True, False),
    ("private", failed(ErrorKind.BLOCKED_PRIVATE), CheckVerdict.FAILING, True, False),
    ("scheme", failed(ErrorKind.UNSUPPORTED_SCHEME), CheckVerdict.FAILING, True, False),
    ("invalid", failed(ErrorKind.INVALID_URL), CheckVerdict.FAILING, True, False),
    ("loop", failed(ErrorKind.REDIRECT_LOOP, 302), CheckVerdict.FAILING, True, False),
    ("too many", failed(ErrorKind.TOO_MANY_REDIRECTS, 301), CheckVerdict.FAILING, True, False),
    (
        "too large 200",
        result(error_kind=ErrorKind.TOO_LARGE, truncated=True),
        CheckVerdict.ALIVE,
        False,
        False,
    ),
    (
        "too large 404",
        result(status=404, error_kind=ErrorKind.TOO_LARGE, truncated=True),
        CheckVerdict.FAILING,
        True,
        False,
    ),
    (
        "moved",
        result(
            final_url="https://news.example.org/articles/story-about-things",
            redirects=(Hop(URL, 301),),
        ),
        CheckVerdict.REDIRECTED,
        False,
        False,
    ),
    (
        "moved to another site",
        result(final_url="https://archive.example.net/story", redirects=(Hop(URL, 301),)),
        CheckVerdict.REDIRECTED,
        False,
        False,
    ),
    (
        "http to https only",
        result(
            requested_url=URL.replace("https", "http"),
            redirects=(Hop(URL.replace("https", "http"), 301),),
        ),
        CheckVerdict.ALIVE,
        False,
        False,
    ),
    (
        "trailing slash only",
        result(final_url=URL + "/", redirects=(Hop(URL, 301),)),
        CheckVerdict.ALIVE,
        False,
        False,
    ),
    (
        "redirect to root",
        result(final_url="https://news.example.org/", redirects=(Hop(URL, 301),)),
        CheckVerdict.FAILING,
        True,
        False,
    ),
    (
        "redirect to other site's root",
        result(final_url="https://www.example.com/", redirects=(Hop(URL, 302),)),
        CheckVerdict.FAILING,
        True,
        False,
    ),
    (
        "redirect to /404",
        result(final_url="https://news.example.org/404", redirects=(Hop(URL, 302),)),
        CheckVerdict.SOFT_404,
        True,
        False,
    ),
    (
        "sent to sign in",
        result(
            final_url="https://news.example.org/account/login?return=%2F2024%2F05",
            redirects=(Hop(URL, 302),),
            title="Sign in | News",
        ),
        CheckVerdict.BLOCKED,
        False,
        False,
    ),
    (
        "sent to a consent host's front page",
        result(final_url="https://consent.example.org/", redirects=(Hop(URL, 302),)),
        CheckVerdict.BLOCKED,
        False,
        False,
    ),
    (
        "a sign-in link that moved",
        result(
            requested_url="https://news.example.org/login",
            final_url="https://news.example.org/users/sign_in",
            redirects=(Hop("https://news.example.org/login", 301),),
        ),
        CheckVerdict.REDIRECTED,
        False,
        False,
    ),
    ("not-found title", result(title="Page Not Found | News"), CheckVerdict.SOFT_404, True, False),
    (
        "short not-found body",
        result(
            title="News", body_text="<h1>Oops! That page can't be found.</h1><a href=/>Home</a>"
        ),
        CheckVerdict.SOFT_404,
        True,
        False,
    ),
]


@pytest.mark.parametrize(
    ("name", "fetched", "verdict", "is_failure", "retryable"),
    CASES,
    ids=[case[0] for case in CASES],
)
def test_classification_table(
    name: str, fetched: FetchResult, verdict: CheckVerdict, is_failure: bool, retryable: bool
) -> None:
    classification = classify_response(fetched)
    assert classification.verdict is verdict
    assert classification.is_failure is is_failure
    assert classification.retryable is retryable
    assert classification.soft_404 is (verdict is CheckVerdict.SOFT_404)
    assert classification.reason


def test_reasons_explain_the_verdict() -> None:
    to_root = next(case[1] for case in CASES if case[0] == "redirect to root")
    assert "redirect to root" in classify_response(to_root).reason
    assert "retry after 30s" in classify_response(result(status=429, retry_after=30.0)).reason
    assert "robots" in classify_response(failed(ErrorKind.ROBOTS)).reason
    assert "private" in classify_response(failed(ErrorKind.BLOCKED_PRIVATE)).reason
    assert (
        "truncated"
        in classify_response(result(error_kind=ErrorKind.TOO_LARGE, truncated=True)).reason
    )


REDIRECTED = (Hop(URL, 302),)


@pytest.mark.parametrize(
    ("kind", "detail", "redirects", "reason"),
    [
        (
            ErrorKind.REDIRECT_LOOP,
            f"{URL} was already visited",
            REDIRECTED,
            f"redirect loop: {URL} was already visited",
        ),
        (
            ErrorKind.UNSUPPORTED_SCHEME,
            "file:///etc/passwd",
            REDIRECTED,
            "redirect to an unsupported scheme: file:///etc/passwd",
        ),
        (ErrorKind.UNSUPPORTED_SCHEME, "ftp://a.org/", (), "unsupported URL scheme: ftp://a.org/"),
        (
            ErrorKind.BLOCKED_PRIVATE,
            "10.0.0.1 (private targets need --allow-private)",
            REDIRECTED,
            "redirect to a private or reserved address: 10.0.0.1 "
            "(private targets need --allow-private)",
        ),
        (
            ErrorKind.BLOCKED_PRIVATE,
            "intranet.test resolves to 10.0.0.1 (private targets need --allow-private)",
            (),
            "refused a private or reserved address: intranet.test resolves to 10.0.0.1 "
            "(private targets need --allow-private)",
        ),
        (
            ErrorKind.INVALID_URL,
            "'http://[x/' (Invalid IPv6 URL)",
            REDIRECTED,
            "redirect to an invalid URL: 'http://[x/' (Invalid IPv6 URL)",
        ),
        (ErrorKind.INVALID_URL, "'http://' has no host", (), "invalid URL: 'http://' has no host"),
        # Operating-system messages that only restate the kind are said once.
        (ErrorKind.REFUSED, "Connection refused", (), "connection refused"),
        (ErrorKind.RESET, "Connection reset by peer", (), "connection reset by peer"),
        (ErrorKind.TIMEOUT, "timed out", (), "timed out"),
        (
            ErrorKind.DNS,
            "nowhere.test (Name or service not known)",
            (),
            "host name does not resolve: nowhere.test (Name or service not known)",
        ),
        (
            ErrorKind.TOO_MANY_REDIRECTS,
            f"more than 10; stopped before {URL}",
            REDIRECTED * 11,
            f"too many redirects: more than 10; stopped before {URL}",
        ),
        (ErrorKind.TLS, None, (), "TLS/certificate error"),
    ],
    ids=lambda value: value.value if isinstance(value, ErrorKind) else "",
)
def test_error_reasons_say_each_thing_once(
    kind: ErrorKind, detail: str | None, redirects: tuple[Hop, ...], reason: str
) -> None:
    fetched = dataclasses.replace(failed(kind), error_detail=detail, redirects=redirects)
    assert classify_response(fetched).reason == reason


def test_article_mentioning_404_is_not_a_soft_404() -> None:
    text = "<title>Why the web rots</title><p>A 404 page not found error " + "x " * 3000
    assert (
        classify_response(result(title="Why the web rots", body_text=text)).verdict
        is CheckVerdict.ALIVE
    )


@given(
    status=st.one_of(st.none(), st.integers(100, 999)),
    kind=st.one_of(st.none(), st.sampled_from(ErrorKind)),
)
def test_never_dead_and_blocked_is_never_a_failure(
    status: int | None, kind: ErrorKind | None
) -> None:
    classification = classify_response(result(status=status, error_kind=kind))
    assert classification.verdict is not CheckVerdict.DEAD
    if classification.verdict in (
        CheckVerdict.BLOCKED,
        CheckVerdict.ALIVE,
        CheckVerdict.REDIRECTED,
    ):
        assert not classification.is_failure
    if classification.verdict in (CheckVerdict.FAILING, CheckVerdict.SOFT_404):
        assert classification.is_failure


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("requested", "final", "expected"),
    [
        ("https://a.org/news/story", "https://a.org/", True),
        ("https://a.org/news/story", "https://a.org", True),
        ("https://a.org/news/story", "https://www.a.org/index.html", True),
        ("https://a.org/news/story", "https://a.org/en/", True),
        ("http://a.org/story", "https://b.org/", True),
        ("https://a.org/?p=123", "https://a.org/", True),
        ("https://a.org/", "https://www.a.org/", False),  # the link was the front page
        ("https://a.org/en", "https://a.org/en/", False),
        ("https://a.org/news/story", "https://a.org/news/", False),  # a section, not the root
        ("https://a.org/news/story", "https://a.org/news/story-2", False),
    ],
)
def test_is_redirect_to_root(requested: str, final: str, expected: bool) -> None:
    assert is_redirect_to_root(requested, final) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.org/404", True),
        ("https://a.org/404.html", True),
        ("https://a.org/errors/not-found", True),
        ("https://a.org/page-not-found/", True),
        ("https://a.org/error?code=404", True),
        ("https://a.org/search?status=404", True),
        ("https://a.org/news/404-errors-explained", False),
        ("https://a.org/errors-of-war", False),
        ("https://a.org/story", False),
    ],
)
def test_is_error_page_url(url: str, expected: bool) -> None:
    assert is_error_page_url(url) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://a.org/login", True),
        ("https://a.org/account/log-in/?next=/story", True),
        ("https://a.org/users/sign_in", True),
        ("https://a.org/wp-login.php?redirect_to=x", True),
        ("https://a.org/subscribe?from=paywall", True),
        ("https://accounts.example.com/ServiceLogin", True),
        ("https://consent.example.com/ml?continue=https://a.org/x", True),
        ("https://login.example.net/common/oauth2/authorize", True),
        ("https://a.org/news/how-to-login-safely", False),
        ("https://a.org/blog/consent-laws-explained", False),
        ("https://identity.a.org/story", False),
        ("https://a.org/story", False),
    ],
)
def test_is_wall_url(url: str, expected: bool) -> None:
    assert is_wall_url(url) is expected


def test_wall_beats_the_soft_404_probe_that_hits_the_same_wall() -> None:
    wall = "https://news.example.org/login"
    page = result(final_url=wall, redirects=(Hop(URL, 302),), title="Sign in")
    probe = result(
        requested_url="https://news.example.org/2024/05/x7f3a",
        final_url=wall,
        redirects=(Hop("https://news.example.org/2024/05/x7f3a", 302),),
        title="Sign in",
    )
    assert classify_response(page, missing_probe=probe).verdict is CheckVerdict.BLOCKED


@given(
    st.sampled_from(
        [
            URL,
            "https://a.org/",
            "http://a.org:8080/doc.pdf?x=1#f",
            "https://a.org/dir/",
            "https://a.org/page.html",
        ]
    )
)
def test_random_missing_url_stays_on_origin_and_directory(url: str) -> None:
    missing = random_missing_url(url)
    original, probe = urlsplit(url), urlsplit(missing)
    assert (probe.scheme, probe.netloc) == (original.scheme, original.netloc)
    assert probe.path.rsplit("/", 1)[0] == original.path.rsplit("/", 1)[0]
    assert probe.path != original.path
    assert not probe.query
    assert not probe.fragment
    assert missing != random_missing_url(url)
    if original.path.endswith((".pdf", ".html")):
        assert probe.path.endswith(original.path[-4:])


def test_soft_404_by_comparison_with_missing_probe() -> None:
    shell = "<html><title>Site</title><div id=app></div></html>"
    page = result(title="Site", body_text=shell)
    probe = result(
        requested_url="https://news.example.org/2024/05/ct-missing-x",
        final_url="https://news.example.org/2024/05/ct-missing-x",
        title="Site",
        body_text=shell,
    )
    assert looks_like_soft_404(page, probe)
    # Same template, text differing only in the echoed path: similar enough.
    template = "<title>Sorry</title><p>We looked for {} everywhere. " + "Try search. " * 50
    echoed = result(title="Sorry", body_text=template.format("/2024/05/story-about-things"))
    echoed_probe = result(title="Sorry", body_text=template.format("/2024/05/ct-missing-abc"))
    assert looks_like_soft_404(echoed, echoed_probe)
    # Both redirected to the same place.
    to_search = {"final_url": "https://news.example.org/search", "redirects": (Hop(URL, 302),)}
    assert looks_like_soft_404(result(**to_search), result(**to_search, title="Search"))
    # The host answers 404 for missing paths: a real page stays alive.
    assert not looks_like_soft_404(result(), result(status=404, title="Not found"))
    # A real article and a different soft-404 page are not similar.
    assert not looks_like_soft_404(result(), result(title="Home", body_text="<p>Welcome</p>"))
    # A front page cannot be missing.
    front = result(requested_url="https://news.example.org/", final_url="https://news.example.org/")
    assert not looks_like_soft_404(front, front)
    assert not looks_like_soft_404(result(status=404), None)


# --------------------------------------------------------------------------- end to end


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FetchSettings(allow_private=True)) as f:
        yield f


def test_soft_404_host_end_to_end(fetcher: Fetcher) -> None:
    oops = Reply(body="<html><title>Welcome</title><p>Oops, page not found.</p></html>")
    with running_server(routes={}, default=oops) as server:
        page = fetcher.fetch(server.url("/articles/real-story"))
        probe = fetcher.fetch(random_missing_url(page.requested_url))
        assert server.hits[urlsplit(probe.requested_url).path] == 1
    classification = classify_response(page, missing_probe=probe)
    assert classification.verdict is CheckVerdict.SOFT_404
    assert classification.soft_404
    assert classification.is_failure


def test_silent_soft_404_host_needs_the_probe(fetcher: Fetcher) -> None:
    same = Reply(body="<html><title>Shop</title><p>Our products.</p></html>")
    with running_server(routes={}, default=same) as server:
        page = fetcher.fetch(server.url("/item/123"))
        probe = fetcher.fetch(random_missing_url(page.requested_url))
    assert classify_response(page).verdict is CheckVerdict.ALIVE
    assert classify_response(page, missing_probe=probe).verdict is CheckVerdict.SOFT_404


def test_real_page_on_proper_404_host_stays_alive(fetcher: Fetcher) -> None:
    with running_server(routes={"/story": Reply(body=ARTICLE)}) as server:
        page = fetcher.fetch(server.url("/story"))
        probe = fetcher.fetch(random_missing_url(page.requested_url))
    assert probe.status == 404
    assert classify_response(page, missing_probe=probe).verdict is CheckVerdict.ALIVE


def test_500_then_200_is_retryable_then_alive(fetcher: Fetcher) -> None:
    flaky = sequence(Reply(status=500, body="boom"), Reply(body=ARTICLE))
    with running_server(routes={"/flaky": flaky}) as server:
        first = classify_response(fetcher.fetch(server.url("/flaky")))
        second = classify_response(fetcher.fetch(server.url("/flaky")))
        assert server.hits["/flaky"] == 2  # the fetcher itself never retries
    assert (first.verdict, first.retryable) == (CheckVerdict.FAILING, True)
    assert (second.verdict, second.is_failure) == (CheckVerdict.ALIVE, False)


def test_redirect_to_root_end_to_end(fetcher: Fetcher) -> None:
    routes = {
        "/old/story": redirect("/", 301),
        "/": Reply(body="<title>Home</title>home"),
        "/moved": redirect("/new/place", 301),
        "/new/place": Reply(body=ARTICLE),
    }
    with running_server(routes=routes) as server:
        to_root = classify_response(fetcher.fetch(server.url("/old/story")))
        moved = classify_response(fetcher.fetch(server.url("/moved")))
    assert (to_root.verdict, to_root.is_failure) == (CheckVerdict.FAILING, True)
    assert to_root.reason.startswith("redirect to root")
    assert (moved.verdict, moved.is_failure) == (CheckVerdict.REDIRECTED, False)


def test_redirect_loop_and_file_redirect_reasons_end_to_end(fetcher: Fetcher) -> None:
    routes = {"/loop": redirect("/loop"), "/to-file": redirect("file:///etc/passwd")}
    with running_server(routes=routes) as server:
        loop = classify_response(fetcher.fetch(server.url("/loop")))
        to_file = classify_response(fetcher.fetch(server.url("/to-file")))
    assert loop.verdict is to_file.verdict is CheckVerdict.FAILING
    assert loop.reason == f"redirect loop: {server.url('/loop')} was already visited"
    assert to_file.reason == "redirect to an unsupported scheme: file:///etc/passwd"


def _repeated_phrases(reason: str) -> set[tuple[str, str]]:
    pairs = list(itertools.pairwise(re.findall(r"[a-z]+", reason.lower())))
    return {pair for pair in pairs if pairs.count(pair) > 1}


def test_real_failures_have_reasons_without_repetition() -> None:
    """Every error kind a local server can produce: the reason's words are said once."""
    with (
        running_server("127.0.0.3", {"/": Reply(body="internal")}) as internal,
        running_server(
            "127.0.0.2",
            {
                "/loop": redirect("/loop"),
                "/ping": redirect("/pong"),
                "/pong": redirect("/ping"),
                "/file": redirect("file:///etc/passwd"),
                "/ftp": redirect("ftp://example.org/file"),
                "/bad-location": redirect("http://[not-an-ip/"),
                "/private": redirect(internal.url("/")),
                "/slow": Reply(body="late", delay=2.0),
                **{f"/hop{i}": redirect(f"/hop{i + 1}") for i in range(4)},
            },
        ) as site,
        Fetcher(
            FetchSettings(
                private_host_allowlist=frozenset({"127.0.0.2"}), max_redirects=2, read_timeout=0.3
            )
        ) as guarded,
    ):
        fetched = [guarded.fetch(site.url(path)) for path in ("/loop", "/ping", "/file", "/ftp")]
        fetched += [guarded.fetch(site.url(path)) for path in ("/bad-location", "/private")]
        fetched += [guarded.fetch(site.url("/slow")), guarded.fetch(site.url("/hop0"))]
        fetched.append(guarded.fetch(internal.url("/")))
        fetched.append(guarded.fetch(f"https://127.0.0.2:{site.port}/"))
    with Fetcher(FetchSettings(allow_private=True)) as local:
        fetched.append(local.fetch(f"http://127.0.0.1:{unused_port()}/"))
        fetched.append(local.fetch("http://no-such-host.invalid/"))
        fetched.append(local.fetch("gopher://example.org/"))
        fetched.append(local.fetch("http://exa mple.org/"))
    kinds = {result.error_kind for result in fetched}
    # Which fetch gave what, should one of them ever end otherwise (it failed once, unexplained).
    seen = [(r.requested_url, r.error_kind, r.error_detail) for r in fetched]
    assert kinds == set(ErrorKind) - {
        ErrorKind.ROBOTS,
        ErrorKind.TOO_LARGE,
        ErrorKind.RESET,
        ErrorKind.CONNECTION,
    }, seen
    for result in fetched:
        reason = classify_response(result).reason
        assert not _repeated_phrases(reason), reason
        what, _, detail = reason.partition(": ")
        assert what.lower() not in detail.lower(), reason
        assert "Error:" not in reason, reason  # no exception class names
        assert "[Errno" not in reason, reason


@pytest.mark.parametrize(
    ("reply", "verdict", "retryable"),
    [
        (Reply(status=401), CheckVerdict.BLOCKED, False),
        (Reply(status=403), CheckVerdict.BLOCKED, False),
        (Reply(status=403, headers={"cf-mitigated": "challenge"}), CheckVerdict.BLOCKED, False),
        (Reply(status=429, headers={"Retry-After": "7"}), CheckVerdict.BLOCKED, True),
        (Reply(status=404), CheckVerdict.FAILING, False),
        (Reply(status=410), CheckVerdict.FAILING, False),
    ],
)
def test_status_answers_end_to_end(
    fetcher: Fetcher, reply: Reply, verdict: CheckVerdict, retryable: bool
) -> None:
    with running_server(routes={"/": reply}) as server:
        fetched = fetcher.fetch(server.url("/"))
    classification = classify_response(fetched)
    assert (classification.verdict, classification.retryable) == (verdict, retryable)
    if reply.status == 429:
        assert fetched.retry_after == 7.0


_MARKUP = st.lists(
    st.sampled_from(["<p>", "</p>", "<b>", "<script>x()</script>", "<style>p{}</style>", " ",
                     "\n", "page", "not", "found", "404", "word", "  ", "<!-- c -->"]),
    max_size=60,
).map("".join)  # fmt: skip


@given(page=_MARKUP, limit=st.integers(min_value=0, max_value=40),
       content_type=st.sampled_from(["text/html", "text/plain", None]))  # fmt: skip
def test_visible_text_length_test_agrees_with_the_visible_text(
    page: str, limit: int, content_type: str | None
) -> None:
    fetched = result(body_text=page, content_type=content_type)
    expected = len(verdicts._visible_text(fetched)) > limit
    assert verdicts._visible_text_exceeds(fetched, limit) is expected


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Seite nicht gefunden – Beispiel Zeitung", "<p>Zurück zur Startseite</p>"),
        ("Erreur | Le Journal", "<h1>Erreur 404</h1><p>Page introuvable.</p>"),
        ("Strona nie istnieje", ""),
        ("ページが見つかりません | 新聞", ""),
        ("新闻网", "<p>404</p><p>抱歉，页面不存在</p>"),
        ("Sayfa bulunamadı - Haber", ""),
        ("Noticias", "<h2>404</h2><p>Página no encontrada</p>"),
    ],
)
def test_not_found_pages_in_other_languages(title: str, body: str) -> None:
    page = result(title=title, body_text=f"<html><body>{body}</body></html>")
    assert classify_response(page).verdict is CheckVerdict.SOFT_404


def test_a_foreign_article_about_a_missing_page_is_alive() -> None:
    body = "<p>" + "Die Seite wurde nicht gefunden, sagte der Sprecher. " * 80 + "</p>"
    page = result(title="Ministerium: Akten verschwunden", body_text=body)
    assert classify_response(page).verdict is CheckVerdict.ALIVE


def test_a_long_article_that_mentions_page_not_found_is_not_a_not_found_page() -> None:
    article = "<p>" + "Readers reported a page not found error on the site. " * 80 + "</p>"
    assert not verdicts.says_not_found(result(body_text=article, title="Site outage"))
    short = "<p>Sorry, page not found.</p>"
    assert verdicts.says_not_found(result(body_text=short, title="Example"))
