"""Extraction: sentences, hedges, references, suggestions and whole articles (SPEC §3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims_tracker.extract import (
    SUGGESTION_THRESHOLD,
    ExtractedArticle,
    ExtractionError,
    _Anchor,
    _Anchors,
    claim_fingerprint,
    classify_hedge,
    detect_format,
    extract_article,
    is_check_worthy,
    parse_reference_line,
    split_sentences,
)
from claims_tracker.models import Hedge, Relation

SEED_ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "seed" / "article.txt"
EXAMPLE_ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "article.md"


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def assert_spans_index_body(article: ExtractedArticle) -> None:
    for claim in article.claims:
        assert 0 <= claim.start < claim.end <= len(article.body)
        for cue in claim.cues:
            assert article.body[cue.start : cue.end] == cue.text


# --- sentence segmentation --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He stayed.",
            ["Mr. Smith went to Washington.", "He stayed."],
        ),
        (
            "Dr. Jones and Prof. Lee met. They agreed.",
            ["Dr. Jones and Prof. Lee met.", "They agreed."],
        ),
        (
            "It paid $13.5 billion. Shares rose 3.5% on Friday.",
            ["It paid $13.5 billion.", "Shares rose 3.5% on Friday."],
        ),
        (
            "J. R. R. Tolkien wrote it. It sold well.",
            ["J. R. R. Tolkien wrote it.", "It sold well."],
        ),
        (
            "Sales in the U.S. rose. The U.K. lagged.",
            ["Sales in the U.S. rose.", "The U.K. lagged."],
        ),
        (
            "Prices rose in the U.S. The company said so.",
            ["Prices rose in the U.S.", "The company said so."],
        ),
        (
            "She works at Acme Inc. The firm is small.",
            ["She works at Acme Inc.", "The firm is small."],
        ),
        ("Acme Inc. Chief Executive Jo Park spoke.", ["Acme Inc. Chief Executive Jo Park spoke."]),
        ("Fruit, e.g. apples, is healthy. Eat it.", ["Fruit, e.g. apples, is healthy.", "Eat it."]),
        (
            "Rome vs. Carthage ended badly. Rome won.",
            ["Rome vs. Carthage ended badly.", "Rome won."],
        ),
        (
            "It opened on Jan. 5 in Oslo. Sept. 11 changed that.",
            ["It opened on Jan. 5 in Oslo.", "Sept. 11 changed that."],
        ),
        ("He ranked No. 1 in May. Then he fell.", ["He ranked No. 1 in May.", "Then he fell."]),
        ('He said, "We will win." Then he left.', ['He said, "We will win."', "Then he left."]),
        (
            "“Is it over?” she asked. Nobody answered.",
            ["“Is it over?” she asked.", "Nobody answered."],
        ),
        ("Wait for it... The answer came.", ["Wait for it...", "The answer came."]),
        ("He paused... and then went on.", ["He paused... and then went on."]),
        (
            "See example.com/a.b.html for details. Thanks.",
            ["See example.com/a.b.html for details.", "Thanks."],
        ),
        (
            "Visit https://ex.example.org/x.y?z=1. Then call.",
            ["Visit https://ex.example.org/x.y?z=1.", "Then call."],
        ),
        (
            "The meeting was at 9 a.m. The vote came later.",
            ["The meeting was at 9 a.m.", "The vote came later."],
        ),
        ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        (
            "A wrapped\nsentence ends here. Next one.",
            ["A wrapped\nsentence ends here.", "Next one."],
        ),
        ("Apple makes the iPhone. eBay sells it.", ["Apple makes the iPhone.", "eBay sells it."]),
        # a note after the full stop splits the sentences and belongs to neither
        (
            "The museum opened in 2019.[citation needed] Its founder is said to have left.",
            ["The museum opened in 2019.", "Its founder is said to have left."],
        ),
        (
            "It opened.[1] It closed.[12][a] Then.[when?] It sold.[^2] End.[3]",
            ["It opened.", "It closed.", "Then.", "It sold.", "End."],
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences_of(text) == expected


# --- hedge classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "hedge", "attributed_to"),
    [
        # reported: unnamed attribution
        ("According to reports, OpenAI refused to share the details.", Hedge.REPORTED, "reports"),
        ("The firm reportedly rivals its partner in scale.", Hedge.REPORTED, "reports"),
        ("MAI reportedly could rival OpenAI's models.", Hedge.REPORTED, "reports"),
        (
            "People familiar with the matter said the board met twice.",
            Hedge.REPORTED,
            "People familiar with the matter",
        ),
        ("Sources say the deal is close.", Hedge.REPORTED, "Sources"),
        # with no source named, attributed_to is the phrase that hedges the claim
        ("The singer is said to be furious.", Hedge.REPORTED, "is said to"),
        ("The ransom is believed to have been paid.", Hedge.REPORTED, "is believed to"),
        ("It is understood that the regulator objected.", Hedge.REPORTED, "it is understood"),
        ("The company allegedly hid losses.", Hedge.REPORTED, "allegedly"),
        ("Insiders say the studio has started casting.", Hedge.REPORTED, "insiders"),
        ("Unnamed officials said the plant would close.", Hedge.REPORTED, "unnamed officials"),
        ("By some accounts, the king was short.", Hedge.REPORTED, "some accounts"),
        (
            "The firm allegedly hid losses, according to reports.",
            Hedge.REPORTED,
            "reports",
        ),
        (
            "Several staff members, speaking on condition of anonymity, said morale had collapsed.",
            Hedge.REPORTED,
            "Several staff members",
        ),
        ("The phone is rumoured to fold in half.", Hedge.REPORTED, "rumours"),
        ("Reports suggest the launch will slip.", Hedge.REPORTED, "reports"),
        (
            "An official who asked not to be named said talks had stalled.",
            Hedge.REPORTED,
            "An official",
        ),
        # attributed: named attribution
        ("The company said on Tuesday that it would cut jobs.", Hedge.ATTRIBUTED, "The company"),
        ("Revenue rose 8%, the company said.", Hedge.ATTRIBUTED, "the company"),
        ('"We are not for sale," said Maria Lopez, the founder.', Hedge.ATTRIBUTED, "Maria Lopez"),
        (
            "According to the Bureau of Labor Statistics, hiring slowed.",
            Hedge.ATTRIBUTED,
            "the Bureau of Labor Statistics",
        ),
        ("According to a filing, the firm spent $2 million.", Hedge.ATTRIBUTED, "a filing"),
        (
            "A spokesperson for the ministry told Reuters the report was wrong.",
            Hedge.ATTRIBUTED,
            "A spokesperson for the ministry",
        ),
        ("Per Nielsen, 18 million people watched.", Hedge.ATTRIBUTED, "Nielsen"),
        # titles and initials do not end a name
        (
            "The Fed is expected to cut rates, according to Dr. J. R. Smith of Acme Inc.",
            Hedge.ATTRIBUTED,
            "Dr. J. R. Smith of Acme Inc",
        ),
        (
            "According to St. Mary Hospital, the patient died.",
            Hedge.ATTRIBUTED,
            "St. Mary Hospital",
        ),
        ("According to U.S. officials, the talks stalled.", Hedge.ATTRIBUTED, "U.S. officials"),
        ("Rates will fall, said Prof. A. B. Jones.", Hedge.ATTRIBUTED, "Prof. A. B. Jones"),
        ("In a statement, the club confirmed the injury.", Hedge.ATTRIBUTED, "the club"),
        ("Officials said the storm damaged 400 homes.", Hedge.ATTRIBUTED, "Officials"),
        (
            "Microsoft CEO Satya Nadella said the company would keep investing.",
            Hedge.ATTRIBUTED,
            "Microsoft CEO Satya Nadella",
        ),
        (
            "Jane Park, chief financial officer of Acme, said margins would improve.",
            Hedge.ATTRIBUTED,
            "Jane Park",
        ),
        ("Analysts expect the central bank to raise rates.", Hedge.ATTRIBUTED, "Analysts"),
        (
            "As Bloomberg reported on Tuesday, the fund lost a third of its value.",
            Hedge.ATTRIBUTED,
            "Bloomberg",
        ),
        # speculative: forecast or possibility
        (
            "The models are expected to be accessible via APIs, potentially within the year.",
            Hedge.SPECULATIVE,
            None,
        ),
        ("Increased competition may lead to better service.", Hedge.SPECULATIVE, None),
        ("The merger could create the largest insurer.", Hedge.SPECULATIVE, None),
        ("The drug might help some patients.", Hedge.SPECULATIVE, None),
        ("The storm is likely to make landfall on Thursday.", Hedge.SPECULATIVE, None),
        ("The bill is unlikely to pass.", Hedge.SPECULATIVE, None),
        ("The government plans to raise the retirement age.", Hedge.SPECULATIVE, None),
        ("The club is set to sign the midfielder.", Hedge.SPECULATIVE, None),
        ("The firm is poised to enter the market.", Hedge.SPECULATIVE, None),
        ("The cap would likely reduce bills.", Hedge.SPECULATIVE, None),
        ("Sales are projected to reach $9 billion.", Hedge.SPECULATIVE, None),
        ("The firm could face fines.", Hedge.SPECULATIVE, None),
        ("The species may have survived longer.", Hedge.SPECULATIVE, None),
        ("The stadium appears to lack permits.", Hedge.SPECULATIVE, None),
        # traps: none of these is a cue
        ("The festival took place in May 2024.", Hedge.ASSERTED, None),
        ("May Chen has led the orchestra since 2019.", Hedge.ASSERTED, None),
        ("The Mayor opened the library.", Hedge.ASSERTED, None),
        ("The annual report shows revenue rose 4%.", Hedge.ASSERTED, None),
        ("Open the Reports tab to export the data.", Hedge.ASSERTED, None),
        ("The Reports menu lists every invoice.", Hedge.ASSERTED, None),
        ("As a child she could swim across the lake.", Hedge.ASSERTED, None),
        ("He could not attend the hearing yesterday.", Hedge.ASSERTED, None),
        ("The said agreement was signed in 2019.", Hedge.ASSERTED, None),
        ("Tourism is one of the main sources of revenue.", Hedge.ASSERTED, None),
        ("The expected returns were met.", Hedge.ASSERTED, None),
        ("The plans were approved.", Hedge.ASSERTED, None),
        ("Profits rose more than expected.", Hedge.ASSERTED, None),
        ("The company paid 40 cents per share.", Hedge.ASSERTED, None),
        ("The economy added 200,000 jobs in March.", Hedge.ASSERTED, None),
        ("She claimed her third world title.", Hedge.ASSERTED, None),
        ("The company could not be reached for comment.", Hedge.ASSERTED, None),
        ("No injuries were reported.", Hedge.ASSERTED, None),
        ("The match went according to plan.", Hedge.ASSERTED, None),
        ("The company will release results on Tuesday.", Hedge.ASSERTED, None),
        ("Smokers are more likely to develop heart disease.", Hedge.ASSERTED, None),
        ("The nation's military might was on display.", Hedge.ASSERTED, None),
        ("He would later become governor.", Hedge.ASSERTED, None),
        ("The spokeswoman would not comment.", Hedge.ASSERTED, None),
    ],
)
def test_classify_hedge(sentence: str, hedge: Hedge, attributed_to: str | None) -> None:
    result = classify_hedge(sentence)
    assert result.hedge is hedge
    assert result.attributed_to == attributed_to
    assert bool(result.cues) is (hedge is not Hedge.ASSERTED)
    for cue in result.cues:
        assert sentence[cue.start : cue.end] == cue.text


def test_classify_hedge_lists_every_cue_and_keeps_the_strongest_class() -> None:
    result = classify_hedge("MAI reportedly could rival OpenAI's models.")
    assert result.hedge is Hedge.REPORTED
    assert [cue.text for cue in result.cues] == ["reportedly", "could"]


# --- small pure helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("<html><p>One</p><p>Two</p></html>", "html"),
        ("<div><p>Text</p><p>More</p><a href='x'>y</a></div>", "html"),
        ("# Title\n\nSome text.", "markdown"),
        ("Read [the plan](https://example.org/plan) now.", "markdown"),
        ("Title\n=====\n\nText.", "markdown"),
        ("Introduction\nPlain text with - a dash and #hashtag.\n- a bullet", "text"),
        ("Use a <br> tag sparingly.", "text"),
    ],
)
def test_detect_format(raw: str, expected: str) -> None:
    assert detect_format(raw) == expected


@pytest.mark.parametrize(
    ("line", "title", "publisher", "description", "url"),
    [
        (
            "- Microsoft’s AI Ambitions Step Out of the Shadows - WindowsForum - Insights.",
            "Microsoft’s AI Ambitions Step Out of the Shadows",
            "WindowsForum",
            "Insights.",
            None,
        ),
        (
            "Apple - The Company That Changed Everything - Forbes",
            "Apple - The Company That Changed Everything",
            "Forbes",
            None,
            None,
        ),
        (
            "* [Port statistics 2024](https://stats.example.com/ports) - Port Authority",
            "Port statistics 2024",
            "Port Authority",
            None,
            "https://stats.example.com/ports",
        ),
        (
            "1. Automation Payback in Urban Rail. Metro Mobility Institute. https://r.example.com/a.pdf",
            "Automation Payback in Urban Rail",
            "Metro Mobility Institute",
            None,
            "https://r.example.com/a.pdf",
        ),
        (
            "Sales Tax Explained (Harbour Civic Review) https://civic.example.org/tax",
            "Sales Tax Explained",
            "Harbour Civic Review",
            None,
            "https://civic.example.org/tax",
        ),
        (
            '[3] "Tram fleet renewal". Harbour Ledger. 4 March 2025. Retrieved 5 March 2025.',
            "Tram fleet renewal",
            "Harbour Ledger",
            None,
            None,
        ),
        # a bracketed word is part of the title; an access note is not
        (
            "Acme [archived] history - Leeds Gazette - Notes.",
            "Acme [archived] history",
            "Leeds Gazette",
            "Notes.",
            None,
        ),
        ("Acme report (accessed May 5, 2021) - Acme Inc", "Acme report", "Acme Inc", None, None),
        (
            "How we accessed the archive - Leeds Gazette",
            "How we accessed the archive",
            "Leeds Gazette",
            None,
            None,
        ),
        (
            "- [Memo (2024)](https://example.org/memo_(2024)) - Acme Inc",
            "Memo (2024)",
            "Acme Inc",
            None,
            "https://example.org/memo_(2024)",
        ),
        ("- https://example.org/only-a-url", None, None, None, "https://example.org/only-a-url"),
        ("Just a Title Without Publisher", "Just a Title Without Publisher", None, None, None),
    ],
)
def test_parse_reference_line(
    line: str, title: str | None, publisher: str | None, description: str | None, url: str | None
) -> None:
    source = parse_reference_line(line)
    assert source is not None
    assert (source.title, source.publisher, source.description, source.url) == (
        title,
        publisher,
        description,
        url,
    )
    assert source.relation is Relation.REFERENCE


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "Microsoft’s models “rival” OpenAI — reportedly.",
            'microsoft\'s models "rival" openai - reportedly',
        ),
        ("Shares  rose\n5%.", "shares rose 5%"),
        ("It is expected to open!", "It is expected to open"),
    ],
)
def test_claim_fingerprint_normalises_surface_differences(first: str, second: str) -> None:
    assert claim_fingerprint(first) == claim_fingerprint(second)
    assert len(claim_fingerprint(first)) == 64


def test_claim_fingerprint_separates_different_claims() -> None:
    assert claim_fingerprint("Shares rose 5%.") != claim_fingerprint("Shares rose 6%.")


@pytest.mark.parametrize(
    ("sentence", "worthy"),
    [
        ("Microsoft first began its association with OpenAI in 2019.", True),
        ("The deal was worth $13 billion.", True),
        ("The partnership was approved by the European Commission.", True),
        ("This partnership was symbiotic.", False),
        ("Enterprises gain from broader choices.", False),
    ],
)
def test_is_check_worthy(sentence: str, worthy: bool) -> None:
    assert is_check_worthy(sentence) is worthy


# --- whole articles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["", "   \n\t ", "\r\n\r\n", "... --- !!!", "<html><body><script>x</script></body></html>"],
)
def test_empty_or_unreadable_article_raises_one_line_error(raw: str) -> None:
    with pytest.raises(ExtractionError) as caught:
        extract_article(raw)
    assert "\n" not in str(caught.value)
    assert str(caught.value)


def test_plain_text_headings_bullets_and_boilerplate() -> None:
    raw = (
        "Introduction\r\n"
        "The agency reportedly delayed the launch.\r\n"
        "Outlook: What Comes Next\r\n"
        "- The rocket could fly in May.\r\n"
        "- The budget is $2 billion.\r\n"
        "Tags: space, rockets, agency\r\n"
    )
    article = extract_article(raw, include_asserted=True)
    assert article.body == raw.replace("\r\n", "\n")
    assert article.format == "text"
    by_text = {claim.text: claim for claim in article.claims}
    assert set(by_text) == {
        "The agency reportedly delayed the launch.",
        "The rocket could fly in May.",
        "The budget is $2 billion.",
    }
    assert by_text["The agency reportedly delayed the launch."].section == "Introduction"
    assert by_text["The rocket could fly in May."].section == "Outlook: What Comes Next"
    for claim in article.claims:
        assert article.body[claim.start : claim.end] == claim.text
        assert claim.fingerprint == claim_fingerprint(claim.text)


def test_include_asserted_keeps_only_check_worthy_asserted_sentences() -> None:
    raw = "The plan is bold. It costs $4 billion. The board may approve it."
    default = extract_article(raw)
    everything = extract_article(raw, include_asserted=True)
    assert [c.text for c in default.claims] == ["The board may approve it."]
    assert [c.text for c in everything.claims] == [
        "It costs $4 billion.",
        "The board may approve it.",
    ]
    assert everything.claims[0].hedge is Hedge.ASSERTED


def test_repeated_sentence_becomes_one_claim() -> None:
    raw = "The firm could fail.\n\nMore text here.\n\nThe firm could fail."
    assert len(extract_article(raw).claims) == 1


def test_summary_that_repeats_the_body_is_dropped_but_new_summary_kept() -> None:
    body = "Body\nThe council may raise parking fees next year to fund new bus lanes.\n"
    repeating = body + "Summary\nThe council may raise parking fees to fund bus lanes.\n"
    novel = body + "Summary\nA separate ferry service could launch across the harbour.\n"
    assert len(extract_article(repeating).claims) == 1
    assert len(extract_article(novel).claims) == 2


def test_markdown_links_become_cited_urls_and_sources() -> None:
    raw = (
        "# Port deal\n\n"
        "The operator is [reportedly](https://news.example.org/a) close to a deal, and\n"
        "shares **may** rise (see <https://markets.example.com/b>).\n\n"
        "Relative links [resolve](/c) against the base and could matter.\n\n"
        "## References\n\n"
        "- [Deal coverage](https://news.example.org/a) - Example News - The original report.\n"
        "- Harbour Outlook - Port Weekly - Forecasts for the port.\n"
    )
    article = extract_article(raw, base_url="https://site.example.org/articles/1")
    assert article.format == "markdown"
    assert article.title == "Port deal"
    first, second = article.claims
    assert first.text == (
        "The operator is reportedly close to a deal, and shares may rise "
        "(see https://markets.example.com/b)."
    )
    assert first.hedge is Hedge.REPORTED
    assert first.urls == ("https://news.example.org/a", "https://markets.example.com/b")
    assert second.urls == ("https://site.example.org/c",)
    assert_spans_index_body(article)
    assert article.body[first.start : first.end].startswith("The operator is [reportedly]")
    sources = {source.url: source for source in article.sources}
    assert sources["https://news.example.org/a"].title == "Deal coverage"
    assert sources["https://news.example.org/a"].relation is Relation.REFERENCE
    assert sources["https://markets.example.com/b"].relation is Relation.CITED
    assert sources[None].title == "Harbour Outlook"
    assert sum(1 for s in article.sources if s.url == "https://news.example.org/a") == 1


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>Port deal | Daily Example</title>
<meta property="og:title" content="Port operator nears deal">
<meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2025-03-04T09:30:00Z">
</head><body>
<header><nav><a href="/">Home</a> Officials said the menu could change.</nav></header>
<div class="cookie-banner">We may use cookies.</div>
<article>
<h1>Port operator nears deal</h1>
<p>The operator is <a href="/2025/02/talks">reportedly</a> close to buying a rival.
Mr. Smith, the chief executive, said the deal could close by June.</p>
<h2>Background</h2>
<ul><li>Shares may rise if the deal is approved.</li></ul>
<h2>References</h2>
<ul><li><a href="https://stats.example.com/ports">Port statistics 2024</a> - Port Authority</li>
</ul>
</article>
<footer>Analysts expect the footer to be ignored.</footer>
<script>var s = "reportedly could";</script>
</body></html>"""


def test_html_main_text_metadata_and_links() -> None:
    article = extract_article(HTML_PAGE, base_url="https://news.example.org/port")
    assert article.format == "html"
    assert article.title == "Port operator nears deal"
    assert article.publisher == "Daily Example"
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-03-04T09:30:00+00:00"
    for dropped in ("cookies", "footer", "menu", "var s"):
        assert dropped not in article.body
    assert "\n\nBackground\n\n" in article.body
    texts = [claim.text for claim in article.claims]
    assert texts == [
        "The operator is reportedly close to buying a rival.",
        "Mr. Smith, the chief executive, said the deal could close by June.",
        "Shares may rise if the deal is approved.",
    ]
    assert article.claims[0].urls == ("https://news.example.org/2025/02/talks",)
    assert article.claims[1].attributed_to == "Mr. Smith"
    assert article.claims[2].section == "Background"
    for claim in article.claims:
        assert article.body[claim.start : claim.end] == claim.text
    reference = next(s for s in article.sources if s.relation is Relation.REFERENCE)
    assert (reference.title, reference.publisher, reference.url) == (
        "Port statistics 2024",
        "Port Authority",
        "https://stats.example.com/ports",
    )


REFERENCES_BESIDE_ARTICLE = """<html><head><title>Plant</title></head><body>
<nav><h2>Links</h2><ul><li><a href="https://nav.example.org/">Home - Nav News</a></li></ul></nav>
{open_main}
<article><p>Acme reportedly plans to close its Leeds plant.</p></article>
<aside><h2>Sources</h2><ul><li>Sidebar story - Other Paper</li></ul></aside>
<section><h2>References</h2>
<ol><li><a href="https://gazette.example.org/acme">Acme closes Leeds</a> - Leeds Gazette</li></ol>
<p>Prose after the list.</p></section>
{close_main}
<footer><h2>Sources</h2><ul><li><a href="https://foot.example.org/">Foot - Foot Paper</a></li></ul>
</footer>
</body></html>"""


@pytest.mark.parametrize(("open_main", "close_main"), [("<main>", "</main>"), ("", "")])
def test_html_references_beside_the_article_are_found(open_main: str, close_main: str) -> None:
    raw = REFERENCES_BESIDE_ARTICLE.format(open_main=open_main, close_main=close_main)
    article = extract_article(raw)
    assert [c.text for c in article.claims] == ["Acme reportedly plans to close its Leeds plant."]
    assert [(s.title, s.publisher, s.url, s.relation) for s in article.sources] == [
        (
            "Acme closes Leeds",
            "Leeds Gazette",
            "https://gazette.example.org/acme",
            Relation.REFERENCE,
        )
    ]
    assert_spans_index_body(article)


def test_markdown_link_url_keeps_balanced_parentheses() -> None:
    article = extract_article(
        "> Quoted: the CEO reportedly resigned, see [the memo](https://example.org/memo_(2024)).\n"
    )
    (claim,) = article.claims
    assert claim.text == "Quoted: the CEO reportedly resigned, see the memo."
    assert claim.urls == ("https://example.org/memo_(2024)",)
    assert [s.url for s in article.sources] == ["https://example.org/memo_(2024)"]
    assert_spans_index_body(article)


@pytest.mark.parametrize(
    "byline",
    ["By Jane Writer | March 3, 2025", "By Jane Writer", "Updated: March 3, 2025"],
)
def test_byline_is_not_the_section_of_the_claims_after_it(byline: str) -> None:
    raw = f"# Big Story\n\n{byline}\n\nAcme reportedly plans to close its Leeds plant.\n"
    (claim,) = extract_article(raw).claims
    assert claim.section == "Big Story"


def test_heading_that_starts_with_by_is_still_a_heading() -> None:
    raw = "Big Story\n\nIntro text here.\n\nBy the Numbers\n\nAcme may close its Leeds plant.\n"
    (claim,) = extract_article(raw).claims
    assert claim.section == "By the Numbers"


def test_note_after_a_full_stop_stays_out_of_both_claims() -> None:
    raw = "The museum reportedly opened in 2019.[citation needed] Its founder is said to have left."
    article = extract_article(raw)
    assert [c.text for c in article.claims] == [
        "The museum reportedly opened in 2019.",
        "Its founder is said to have left.",
    ]


# --- the seed article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ExtractedArticle:
    if not SEED_ARTICLE.exists():
        pytest.skip("the seed article is not next to this checkout")
    return extract_article(SEED_ARTICLE.read_text(encoding="utf-8"))


def claim_starting(article: ExtractedArticle, prefix: str) -> Hedge | None:
    matches = [claim for claim in article.claims if claim.text.startswith(prefix)]
    assert len(matches) <= 1
    return matches[0].hedge if matches else None


def test_seed_reported_claims(seed: ExtractedArticle) -> None:
    refused = next(
        c for c in seed.claims if c.text.startswith("According to reports, OpenAI refused")
    )
    rival = next(c for c in seed.claims if "known as MAI, which reportedly rival" in c.text)
    for claim in (refused, rival):
        assert claim.hedge is Hedge.REPORTED
        assert claim.attributed_to == "reports"
        assert claim.section == "From Collaboration to Competition: Changing Dynamics"
    assert [cue.text for cue in refused.cues] == ["According to reports"]
    assert [cue.text for cue in rival.cues] == ["reportedly"]


def test_seed_speculative_claims(seed: ExtractedArticle) -> None:
    assert (
        claim_starting(seed, "Microsoft's emerging MAI models are designed for reasoning")
        is Hedge.SPECULATIVE
    )
    assert claim_starting(seed, "Increased competition among cloud providers") is Hedge.SPECULATIVE
    mai = next(c for c in seed.claims if c.text.startswith("Microsoft's emerging MAI"))
    assert {"potentially"} <= {cue.text for cue in mai.cues}
    assert any("expected" in cue.text for cue in mai.cues)


@pytest.mark.parametrize(
    "not_a_claim",
    [
        "Introduction",
        "Background: A Partnership Built on Vision and Investment",
        "Conclusion",
        "For Microsoft:",
        "Reference Links",
        "Tags:",
        "Summary",
        "Meta Description",
        "Microsoft and OpenAI’s partnership, once seen as a hallmark",
        "Explore how Microsoft and OpenAI's evolving partnership",
        "Microsoft’s AI Ambitions Step Out of the Shadows",
    ],
)
def test_seed_headings_boilerplate_and_references_are_not_claims(
    seed: ExtractedArticle, not_a_claim: str
) -> None:
    assert not any(claim.text.startswith(not_a_claim) for claim in seed.claims)
    everything = extract_article(seed.body, include_asserted=True)
    assert not any(claim.text.startswith(not_a_claim) for claim in everything.claims)


def test_seed_references_are_title_only_windowsforum_sources(seed: ExtractedArticle) -> None:
    assert [(s.title, s.publisher, s.url, s.relation) for s in seed.sources] == [
        (
            "Microsoft’s AI Ambitions Step Out of the Shadows",
            "WindowsForum",
            None,
            Relation.REFERENCE,
        ),
        (
            "Microsoft Eases Exclusivity with OpenAI: What It Means for Cloud Computing",
            "WindowsForum",
            None,
            Relation.REFERENCE,
        ),
        (
            "Microsoft & OpenAI Unveil 'Stargate': A New Era in AI Partnership",
            "WindowsForum",
            None,
            Relation.REFERENCE,
        ),
        (
            "Microsoft Integrates Elon Musk’s Grok AI into Azure, Expanding AI Landscape",
            "WindowsForum",
            None,
            Relation.REFERENCE,
        ),
        (
            "Microsoft’s AI Assistant Copilot Performance and Challenges",
            "WindowsForum",
            None,
            Relation.REFERENCE,
        ),
    ]
    assert seed.sources[0].description == (
        "Detailed insights on Microsoft’s MAI models development and the growth of AI "
        "competition with OpenAI."
    )
    assert all(source.description for source in seed.sources)


def test_seed_suggestions_put_the_topical_claims_first(seed: ExtractedArticle) -> None:
    assert all(SUGGESTION_THRESHOLD <= s.score <= 1 for s in seed.suggestions)
    best_for_mai = [seed.claims[s.claim].text for s in seed.suggestions if s.source == 0][:2]
    assert all("MAI" in text for text in best_for_mai)
    everything = extract_article(seed.body, include_asserted=True)
    stargate = max((s for s in everything.suggestions if s.source == 2), key=lambda s: s.score)
    assert "Stargate" in everything.claims[stargate.claim].text


def test_seed_spans_and_body(seed: ExtractedArticle) -> None:
    assert seed.body == SEED_ARTICLE.read_text(encoding="utf-8").replace("\r\n", "\n")
    for claim in seed.claims:
        assert seed.body[claim.start : claim.end] == claim.text
    assert_spans_index_body(seed)


def test_example_article_has_every_hedge_class_and_sources() -> None:
    article = extract_article(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert {claim.hedge for claim in article.claims} == {
        Hedge.REPORTED,
        Hedge.ATTRIBUTED,
        Hedge.SPECULATIVE,
    }
    assert_spans_index_body(article)
    relations = {source.relation for source in article.sources}
    assert relations == {Relation.REFERENCE, Relation.CITED}
    assert any(source.url is None for source in article.sources)
    assert not any("annual report shows" in claim.text for claim in article.claims)
    assert not any("Reports tab" in claim.text for claim in article.claims)


# --- properties -------------------------------------------------------------------------------

MARKUP_PIECES = [
    *"abcXYZ .,!?;:'\"“”’-–—\n\t#*_[]()<>/=&$%0123456789",
    *("http://", "https://ex.org/", "<p>", "</p>", "<a href='/x'>", "</a>", "May ", "said "),
    *("reportedly ", "Mr. ", "- ", "\n\n", "U.S. ", "## ", "[a](b)", "References\n"),
]
MARKUP_ALPHABET = st.sampled_from(MARKUP_PIECES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example("See http://[ and [a](http://[) - the firm could fail.")  # urlsplit raises on these
@example("a" + "." * 5000 + " b")
@given(st.one_of(st.text(max_size=400), st.lists(MARKUP_ALPHABET, max_size=120).map("".join)))
def test_extract_article_never_crashes_and_spans_index_the_body(raw: str) -> None:
    for include_asserted in (False, True):
        try:
            article = extract_article(
                raw, include_asserted=include_asserted, base_url="https://ex.org/a/"
            )
        except ExtractionError:
            assert not any(ch.isalnum() for ch in raw) or detect_format(raw) == "html"
            return
        assert_spans_index_body(article)
        if article.format == "text":
            for claim in article.claims:
                assert article.body[claim.start : claim.end] == claim.text
        for suggestion in article.suggestions:
            assert 0 <= suggestion.claim < len(article.claims)
            assert 0 <= suggestion.source < len(article.sources)
            assert 0.0 <= suggestion.score <= 1.0


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.lists(MARKUP_ALPHABET, max_size=80).map("".join)))
def test_split_sentences_spans_are_ordered_disjoint_and_trimmed(text: str) -> None:
    previous_end = 0
    for start, end in split_sentences(text):
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        previous_end = end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_classify_hedge_cues_index_the_sentence(sentence: str) -> None:
    result = classify_hedge(sentence)
    for cue in result.cues:
        assert sentence[cue.start : cue.end] == cue.text
    assert (result.hedge is Hedge.ASSERTED) is (not result.cues)


# --------------------------------------------------------------------------------------------
# Footnotes: a claim cites the note its marker points to
# --------------------------------------------------------------------------------------------

WIKI_PAGE = """<html><head><title>Lake Vostran - Wikipedia</title></head><body><main>
<h1>Lake Vostran</h1>
<p>The lake is reportedly 212 metres deep.<sup class="reference"><a href="#cite_note-1">[1]</a>
</sup> A dam is expected to be built by 2030.<sup class="reference"><a href="#cite_note-2">[2]</a>
</sup> The ferry, according to the council, will resume in May.<sup><a href="#cite_note-3">[3]</a>
</sup></p>
<p>The region is said to be <a href="#geography">mountainous</a>.</p>
<h2 id="geography">Geography</h2><p>Nothing here is linked. It has a long and unlinked shore.</p>
<h2>References</h2>
<ol class="references">
<li id="cite_note-1"><a href="#cite_ref-1">^</a> <cite>"Annual report".
<a class="external" href="https://example.org/report.pdf">Carvenia Geological Office</a>. 2019.
<a href="https://web.archive.org/web/2020/https://example.org/report.pdf">Archived</a> from the
original. <a href="/wiki/Special:BookSources/123">ISBN 123</a></cite></li>
<li id="cite_note-2"><a href="#cite_ref-2">^</a> <cite>"Dam plan". Carvenia Times. 2024.
<a href="https://web.archive.org/web/2024/https://times.example/dam">Archived</a></cite></li>
<li id="cite_note-3"><a href="#cite_ref-3">^</a> Council minutes (offline).</li>
</ol></main></body></html>"""


def test_html_footnote_markers_cite_their_notes_sources() -> None:
    article = extract_article(WIKI_PAGE, base_url="https://en.wikipedia.org/wiki/Lake_Vostran")
    cites = {claim.text: claim.urls for claim in article.claims}
    assert cites == {
        # The original, not its archived copy, the book-sources page or the backlink.
        "The lake is reportedly 212 metres deep.": ("https://example.org/report.pdf",),
        # A note holding only an archived copy gives that.
        "A dam is expected to be built by 2030.": (
            "https://web.archive.org/web/2024/https://times.example/dam",
        ),
        # A note without a link cites nothing; a link to a section is no footnote.
        "The ferry, according to the council, will resume in May.": (),
        "The region is said to be mountainous.": (),
    }


NUMBERED_TEXT = """Lake Vostran

The lake is reportedly 212 metres deep. [2] A dam is expected to be built by 2030.[1][3]

References
1. "Dam plan unveiled", Carvenia Times, 2024. https://news.example.com/dam-plan
2. Carvenia Geological Office, "Annual report", 2019. https://example.org/report
3. Council minutes, 12 May 2024.
"""


def test_numbered_notes_in_text_cite_the_numbered_references() -> None:
    article = extract_article(NUMBERED_TEXT)
    assert [(claim.text, claim.urls) for claim in article.claims] == [
        ("The lake is reportedly 212 metres deep.", ("https://example.org/report",)),
        ("A dam is expected to be built by 2030.", ("https://news.example.com/dam-plan",)),
    ]
    assert article.suggestions == ()


MARKDOWN_FOOTNOTES = """# Lake Vostran

The lake is reportedly 212 metres deep.[^survey] A dam is expected to be built by 2030.[^2]
The ferry is said to return in [May](https://ferry.example/timetable) [1].

[^survey]: Carvenia Geological Office, "Survey of Carvenian lakes", 2019. https://example.org/survey
[^2]: "Dam plan unveiled", Carvenia Times, 2024. <https://news.example.com/dam-plan>
"""


def test_markdown_footnotes_are_references_their_markers_cite() -> None:
    article = extract_article(MARKDOWN_FOOTNOTES)
    assert [(claim.text, claim.urls) for claim in article.claims] == [
        ("The lake is reportedly 212 metres deep.", ("https://example.org/survey",)),
        ("A dam is expected to be built by 2030.", ("https://news.example.com/dam-plan",)),
        ("The ferry is said to return in May [1].", ("https://ferry.example/timetable",)),
    ]
    assert [(source.title, source.url, source.relation) for source in article.sources] == [
        ("Survey of Carvenian lakes", "https://example.org/survey", Relation.REFERENCE),
        ("Dam plan unveiled", "https://news.example.com/dam-plan", Relation.REFERENCE),
        (None, "https://ferry.example/timetable", Relation.CITED),
    ]


@pytest.mark.parametrize(
    "page",
    [
        # Google Docs: the note's id is on the link back to the text.
        '<html><body><p>The lake is reportedly 212 metres deep.<sup><a href="#ftnt1" '
        'id="ftnt_ref1">[1]</a></sup></p><hr><div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> '
        'Survey of lakes, <a href="https://example.org/survey">example.org</a>.</p></div>'
        "</body></html>",
        # Word: named anchors.
        '<html><body><p class="MsoNormal">The lake is reportedly 212 metres deep.<a '
        'href="#_ftn1" name="_ftnref1">[1]</a></p><div><p class="MsoFootnoteText"><a '
        'href="#_ftnref1" name="_ftn1">[1]</a> Survey of lakes, '
        '<a href="https://example.org/survey">example.org</a>.</p></div></body></html>',
    ],
    ids=["google-docs", "word"],
)
def test_footnotes_of_document_exports(page: str) -> None:
    article = extract_article(page)
    claim = next(c for c in article.claims if "212" in c.text)
    assert claim.urls == ("https://example.org/survey",)


_SPANS = st.tuples(st.integers(0, 200), st.integers(0, 60)).map(lambda p: (p[0], p[0] + p[1]))


@given(links=st.lists(_SPANS, max_size=30), span=_SPANS)
def test_links_of_a_span_are_found_by_bisection_as_by_scanning(
    links: list[tuple[int, int]], span: tuple[int, int]
) -> None:
    anchors = [
        _Anchor(start, end, f"https://example.org/{i}") for i, (start, end) in enumerate(links)
    ]
    found = _Anchors(anchors)
    start, end = span
    in_order = sorted(anchors, key=lambda a: a.start)
    assert found.overlapping(start, end) == [a for a in in_order if a.start < end and a.end > start]
    assert found.starting_in(start, end) == [a for a in in_order if start <= a.start < end]
