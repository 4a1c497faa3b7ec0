"""Generate benchmarks/data/evidence_eval.jsonl: a labelled claim/page set for evidence verdicts.

Every sentence below was written for this set (the companies, towns and figures are invented or
used only as sample subjects); pages are assembled from templates with navigation, cookie
banners, related-article lists and footers so that boilerplate removal is exercised too.

Labels are what a careful human fact-checker would answer for the page, not what the matcher is
expected to manage: paraphrases that share few words are still ``supports``, and an
other-language page that states the fact is ``supports`` as well.

Run: python benchmarks/make_evidence_eval.py  (deterministic; rewrites the jsonl)
"""

from __future__ import annotations

import html
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).parent / "data" / "evidence_eval.jsonl"


@dataclass(frozen=True)
class Fact:
    key: str
    claim: str
    paraphrase: str  # supports the claim in other words
    verbatim: str  # near-verbatim statement of the claim
    conflict: str  # same subject, a different number / date / name
    conflict_kind: str
    compound_claim: str  # the claim plus a second clause the page does not support
    vague: str  # the subject without the claim's specifics: partial support
    near_topic: str  # same organisation, a different matter: not_found
    extra_conflicts: tuple[str, ...] = field(default=())


FACTS: list[Fact] = [
    Fact(
        "msft-13bn",
        "Microsoft reportedly invested $13 billion in OpenAI.",
        "Over the past five years Microsoft has put $13 billion into OpenAI, making it by far "
        "the start-up's largest backer.",
        "Microsoft invested $13 billion in OpenAI, the company confirmed in a filing on Tuesday.",
        "Over the past five years Microsoft has invested $10 billion in OpenAI, making it by far "
        "the start-up's largest backer.",
        "money",
        "Microsoft reportedly invested $13 billion in OpenAI and took a voting seat on its board.",
        "Microsoft has invested billions of dollars in OpenAI, but neither company will say "
        "exactly how much.",
        "Microsoft said on Tuesday that its gaming division would raise console prices in Europe.",
    ),
    Fact(
        "o1-details",
        "According to reports, OpenAI refused to share details of its o1 model with Microsoft.",
        "OpenAI declined to give Microsoft engineers the technical details behind its o1 "
        "reasoning model, two people briefed on the talks said.",
        "OpenAI refused to share details of its o1 model with Microsoft, the newsletter said.",
        "OpenAI refused to share details of its o1 model with Oracle, the newsletter said, "
        "citing a clause in their hosting agreement.",
        "name",
        "According to reports, OpenAI refused to share details of its o1 model with Microsoft "
        "and asked for a larger cut of Azure revenue.",
        "Talks between OpenAI and Microsoft about sharing research have grown tense this year.",
        "OpenAI opened a new office in Dublin and plans to hire local engineers.",
    ),
    Fact(
        "kestrel-jobs",
        "Kestrel Bank is expected to cut 1,200 jobs by the end of 2025.",
        "Kestrel Bank plans to eliminate about 1,200 jobs before the end of 2025 as it shuts "
        "branches and moves customers online.",
        "Kestrel Bank is expected to cut 1,200 jobs by the end of 2025, the lender said.",
        "Kestrel Bank plans to eliminate about 1,800 jobs before the end of 2025 as it shuts "
        "branches and moves customers online.",
        "number",
        "Kestrel Bank is expected to cut 1,200 jobs by the end of 2025 and to close 40 branches "
        "in Scotland.",
        "Kestrel Bank will cut jobs as it shuts branches, though it has not said how many roles "
        "will go.",
        "Kestrel Bank raised its savings rates for the second time this spring.",
        ("Kestrel Bank is expected to cut 1,200 jobs by the end of 2027, the lender said.",),
    ),
    Fact(
        "norvale-round",
        "Norvale Robotics reportedly raised €45 million in a funding round led by Atlas Ventures.",
        "Norvale Robotics has closed a €45 million financing round, with Atlas Ventures leading "
        "the investment.",
        "Norvale Robotics raised €45 million in a funding round led by Atlas Ventures.",
        "Norvale Robotics has closed a €54 million financing round, with Atlas Ventures leading "
        "the investment.",
        "money",
        "Norvale Robotics reportedly raised €45 million in a funding round led by Atlas Ventures "
        "and will open a factory in Lyon.",
        "Norvale Robotics is raising new money from venture investors, the company confirmed.",
        "Norvale Robotics showed a warehouse picking arm at a trade fair in Hanover.",
        ("Norvale Robotics raised €45 million in a funding round led by Brightwater Capital.",),
    ),
    Fact(
        "portugal-cpi",
        "Inflation in Portugal reportedly fell to 2.1% in March.",
        "In March, consumer prices in Portugal rose 2.1% from a year earlier, slower than the "
        "2.5% pace of February, the statistics office said.",
        "Inflation in Portugal fell to 2.1% in March, official figures showed.",
        "Inflation in Portugal fell to 2.4% in March, official figures showed.",
        "percent",
        "Inflation in Portugal reportedly fell to 2.1% in March while unemployment rose to 7%.",
        "Inflation in Portugal eased again, official figures showed, without giving a monthly "
        "breakdown.",
        "Portugal's tourism board expects another record summer in the Algarve.",
        ("Inflation in Portugal fell to 2.1% in April, official figures showed.",),
    ),
    Fact(
        "halden-bridge",
        "The Halden bridge is expected to open in September 2026.",
        "Officials now say the Halden bridge will carry its first traffic in September 2026, "
        "two years later than first planned.",
        "The Halden bridge is expected to open in September 2026, the roads agency said.",
        "Officials now say the Halden bridge will carry its first traffic in November 2026, "
        "two years later than first planned.",
        "month",
        "The Halden bridge is expected to open in September 2026 and will charge a toll of €4.",
        "Officials say the Halden bridge is running late but have not given a new opening date.",
        "Halden's harbour will host a tall-ships race for the first time.",
        ("The Halden bridge is expected to open in September 2028, the roads agency said.",),
    ),
    Fact(
        "arbor-clearpath",
        "Arbor Health reportedly agreed to buy Clearpath Diagnostics for $2.4 billion.",
        "Arbor Health has agreed to acquire Clearpath Diagnostics in a deal valued at $2.4 "
        "billion, the two companies announced.",
        "Arbor Health agreed to buy Clearpath Diagnostics for $2.4 billion in cash.",
        "Arbor Health has agreed to acquire Clearpath Diagnostics in a deal valued at $2.9 "
        "billion, the two companies announced.",
        "money",
        "Arbor Health reportedly agreed to buy Clearpath Diagnostics for $2.4 billion and will "
        "cut 300 jobs after the merger.",
        "Arbor Health is in talks to acquire a diagnostics company, people close to the company "
        "said.",
        "Arbor Health appointed a new chief nursing officer for its clinics.",
        ("Arbor Health agreed to buy Brightline Labs for $2.4 billion in cash.",),
    ),
    Fact(
        "lumen-chargers",
        "Lumen Grid is said to have installed 3,500 public charging points in 2023.",
        "During 2023 Lumen Grid installed 3,500 public charging points across its network.",
        "Lumen Grid installed 3,500 public charging points in 2023, its annual review shows.",
        "During 2023 Lumen Grid installed 4,500 public charging points across its network.",
        "number",
        "Lumen Grid is said to have installed 3,500 public charging points in 2023 and doubled "
        "its revenue.",
        "Lumen Grid keeps expanding its public charging network across the region.",
        "Lumen Grid changed the colour of its logo from green to blue.",
    ),
    Fact(
        "halcyon-757",
        "Sources say Halcyon Air will retire its last Boeing 757 in June.",
        "Halcyon Air will fly its final Boeing 757 service in June before withdrawing the type "
        "from its fleet.",
        "Halcyon Air will retire its last Boeing 757 in June, the airline said.",
        "Halcyon Air will fly its final Boeing 757 service in August before withdrawing the type "
        "from its fleet.",
        "month",
        "Sources say Halcyon Air will retire its last Boeing 757 in June and order 20 new "
        "Airbus jets.",
        "Halcyon Air plans to retire its older jets over the next few years.",
        "Halcyon Air added a daily route to Reykjavik.",
    ),
    Fact(
        "tarrow-library",
        "The city of Tarrow reportedly spent £3.2m on the new library.",
        "The new library cost the city of Tarrow £3.2m, according to council documents.",
        "The city of Tarrow spent £3.2m on the new library, council papers show.",
        "The new library cost the city of Tarrow £4.1m, according to council documents.",
        "money",
        "The city of Tarrow reportedly spent £3.2m on the new library and a further £1m on "
        "parking.",
        "The new library in Tarrow went over budget, according to council documents.",
        "Tarrow's council voted to extend the opening hours of the swimming pool.",
    ),
    Fact(
        "vireo-revenue",
        "Vireo Foods is expected to report revenue of $870 million for the quarter.",
        "Analysts forecast that Vireo Foods will post quarterly revenue of $870 million when it "
        "reports on Thursday.",
        "Vireo Foods is expected to report revenue of $870 million for the quarter, analysts said.",
        "Analysts forecast that Vireo Foods will post quarterly revenue of $780 million when it "
        "reports on Thursday.",
        "money",
        "Vireo Foods is expected to report revenue of $870 million for the quarter and to raise "
        "its dividend.",
        "Analysts expect Vireo Foods to report higher quarterly revenue on Thursday.",
        "Vireo Foods recalled a batch of frozen dumplings over labelling errors.",
    ),
    Fact(
        "okafor-trial",
        "Dr. Amara Okafor reportedly leads the vaccine trial at St. Brennan's Hospital.",
        "The vaccine trial at St. Brennan's Hospital is led by Dr. Amara Okafor, an "
        "infectious-disease specialist.",
        "Dr. Amara Okafor leads the vaccine trial at St. Brennan's Hospital.",
        "The vaccine trial at St. Brennan's Hospital is led by Dr. Lena Fischer, an "
        "infectious-disease specialist.",
        "name",
        "Dr. Amara Okafor reportedly leads the vaccine trial at St. Brennan's Hospital and has "
        "enrolled 2,000 volunteers.",
        "St. Brennan's Hospital is running a vaccine trial with volunteers from the region.",
        "St. Brennan's Hospital opened a new car park for visitors.",
    ),
    Fact(
        "castile-unemployment",
        "Unemployment in Castile reportedly rose to 11.4 percent.",
        "The jobless rate in Castile climbed to 11.4 percent, the regional government said.",
        "Unemployment in Castile rose to 11.4 percent last quarter.",
        "The jobless rate in Castile climbed to 12.4 percent, the regional government said.",
        "percent",
        "Unemployment in Castile reportedly rose to 11.4 percent and youth unemployment passed "
        "30 percent.",
        "Unemployment in Castile rose again last quarter, the regional government said.",
        "Castile's wine harvest started a week early because of the heat.",
    ),
    Fact(
        "orbis-subscribers",
        "Orbis Telecom allegedly lost 400,000 subscribers in the first quarter.",
        "Orbis Telecom shed 400,000 subscribers between January and March, its quarterly report "
        "shows.",
        "Orbis Telecom lost 400,000 subscribers in the first quarter.",
        "Orbis Telecom shed 250,000 subscribers between January and March, its quarterly report "
        "shows.",
        "number",
        "Orbis Telecom allegedly lost 400,000 subscribers in the first quarter and replaced its "
        "chief executive.",
        "Orbis Telecom lost subscribers in the first quarter, its quarterly report shows.",
        "Orbis Telecom sponsored the national cycling championship.",
    ),
    Fact(
        "bramford-festival",
        "The Bramford festival is expected to draw 80,000 visitors this summer.",
        "Organisers of the Bramford festival expect 80,000 visitors over the summer weekends.",
        "The Bramford festival is expected to draw 80,000 visitors this summer, organisers said.",
        "Organisers of the Bramford festival expect 60,000 visitors over the summer weekends.",
        "number",
        "The Bramford festival is expected to draw 80,000 visitors this summer and to raise "
        "£2m for charity.",
        "Organisers of the Bramford festival expect large crowds over the summer weekends.",
        "The Bramford festival announced a new headline act for its closing night.",
    ),
    Fact(
        "quill-austin",
        "Quill Software reportedly plans to move its headquarters to Austin in 2025.",
        "Quill Software will relocate its headquarters to Austin in 2025, the company told staff "
        "in a memo.",
        "Quill Software plans to move its headquarters to Austin in 2025.",
        "Quill Software will relocate its headquarters to Denver in 2025, the company told staff "
        "in a memo.",
        "name",
        "Quill Software reportedly plans to move its headquarters to Austin in 2025 and to sell "
        "its consulting arm.",
        "Quill Software is considering moving its headquarters, the company told staff.",
        "Quill Software released a new version of its accounting app.",
        ("Quill Software plans to move its headquarters to Austin in 2027.",),
    ),
    Fact(
        "msft-models",
        "Microsoft is evaluating models from xAI, Meta and DeepSeek for Copilot, according to "
        "reports.",
        "Microsoft has been testing models from xAI, Meta and DeepSeek as possible engines for "
        "Copilot.",
        "Microsoft is evaluating models from xAI, Meta and DeepSeek for Copilot.",
        "Microsoft is evaluating models from Mistral, Cohere and Anthropic for Copilot.",
        "name",
        "Microsoft is evaluating models from xAI, Meta and DeepSeek for Copilot and will drop "
        "OpenAI next year, according to reports.",
        "Microsoft has been testing models from other companies as possible engines for Copilot.",
        "Microsoft released a new Surface laptop with a larger battery.",
    ),
    Fact(
        "keller-loss",
        "Keller & Roth reportedly posted a net loss of €310 million in 2023.",
        "For 2023, Keller & Roth reported a net loss of €310 million, after a profit the year "
        "before.",
        "Keller & Roth posted a net loss of €310 million in 2023.",
        "For 2023, Keller & Roth reported a net loss of €130 million, after a profit the year "
        "before.",
        "money",
        "Keller & Roth reportedly posted a net loss of €310 million in 2023 and suspended its "
        "dividend.",
        "Keller & Roth slipped into a loss in 2023, after a profit the year before.",
        "Keller & Roth opened a flagship store in Vienna.",
    ),
    Fact(
        "senna-flood",
        "The river Senna reportedly reached a record level of 8.7 metres.",
        "The Senna peaked at 8.7 metres, the highest level since records began, the flood "
        "authority said.",
        "The river Senna reached a record level of 8.7 metres on Sunday.",
        "The Senna peaked at 7.8 metres, the highest level since records began, the flood "
        "authority said.",
        "number",
        "The river Senna reportedly reached a record level of 8.7 metres and 3,000 people were "
        "evacuated.",
        "The Senna rose to its highest level since records began, the flood authority said.",
        "A new footpath along the Senna opened to walkers.",
    ),
    Fact(
        "pinecrest-gift",
        "Pinecrest University is said to have received a $50 million donation from the Hale "
        "family.",
        "The Hale family has given Pinecrest University $50 million, the largest gift in the "
        "school's history.",
        "Pinecrest University received a $50 million donation from the Hale family.",
        "The Hale family has given Pinecrest University $15 million, the largest gift in the "
        "school's history.",
        "money",
        "Pinecrest University is said to have received a $50 million donation from the Hale "
        "family to build a cancer centre.",
        "The Hale family has made a large gift to Pinecrest University, the school said.",
        "Pinecrest University's rowing team won its regional final.",
        ("Pinecrest University received a $50 million donation from the Morrow family.",),
    ),
    Fact(
        "stargate-partners",
        "OpenAI's Stargate project reportedly includes Oracle and SoftBank as partners.",
        "Oracle and SoftBank have joined OpenAI's Stargate project as partners.",
        "OpenAI's Stargate project includes Oracle and SoftBank as partners.",
        "OpenAI's Stargate project includes Google and Amazon as partners.",
        "name",
        "OpenAI's Stargate project reportedly includes Oracle and SoftBank as partners and will "
        "cost $500 billion.",
        "OpenAI's Stargate project has signed up several partners, the company said.",
        "OpenAI published a new guide for teachers.",
    ),
    Fact(
        "velora-wind",
        "Around 65% of Velora's electricity reportedly came from wind power in 2024.",
        "Wind farms supplied 65% of Velora's electricity in 2024, the grid operator said.",
        "Around 65% of Velora's electricity came from wind power in 2024.",
        "Wind farms supplied 56% of Velora's electricity in 2024, the grid operator said.",
        "percent",
        "Around 65% of Velora's electricity reportedly came from wind power in 2024 and "
        "prices fell by a third.",
        "Wind farms supplied most of Velora's electricity in 2024, the grid operator said.",
        "Velora's grid operator moved into a new headquarters.",
    ),
    Fact(
        "danube-ferry",
        "The Danube ferry at Orsova is expected to resume service in April.",
        "Service on the Danube ferry at Orsova will restart in April after the winter pause.",
        "The Danube ferry at Orsova is expected to resume service in April.",
        "Service on the Danube ferry at Orsova will restart in May after the winter pause.",
        "month",
        "The Danube ferry at Orsova is expected to resume service in April with two new boats.",
        "Service on the Danube ferry at Orsova will restart after the winter pause.",
        "A photography exhibition about the Danube opened in Orsova.",
    ),
    Fact(
        "mai-api",
        "Microsoft's MAI models are expected to be offered to developers through an API this year.",
        "Microsoft plans to let developers use its MAI models through an API before the end of "
        "this year.",
        "Microsoft's MAI models will be offered to developers through an API this year.",
        "Microsoft plans to let developers use its Phi models through an API before the end of "
        "this year.",
        "name",
        "Microsoft's MAI models are expected to be offered to developers through an API this "
        "year and to replace OpenAI models in Copilot.",
        "Microsoft is building its own MAI models, the company confirmed.",
        "Microsoft moved its developer conference to a new venue.",
    ),
]

# Unrelated local-news sentences used as page filler; no fact's names or figures appear here.
FILLER_SUBJECTS = [
    "The council in Westholm", "Residents of Marrow Lane", "The Eastfield rowing club",
    "A bakery on Canal Street", "The regional orchestra", "Volunteers at the Linden food bank",
    "The Greybrook school board", "Local farmers near Oakridge", "The Harbourside museum",
    "Commuters on the Northline tram", "The Fenwick cycling club", "A theatre group in Saltmere",
]  # fmt: skip
FILLER_VERBS = [
    "voted to repaint", "raised money to repair", "held a meeting about", "complained about",
    "celebrated the reopening of", "asked for more funding for", "organised a clean-up of",
    "published a guide to", "opened an exhibition about", "started a petition to protect",
]  # fmt: skip
FILLER_OBJECTS = [
    "the old railway station", "the footbridge over the canal", "the community garden",
    "the public swimming pool", "the market square", "the village hall", "the riverside path",
    "the town's oldest oak tree", "the bus shelter on the high street", "the skate park",
]  # fmt: skip
FILLER_TAILS = [
    "on Saturday morning", "after weeks of discussion", "despite the rain",
    "with help from local businesses", "for the third year running", "before the holidays",
    "in a packed room", "with little fuss", "to the surprise of many neighbours",
]  # fmt: skip

NAV = (
    '<header class="site-header"><div class="logo">The Daily Ledger</div><nav class="main-nav">'
    '<ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>'
    '<li><a href="/business">Business</a></li><li><a href="/tech">Technology</a></li>'
    '<li><a href="/science">Science</a></li><li><a href="/opinion">Opinion</a></li></ul>'
    "</nav></header>"
)
COOKIE = (
    '<div id="cookie-consent" class="cookie-banner"><p>We use cookies and similar technologies '
    "to measure traffic and personalise content. You can change your choices at any time in "
    "Privacy Settings.</p><button>Accept all</button><button>Reject</button></div>"
)
FOOTER = (
    '<footer class="site-footer"><p>© 2025 The Daily Ledger. All rights reserved.</p>'
    '<ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>'
    '<li><a href="/terms">Terms of use</a></li><li><a href="/privacy">Privacy policy</a></li>'
    "</ul></footer>"
)
HEADLINES = [
    "News in brief", "Business roundup", "What we learned this week", "Markets and companies",
    "The morning briefing", "Regional news digest",
]  # fmt: skip
RELATED_GENERIC = [
    "Five walks to try this autumn",
    "Why the tram timetable is changing again",
    "Readers' letters: the parking debate",
    "Weekend weather: showers clearing by Sunday",
]


def filler(rng: random.Random, sentences: int) -> list[str]:
    """Paragraphs of invented local news, 3 sentences each."""
    out: list[str] = []
    paragraph: list[str] = []
    for _ in range(sentences):
        paragraph.append(
            f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} "
            f"{rng.choice(FILLER_OBJECTS)} {rng.choice(FILLER_TAILS)}."
        )
        if len(paragraph) == 3:
            out.append(" ".join(paragraph))
            paragraph = []
    if paragraph:
        out.append(" ".join(paragraph))
    return out


def news_page(
    rng: random.Random,
    title: str,
    body: list[str],
    *,
    related: list[str] | None = None,
    cookie_text: str | None = None,
    nav_extra: str | None = None,
    footer_extra: str | None = None,
    comments: list[str] | None = None,
    style: str = "semantic",
) -> str:
    """A news-like page; ``style`` is "semantic" (HTML5 landmarks) or "divs" (class names)."""
    esc = html.escape
    related_items = list(related or []) + rng.sample(RELATED_GENERIC, 2)
    rng.shuffle(related_items)
    related_html = "".join(f'<li><a href="/a/{i}">{esc(t)}</a></li>' for i, t in
                           enumerate(related_items))  # fmt: skip
    cookie = COOKIE
    if cookie_text:
        cookie = f'<div id="cookie-consent" class="cookie-banner"><p>{esc(cookie_text)}</p>' \
                 "<button>Accept all</button></div>"  # fmt: skip
    nav = NAV
    if nav_extra:
        nav = NAV.replace("</ul></nav>", f'<li class="breaking"><a href="/b">{esc(nav_extra)}'
                          "</a></li></ul></nav>")  # fmt: skip
    footer = FOOTER
    if footer_extra:
        footer = FOOTER.replace("</footer>", f'<p class="latest">Latest: {esc(footer_extra)}</p>'
                                "</footer>")  # fmt: skip
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in body)
    comment_html = ""
    if comments:
        comment_html = '<section id="comments" class="comments"><h3>Comments</h3>' + "".join(
            f'<div class="comment"><span class="author">reader{i}</span><p>{esc(c)}</p></div>'
            for i, c in enumerate(comments)
        ) + "</section>"  # fmt: skip
    date = f"2025-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T0{rng.randint(0, 9)}:00:00Z"
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} | '
        f'The Daily Ledger</title><meta property="article:published_time" content="{date}">'
        "<script>window.dataLayer=[];function track(){return 1}</script>"
        "<style>body{font-family:serif}.cookie-banner{position:fixed}</style></head>"
    )
    if style == "divs":
        return (
            f'{head}<body><div class="top-menu">{nav}</div>{cookie}<div id="content">'
            f'<div class="story"><h1>{esc(title)}</h1><div class="byline">By Staff Reporter</div>'
            f'<div class="story-body">{paragraphs}</div></div>'
            f'<div class="sidebar-related"><h3>Related stories</h3><ul>{related_html}</ul></div>'
            f"{comment_html}</div>{footer}</body></html>"
        )
    return (
        f"{head}<body>{nav}{cookie}<main><article><h1>{esc(title)}</h1>"
        f'<p class="byline">By Staff Reporter</p>{paragraphs}</article>'
        f'<aside class="related"><h3>Related articles</h3><ul>{related_html}</ul></aside>'
        f"{comment_html}</main>{footer}</body></html>"
    )


def body_with(rng: random.Random, evidence: list[str], filler_sentences: int) -> list[str]:
    """Filler paragraphs with the evidence sentences placed in one paragraph at a random spot."""
    paragraphs = filler(rng, filler_sentences)
    if evidence:
        position = rng.randint(0, len(paragraphs))
        lead = filler(rng, 1)[0]
        paragraphs.insert(position, " ".join([lead, *evidence]))
    return paragraphs


# Other-language pages. "supports": the page states the claim (numbers and Latin-script names
# carried over); "not_found": an unrelated article in that language; "conflicting": the same
# statement with a different figure.
FOREIGN: list[tuple[str, str, str, str, str]] = [
    # (language, fact key, verdict, page sentence, note)
    ("de", "msft-13bn", "supports",
     "Microsoft hat bislang rund 13 Milliarden Dollar in OpenAI investiert, wie aus Unterlagen "
     "des Konzerns hervorgeht.", "German, 13 Milliarden Dollar"),
    ("de", "portugal-cpi", "supports",
     "Die Inflation in Portugal ist im März auf 2,1 Prozent gesunken, teilte das Statistikamt "
     "mit.", "German decimal comma and month"),
    ("de", "norvale-round", "conflicting",
     "Norvale Robotics hat in einer von Atlas Ventures angeführten Finanzierungsrunde 54 "
     "Millionen Euro eingesammelt.", "German, different amount"),
    ("de", "kestrel-jobs", "not_found",
     "Der Stadtrat von Westholm hat am Samstag beschlossen, den alten Bahnhof neu zu streichen. "
     "Die Arbeiten sollen im Herbst beginnen.", "German, unrelated"),
    ("fr", "msft-13bn", "supports",
     "Microsoft a investi environ 13 milliards de dollars dans OpenAI, selon des documents de "
     "l'entreprise.", "French, milliards de dollars"),
    ("fr", "arbor-clearpath", "supports",
     "Arbor Health a accepté de racheter Clearpath Diagnostics pour 2,4 milliards de dollars.",
     "French decimal comma"),
    ("fr", "velora-wind", "conflicting",
     "L'éolien a fourni 56 % de l'électricité de Velora en 2024, selon le gestionnaire du "
     "réseau.", "French, different percentage"),
    ("fr", "halcyon-757", "not_found",
     "La chorale de Saltmere a donné un concert dans la vieille église malgré la pluie. Les "
     "billets étaient gratuits.", "French, unrelated"),
    ("es", "msft-13bn", "supports",
     "Microsoft ha invertido unos 13.000 millones de dólares en OpenAI, según documentos de la "
     "compañía.", "Spanish, 13.000 millones de dólares"),
    ("es", "castile-unemployment", "supports",
     "La tasa de paro en Castile subió hasta el 11,4 por ciento, informó el gobierno regional.",
     "Spanish por ciento"),
    ("es", "orbis-subscribers", "not_found",
     "El club de remo de Eastfield celebró la reapertura del embarcadero el sábado por la "
     "mañana.", "Spanish, unrelated"),
    ("es", "bramford-festival", "conflicting",
     "Los organizadores del festival de Bramford esperan 60.000 visitantes durante el verano.",
     "Spanish, different number"),
    ("ja", "msft-13bn", "supports",
     "マイクロソフト（Microsoft）はこれまでにOpenAIに約130億ドルを投資している。",
     "Japanese, 130億ドル"),
    ("ja", "velora-wind", "supports",
     "2024年、Veloraの電力の65%は風力発電によるものだったと送電会社が発表した。",
     "Japanese, percent and year"),
    ("ja", "kestrel-jobs", "not_found",
     "週末は各地で雨が降り、日曜日には天気が回復する見込みです。公園の桜はまだ咲いていません。",
     "Japanese, unrelated weather"),
    ("zh", "msft-13bn", "supports",
     "微软（Microsoft）迄今已向OpenAI投资约130亿美元。", "Chinese, 130亿美元"),
    ("zh", "stargate-partners", "supports",
     "Oracle和SoftBank已作为合作伙伴加入OpenAI的Stargate项目。", "Chinese, Latin names"),
    ("zh", "tarrow-library", "not_found",
     "本周末天气晴朗，市民纷纷前往公园散步。图书馆将于下周一照常开放。", "Chinese, unrelated"),
    ("zh", "arbor-clearpath", "supports",
     "雅博健康同意以24亿美元收购一家诊断公司。", "Chinese, names translated: hard"),
    ("ar", "msft-13bn", "supports",
     "استثمرت Microsoft نحو 13 مليار دولار في OpenAI حتى الآن، وفقا لوثائق الشركة.",
     "Arabic, 13 مليار دولار"),
    ("ar", "velora-wind", "not_found",
     "افتتح متحف الميناء معرضا جديدا عن تاريخ الصيد في المدينة يوم السبت.", "Arabic, unrelated"),
    ("ar", "portugal-cpi", "supports",
     "تراجع معدل التضخم في Portugal إلى 2.1% في مارس، بحسب الأرقام الرسمية.",
     "Arabic, Latin name, month in Arabic: hard"),
    ("ru", "msft-13bn", "supports",
     "Microsoft вложила в OpenAI около 13 млрд долларов, следует из документов компании.",
     "Russian, 13 млрд"),
    ("ru", "orbis-subscribers", "supports",
     "Orbis Telecom потеряла 400 000 абонентов в первом квартале, говорится в отчёте компании.",
     "Russian, space thousands separator"),
    ("ru", "senna-flood", "not_found",
     "Жители Марроу-лейн провели субботник в общественном саду, несмотря на дождь.",
     "Russian, unrelated"),
    ("ru", "lumen-chargers", "conflicting",
     "В 2023 году Lumen Grid установила 4500 общественных зарядных станций.",
     "Russian, different number"),
]  # fmt: skip

# Pairs aimed at salient-token pitfalls: a year in another role ("since 2023" is not a rival of
# "by 2028"), English month names that are ordinary words ("may", "march"), titles that are not
# names ("Dr."), attribution names ("a survey by X") absent from the passage, and numbers written
# as words ("three years" against "two years").
PITFALLS: list[tuple[str, str, str, str, str]] = [
    # (group, claim, verdict, page sentence, note)
    ("pit-ferry-fleet",
     "The harbour board expects the electric ferry fleet to be complete by 2031, although its "
     "budget assumes that diesel prices stay high.",
     "supports",
     "The harbour board expects its electric ferry fleet to be complete by 2031, a plan whose "
     "budget assumes diesel prices stay high; crews have trained on battery boats since 2022.",
     "year in another role (since) is not a conflict"),
    ("pit-ferry-fleet",
     "The harbour board expects the electric ferry fleet to be complete by 2031, although its "
     "budget assumes that diesel prices stay high.",
     "conflicting",
     "The harbour board expects its electric ferry fleet to be complete by 2034, a plan whose "
     "budget assumes diesel prices stay high.",
     "same role (by), different year"),
    ("pit-nurses",
     "Hospital managers say the new rota may leave as many as 45 night shifts unfilled.",
     "supports",
     "Hospital managers say the new rota could leave as many as 45 night shifts unfilled each "
     "month.",
     "modal may is not a month"),
    ("pit-nurses",
     "Hospital managers say the new rota may leave as many as 45 night shifts unfilled.",
     "conflicting",
     "Hospital managers say the new rota could leave as many as 70 night shifts unfilled each "
     "month.",
     "modal may, different number"),
    ("pit-soil",
     "The survey's author, Prof. Ingrid Dahl, wrote that topsoil losses were 'far worse than "
     "official maps suggest'.",
     "supports",
     "Ingrid Dahl, who led the survey, wrote that topsoil losses were 'far worse than official "
     "maps suggest' in the eastern valleys.",
     "title not repeated on the page"),
    ("pit-soil",
     "The survey's author, Prof. Ingrid Dahl, wrote that topsoil losses were 'far worse than "
     "official maps suggest'.",
     "conflicting",
     "Marta Lind, who led the survey, wrote that topsoil losses were 'far worse than official "
     "maps suggest' in the eastern valleys.",
     "a different author named"),
    ("pit-heat-pumps",
     "A study by the Coastal Energy Council finds that heat pumps cut household heating bills "
     "by a quarter in older terraced homes.",
     "supports",
     "Our study finds that heat pumps cut household heating bills by a quarter in older "
     "terraced homes, once insulation is upgraded.",
     "attribution party only on its own page, not in the passage"),
    ("pit-heat-pumps",
     "A study by the Coastal Energy Council finds that heat pumps cut household heating bills "
     "by a quarter in older terraced homes.",
     "partial",
     "Heat pumps can lower heating bills in older homes, but the savings vary widely.",
     "attribution absent and the figure missing"),
    ("pit-stadium",
     "Council officers warned that the stadium roof could open at least four months late if "
     "the steel order slips.",
     "conflicting",
     "Council officers warned that the stadium roof could open at least six months late if the "
     "steel order slips.",
     "number words: four against six"),
    ("pit-stadium",
     "Council officers warned that the stadium roof could open at least four months late if "
     "the steel order slips.",
     "supports",
     "Council officers warned that the stadium roof could open at least 4 months late if the "
     "steel order slips.",
     "number word against digits"),
    ("pit-canal-march",
     "Volunteers will march along the canal towpath in support of the new lock keepers.",
     "supports",
     "Volunteers will march along the canal towpath on Saturday in support of the new lock "
     "keepers, organisers said.",
     "march the verb, a weekday on the page"),
    ("pit-canal-march",
     "The canal towpath will reopen to walkers in March after repairs.",
     "conflicting",
     "The canal towpath will reopen to walkers in June after repairs, the trust said.",
     "a real month conflict still counts"),
]  # fmt: skip

FOREIGN_FILLER = {
    "de": "Am Wochenende wird es in vielen Regionen regnerisch bleiben.",
    "fr": "Le marché du samedi a attiré de nombreux visiteurs malgré le froid.",
    "es": "El ayuntamiento abrirá la piscina municipal a partir del lunes.",
    "ja": "地元の図書館では来月から開館時間が延長される。",
    "zh": "市政府表示，新的公交线路将于下月开通。",
    "ar": "أعلنت البلدية عن افتتاح حديقة جديدة في وسط المدينة.",
    "ru": "В субботу в городском парке прошёл традиционная осенняя ярмарка.",
    "it": "Il comune ha annunciato nuovi orari per la piscina comunale.",
    "pt": "O mercado municipal abre mais cedo aos sábados a partir deste mês.",
    "nl": "Het stadhuis is volgende week maandag gesloten vanwege onderhoud.",
    "hi": "नगर निगम ने बताया कि अगले महीने से नई बस सेवा शुरू होगी।",
    "th": "เทศบาลประกาศเปิดสวนสาธารณะแห่งใหม่ในเดือนหน้า",
    "pl": "Ratusz zapowiedział remont głównego placu w przyszłym roku.",
    "tr": "Belediye, gelecek ay yeni bir park açacağını duyurdu.",
    "id": "Pemerintah kota akan membuka taman baru bulan depan.",
    "vi": "Thành phố sẽ mở một công viên mới vào tháng tới.",
}


# Claims written in other languages, with pages in the same language (a German wiki cites
# German sources). Each group: a page that states the claim in other words, one with a
# different figure, one on the subject without the figure, and one about something else.
# (language, group, claim, [(verdict, page sentence, note), ...])
SAME_LANGUAGE: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "de",
        "de-bruecke",
        "Die Stadt Westholm soll Berichten zufolge 4,2 Millionen Euro für die "
        "neue Brücke ausgeben.",
        [
            (
                "supports",
                "Für den Neubau der Brücke will Westholm nach Angaben der Verwaltung "
                "4,2 Millionen Euro bereitstellen.",
                "German, other wording, decimal comma",
            ),
            (
                "conflicting",
                "Für den Neubau der Brücke will Westholm nach Angaben der Verwaltung "
                "6,8 Millionen Euro bereitstellen.",
                "German, different amount",
            ),
            (
                "partial",
                "Westholm plant eine neue Brücke über den Fluss; die Kosten sind noch offen.",
                "German, subject without the amount",
            ),
            (
                "not_found",
                "Die Bibliothek von Westholm verlängert ab Mai ihre Öffnungszeiten.",
                "German, same town, other matter",
            ),
        ],
    ),
    (
        "fr",
        "fr-usine",
        "Selon des sources, Valmont fermera son usine de Lens en mars 2026.",
        [
            (
                "supports",
                "Le groupe Valmont a confirmé que le site de Lens cessera toute activité "
                "en mars 2026.",
                "French, other wording",
            ),
            (
                "conflicting",
                "Le groupe Valmont a confirmé que le site de Lens cessera toute "
                "activité en septembre 2027.",
                "French, different date",
            ),
            (
                "not_found",
                "Valmont a présenté mardi une nouvelle gamme de vélos électriques.",
                "French, same company, other matter",
            ),
        ],
    ),
    (
        "es",
        "es-empleo",
        "Según fuentes, Norteña contratará a 1.200 personas en Sevilla este año.",
        [
            (
                "supports",
                "La empresa Norteña prevé incorporar a 1.200 trabajadores en su planta de "
                "Sevilla a lo largo de este año.",
                "Spanish, thousands point",
            ),
            (
                "conflicting",
                "La empresa Norteña prevé incorporar a 450 trabajadores en su planta de "
                "Sevilla a lo largo de este año.",
                "Spanish, different number",
            ),
            (
                "partial",
                "Norteña ampliará su plantilla en Sevilla, aunque no ha dicho cuántas "
                "personas contratará.",
                "Spanish, subject without the number",
            ),
        ],
    ),
    (
        "it",
        "it-treni",
        "Secondo indiscrezioni, Ferrovie Alpine investirà 800 milioni di euro nei treni regionali.",
        [
            (
                "supports",
                "Ferrovie Alpine ha annunciato un piano da 800 milioni di euro per "
                "rinnovare i treni regionali.",
                "Italian, other wording",
            ),
            (
                "conflicting",
                "Ferrovie Alpine ha annunciato un piano da 1,5 miliardi di euro per "
                "rinnovare i treni regionali.",
                "Italian, different amount",
            ),
            (
                "not_found",
                "A Bolzano il mercatino di Natale aprirà il 28 novembre.",
                "Italian, unrelated",
            ),
        ],
    ),
    (
        "pt",
        "pt-porto",
        "Segundo fontes, o porto de Aveiro vai receber 35 milhões de euros em 2025.",
        [
            (
                "supports",
                "O porto de Aveiro terá um investimento de 35 milhões de euros ao longo de "
                "2025, anunciou o governo.",
                "Portuguese, other wording",
            ),
            (
                "conflicting",
                "O porto de Aveiro terá um investimento de 12 milhões de euros ao longo "
                "de 2025, anunciou o governo.",
                "Portuguese, different amount",
            ),
            (
                "not_found",
                "A câmara de Aveiro inaugurou uma nova ciclovia junto à ria.",
                "Portuguese, same town, other matter",
            ),
        ],
    ),
    (
        "nl",
        "nl-windpark",
        "Naar verluidt levert het windpark Noorderzee vanaf 2027 stroom aan 400.000 huishoudens.",
        [
            (
                "supports",
                "Vanaf 2027 moet windpark Noorderzee genoeg stroom opwekken voor 400.000 "
                "huishoudens, meldt de netbeheerder.",
                "Dutch, other wording",
            ),
            (
                "conflicting",
                "Vanaf 2027 moet windpark Noorderzee genoeg stroom opwekken voor "
                "250.000 huishoudens, meldt de netbeheerder.",
                "Dutch, different number",
            ),
            (
                "not_found",
                "De gemeente opent zaterdag een nieuwe bibliotheek aan de haven.",
                "Dutch, unrelated",
            ),
        ],
    ),
    (
        "ru",
        "ru-zavod",
        "По сообщениям СМИ, завод в Туле сократит 300 рабочих мест в 2025 году.",
        [
            (
                "supports",
                "В 2025 году на тульском заводе будет сокращено 300 рабочих мест, сообщил "
                "директор предприятия.",
                "Russian, other word order",
            ),
            (
                "conflicting",
                "В 2025 году на тульском заводе будет сокращено 900 рабочих мест, "
                "сообщил директор предприятия.",
                "Russian, different number",
            ),
            (
                "not_found",
                "В Туле открылась новая выставка старинных самоваров.",
                "Russian, same city, other matter",
            ),
        ],
    ),
    (
        "pl",
        "pl-fabryka",
        "Według doniesień spółka Vistal zainwestuje 120 mln zł w nową fabrykę w Gdyni.",
        [
            (
                "supports",
                "Vistal przeznaczy 120 mln zł na nową fabrykę w Gdyni, poinformował zarząd spółki.",
                "Polish, other wording",
            ),
            (
                "conflicting",
                "Vistal przeznaczy 45 mln zł na nową fabrykę w Gdyni, poinformował zarząd spółki.",
                "Polish, different amount",
            ),
            ("not_found", "W Gdyni w sobotę odbędzie się festiwal filmowy.", "Polish, same town"),
        ],
    ),
    (
        "tr",
        "tr-enerji",
        "İddiaya göre Anadolu Enerji 2026'da 500 milyon dolar yatırım yapacak.",
        [
            (
                "supports",
                "Anadolu Enerji, 2026 yılında 500 milyon dolar yatırım yapacağını açıkladı.",
                "Turkish, other wording",
            ),
            (
                "conflicting",
                "Anadolu Enerji, 2026 yılında 800 milyon dolar yatırım yapacağını açıkladı.",
                "Turkish, different amount",
            ),
            ("not_found", "İzmir'de hafta sonu sağanak yağmur bekleniyor.", "Turkish, unrelated"),
        ],
    ),
    (
        "id",
        "id-bendungan",
        "Menurut laporan, pemerintah akan membangun 3 bendungan baru senilai "
        "Rp 12 triliun pada 2026.",
        [
            (
                "supports",
                "Pemerintah berencana membangun 3 bendungan baru dengan anggaran Rp 12 "
                "triliun pada 2026, kata menteri.",
                "Indonesian, other wording",
            ),
            (
                "conflicting",
                "Pemerintah berencana membangun 3 bendungan baru dengan anggaran Rp 18 "
                "triliun pada 2026, kata menteri.",
                "Indonesian, different amount",
            ),
            (
                "not_found",
                "Festival musik akan digelar di Bandung akhir pekan ini.",
                "Indonesian, unrelated",
            ),
        ],
    ),
    (
        "vi",
        "vi-nhamay",
        "Theo nguồn tin, công ty Sao Mai sẽ đầu tư 5 tỷ đồng vào nhà máy mới năm 2026.",
        [
            (
                "supports",
                "Công ty Sao Mai cho biết sẽ đầu tư 5 tỷ đồng xây nhà máy mới trong năm 2026.",
                "Vietnamese, other wording",
            ),
            (
                "conflicting",
                "Công ty Sao Mai cho biết sẽ đầu tư 9 tỷ đồng xây nhà máy mới trong năm 2026.",
                "Vietnamese, different amount",
            ),
            ("not_found", "Hà Nội sẽ có mưa lớn vào cuối tuần này.", "Vietnamese, unrelated"),
        ],
    ),
    (
        "zh",
        "zh-dianchi",
        "据报道，华锐电池将在2026年投资50亿元建设新工厂。",
        [
            (
                "supports",
                "华锐电池公司宣布，计划于2026年斥资50亿元兴建一座新工厂。",
                "Chinese, other wording",
            ),
            (
                "conflicting",
                "华锐电池公司宣布，计划于2026年斥资80亿元兴建一座新工厂。",
                "Chinese, different amount",
            ),
            ("not_found", "本周末全市多地将迎来降雨，气温有所下降。", "Chinese, unrelated"),
        ],
    ),
    (
        "ja",
        "ja-kojo",
        "報道によると、ミナト電機は2025年に大阪で500人を採用する。",
        [
            (
                "supports",
                "ミナト電機は2025年、大阪の新拠点で500人を新たに採用すると発表した。",
                "Japanese, other wording",
            ),
            (
                "conflicting",
                "ミナト電機は2025年、大阪の新拠点で200人を新たに採用すると発表した。",
                "Japanese, different number",
            ),
            (
                "not_found",
                "大阪では週末に花火大会が開かれ、多くの人でにぎわった。",
                "Japanese, same city, other matter",
            ),
        ],
    ),
    (
        "ar",
        "ar-taqa",
        "وفقا للتقارير، ستنفق الحكومة 3 مليارات دولار على محطات الطاقة الشمسية.",
        [
            (
                "supports",
                "أعلنت الحكومة أنها ستخصص 3 مليارات دولار لبناء محطات للطاقة الشمسية.",
                "Arabic, other wording",
            ),
            (
                "conflicting",
                "أعلنت الحكومة أنها ستخصص 7 مليارات دولار لبناء محطات للطاقة الشمسية.",
                "Arabic, different amount",
            ),
            ("not_found", "افتتحت البلدية سوقا جديدا للخضار في وسط المدينة.", "Arabic, unrelated"),
        ],
    ),
    (
        "hi",
        "hi-sadak",
        "रिपोर्ट के अनुसार राज्य सरकार सड़कों पर 500 करोड़ रुपये खर्च करेगी।",
        [
            (
                "supports",
                "राज्य सरकार ने घोषणा की है कि सड़कों के निर्माण पर 500 करोड़ रुपये खर्च किए जाएंगे।",
                "Hindi, other wording",
            ),
            (
                "conflicting",
                "राज्य सरकार ने घोषणा की है कि सड़कों के निर्माण पर 200 करोड़ रुपये खर्च किए जाएंगे।",
                "Hindi, different amount",
            ),
            ("not_found", "शहर में इस सप्ताहांत एक पुस्तक मेला आयोजित किया जाएगा।", "Hindi, unrelated"),
        ],
    ),
    (
        "th",
        "th-rotfai",
        "มีรายงานว่ารัฐบาลจะลงทุน 1,000 ล้านบาทในรถไฟสายใหม่",
        [
            (
                "supports",
                "กระทรวงคมนาคมแถลงว่ารัฐบาลจะใช้งบ 1,000 ล้านบาทสร้างรถไฟสายใหม่",
                "Thai, other wording",
            ),
            (
                "conflicting",
                "กระทรวงคมนาคมแถลงว่ารัฐบาลจะใช้งบ 3,500 ล้านบาทสร้างรถไฟสายใหม่",
                "Thai, different amount",
            ),
            ("not_found", "สุดสัปดาห์นี้จะมีเทศกาลอาหารริมแม่น้ำ", "Thai, unrelated"),
        ],
    ),
]


# Nearly every word of the claim, one of them negated or swapped for another.
WORD_CHANGES: list[tuple[str, str, str, str, str]] = [
    # (group, claim, verdict, page sentence, note)
    ("pit-climate-bill",
     "The president reportedly signed the climate bill on Friday.",
     "conflicting",
     "The president did not sign the climate bill on Friday, leaving it to expire.",
     "the passage negates the claim's verb"),
    ("pit-climate-bill",
     "The president reportedly signed the climate bill on Friday.",
     "partial",
     "The president vetoed the climate bill on Friday, calling it too costly.",
     "the opposite verb"),
    ("pit-climate-bill",
     "The president reportedly signed the climate bill on Friday.",
     "supports",
     "On Friday the president signed the climate bill; he did not sign the farm bill.",
     "a negation about something else"),
    ("pit-tram-depot",
     "Marlow Transit will not close its tram depot in Eastgate, officials said.",
     "conflicting",
     "Marlow Transit will close its tram depot in Eastgate next spring, officials said.",
     "the claim negates what the passage states"),
    ("pit-tram-depot",
     "Marlow Transit will not close its tram depot in Eastgate, officials said.",
     "supports",
     "Marlow Transit has no plans to close its tram depot in Eastgate, officials said.",
     "both negate"),
    ("pit-tram-depot",
     "Marlow Transit reportedly hired 40 drivers for its tram depot in Eastgate.",
     "partial",
     "Marlow Transit fired 40 drivers at its tram depot in Eastgate after the strike.",
     "the opposite verb, same number"),
    ("pit-ceasefire",
     "Officials said the war would end in 2025.",
     "partial",
     "Officials said the strike would end in 2025, after months of talks with the unions.",
     "another noun in the claim's place (a known miss: judged supports)"),
    ("pit-ceasefire",
     "Officials said the war would end in 2025.",
     "supports",
     "Officials said the war would finally end in 2025, once the treaty is ratified.",
     "an extra word, not another one"),
]  # fmt: skip


# A subject named once and carried on by a pronoun or "the company" in the next sentence, as
# news writing does. Written after the rule that reads them (see README, "The page's topic"),
# so they record it rather than test it blind.
TWO_SENTENCES: list[tuple[str, str, str, tuple[str, str], str]] = [
    # (group, claim, verdict, (first sentence, second sentence), note)
    ("pron-harlow-jobs",
     "Harlow Mills reportedly plans to cut 240 jobs at its Derby bakery by June 2026.",
     "supports",
     ("Harlow Mills, the biscuit maker founded in 1911, reported a second consecutive annual "
      "loss on Tuesday and told staff that changes were coming.",
      "The company plans to cut 240 jobs at its Derby bakery by June 2026, according to a "
      "letter seen by the Gazette."),
     "the company = the name in the sentence before"),
    ("pron-harlow-jobs",
     "Harlow Mills reportedly plans to cut 240 jobs at its Derby bakery by June 2026.",
     "conflicting",
     ("Harlow Mills, the biscuit maker founded in 1911, reported a second consecutive annual "
      "loss on Tuesday and told staff that changes were coming.",
      "The company plans to cut 420 jobs at its Derby bakery by June 2026, according to a "
      "letter seen by the Gazette."),
     "the company = the name before; another number"),
    ("pron-harlow-jobs",
     "Harlow Mills reportedly plans to cut 240 jobs at its Derby bakery by June 2026 and to "
     "sell its Leeds warehouse.",
     "partial",
     ("Harlow Mills, the biscuit maker founded in 1911, reported a second consecutive annual "
      "loss on Tuesday and told staff that changes were coming.",
      "The company plans to cut 240 jobs at its Derby bakery by June 2026, according to a "
      "letter seen by the Gazette."),
     "compound claim; the first half via the sentence before"),
    ("pron-ruiz-tram",
     "Mayor Ana Ruiz reportedly said the Eastgate tram line would open in 2027.",
     "supports",
     ("Mayor Ana Ruiz spent Thursday morning touring the new depot on the eastern edge of the "
      "city with a group of engineers and union representatives.",
      "She said the Eastgate tram line would open in 2027, a year later than first planned."),
     "she = the mayor named before"),
    ("pron-ruiz-tram",
     "Mayor Ana Ruiz reportedly said the Eastgate tram line would open in 2027.",
     "conflicting",
     ("Mayor Ana Ruiz spent Thursday morning touring the new depot on the eastern edge of the "
      "city with a group of engineers and union representatives.",
      "She said the Eastgate tram line would open in 2029, three years later than first "
      "planned."),
     "she = the mayor; another year"),
    ("pron-skylark-routes",
     "Skylark Air is expected to drop 14 routes from Bristol this winter.",
     "supports",
     ("Skylark Air, the regional carrier that moved its headquarters to Cardiff last year, "
      "published its winter timetable on Monday evening.",
      "It will drop 14 routes from Bristol this winter, blaming higher airport charges."),
     "it = the airline named before"),
    ("pron-skylark-routes",
     "Skylark Air is expected to drop 14 routes from Bristol this winter.",
     "not_found",
     ("Skylark Air, the regional carrier that moved its headquarters to Cardiff last year, "
      "published its winter timetable on Monday evening.",
      "It will add a second daily flight to Dublin and refit the cabins of its older planes."),
     "the airline named before, another matter"),
    ("pron-brennan-council",
     "Brennan County Council reportedly approved a 4.9 % rise in council tax for 2026.",
     "supports",
     ("Brennan County Council met for more than five hours on Wednesday as residents filled "
      "the public gallery to hear the budget debate.",
      "The council approved a 4.9 % rise in council tax for 2026 by 31 votes to 19."),
     "the council = the council named before"),
]  # fmt: skip


# Two figures in one passage, each measuring its own thing: the claim's figure may belong to
# the other one. Written after the rule that reads them (see README, "What a figure
# measures"), so they record it rather than test it blind.
ATTACHED_FIGURES: list[tuple[str, str, str, str, str]] = [
    # (group, claim, verdict, page sentence, note)
    ("fig-halden-profit",
     "Halden Foods' net profit reportedly rose 8% in 2025.",
     "conflicting",
     "Halden Foods said its revenue rose 8% in 2025, while net profit fell 2% on higher "
     "energy costs.",
     "the claim's figure is the revenue's; profit has another"),
    ("fig-halden-profit",
     "Halden Foods' net profit reportedly rose 8% in 2025.",
     "supports",
     "Halden Foods said its net profit rose 8% in 2025, while revenue was flat at £1.2 billion.",
     "two figures, the claim's on its own noun"),
    ("fig-halden-profit",
     "Halden Foods' net profit reportedly rose 8% in 2025.",
     "conflicting",
     "Halden Foods reported an 8% increase in sales for 2025 and a 2% drop in net profit.",
     "figures before what they measure"),
    ("fig-corvid-lending",
     "Corvid Bank's lending reportedly grew by $4 billion last year.",
     "conflicting",
     "Deposits at Corvid Bank grew by $4 billion last year, while lending shrank by $1 billion "
     "as demand cooled.",
     "an amount of the deposits"),
    ("fig-corvid-lending",
     "Corvid Bank's lending reportedly grew by $4 billion last year.",
     "supports",
     "Corvid Bank said lending grew by $4 billion last year and deposits by $1 billion.",
     "the second figure's noun without a verb"),
    ("fig-marlow-ridership",
     "Ridership on Marlow trams reportedly rose 15% in 2025.",
     "conflicting",
     "Fare revenue on Marlow trams rose 15% in 2025, but ridership fell 4% after the timetable "
     "cuts.",
     "the subject's head before a prepositional phrase"),
    ("fig-marlow-ridership",
     "Ridership on Marlow trams reportedly rose 15% in 2025.",
     "supports",
     "Ridership on Marlow trams rose 15% in 2025, while fare revenue rose 9%.",
     "two figures, the claim's first"),
    ("fig-telvio-stake",
     "Telvio reportedly holds a 30% stake in Brightline Energy.",
     "supports",
     "Telvio owns 30% of Brightline Energy, while its founders hold 45%.",
     "a verb that is not one of change: no noun read"),
    ("fig-norway-cars",
     "Sales of electric cars in Norway reportedly rose 20% in 2024.",
     "supports",
     "Sales of electric cars in Norway rose 20% in 2024, while petrol car sales fell 30%.",
     "a noun inside the subject"),
    ("fig-norway-cars",
     "Petrol car sales in Norway reportedly fell 20% in 2024.",
     "conflicting",
     "Sales of electric cars in Norway rose 20% in 2024, while petrol car sales fell 30%.",
     "the other figure is the claim's"),
]  # fmt: skip


def foreign_page(language: str, title: str, sentence: str) -> str:
    """A short article in `language`: the sentence after a line of filler, then more filler."""
    body = [f"{FOREIGN_FILLER[language]} {sentence}", FOREIGN_FILLER[language]]
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>'
        f"{html.escape(title)}</title></head><body><nav><a href='/'>⌂</a></nav><article>"
        + "".join(f"<p>{html.escape(p)}</p>" for p in body)
        + "</article><footer>©</footer></body></html>"
    )


def items() -> list[dict[str, str]]:
    rng = random.Random(20250)
    out: list[dict[str, str]] = []

    def add(
        key: str,
        claim: str,
        verdict: str,
        note: str,
        page: str,
        *,
        text: bool = False,
        language: str | None = None,
    ) -> None:
        group = next((f.key for f in FACTS if key.endswith(f.key)), key)
        record = {
            "id": f"{key}-{len(out):03d}",
            "group": group,
            "claim": claim,
            "page_text" if text else "page_html": page,
            "verdict": verdict,
            "note": note,
        }
        if language is not None:  # a claim written in another language than English
            record["claim_language"] = language
        out.append(record)

    for number, fact in enumerate(FACTS):
        style = "divs" if number % 3 == 1 else "semantic"
        # Headlines stay neutral: a headline stating the claim would decide every variant.
        title = rng.choice(HEADLINES)
        n = rng.randint(6, 18)
        add(
            fact.key,
            fact.claim,
            "supports",
            "paraphrase",
            news_page(rng, title, body_with(rng, [fact.paraphrase], n), style=style),
        )
        add(
            fact.key,
            fact.claim,
            "supports",
            "near-verbatim",
            news_page(rng, title, body_with(rng, [fact.verbatim], n), style=style),
        )
        add(
            fact.key,
            fact.claim,
            "conflicting",
            f"different {fact.conflict_kind}",
            news_page(rng, title, body_with(rng, [fact.conflict], n), style=style),
        )
        for extra in fact.extra_conflicts:
            add(
                fact.key,
                fact.claim,
                "conflicting",
                "different date/name (extra)",
                news_page(rng, title, body_with(rng, [extra], n), style=style),
            )
        add(
            fact.key,
            fact.compound_claim,
            "partial",
            "compound claim, page has one half",
            news_page(rng, title, body_with(rng, [fact.paraphrase], n), style=style),
        )
        add(
            fact.key,
            fact.claim,
            "partial",
            "page lacks the claim's specifics",
            news_page(rng, title, body_with(rng, [fact.vague], n), style=style),
        )
        add(fact.key, fact.claim, "not_found", "same organisation, another matter",
            news_page(rng, fact.near_topic[:60], body_with(rng, [fact.near_topic], n),
                      style=style))  # fmt: skip
        # Boilerplate only: the claim's words sit in a related list, nav, footer, banner or
        # comments, never in the article.
        place = number % 5
        body = body_with(rng, [], n)
        unrelated_title = "Town notes: " + rng.choice(FILLER_OBJECTS)
        if place == 0:
            page = news_page(rng, unrelated_title, body, related=[fact.verbatim], style=style)
            where = "related-articles list"
        elif place == 1:
            page = news_page(rng, unrelated_title, body, nav_extra=fact.verbatim, style=style)
            where = "navigation"
        elif place == 2:
            page = news_page(rng, unrelated_title, body, footer_extra=fact.verbatim, style=style)
            where = "footer"
        elif place == 3:
            page = news_page(rng, unrelated_title, body, cookie_text=f"{fact.verbatim} We use "
                             "cookies to show you stories like this one.", style=style)  # fmt: skip
            where = "cookie banner"
        else:
            page = news_page(rng, unrelated_title, body, comments=[fact.verbatim], style=style)
            where = "reader comments"
        add(fact.key, fact.claim, "not_found", f"claim words only in the {where}", page)

    # Plain-text pages and long pages.
    for fact in FACTS[:6]:
        text = "\n\n".join(body_with(rng, [fact.paraphrase], 12))
        add(fact.key, fact.claim, "supports", "plain text page", text, text=True)
    for fact in FACTS[6:12]:
        text = "\n\n".join(body_with(rng, [fact.conflict], 12))
        add(fact.key, fact.claim, "conflicting", "plain text page", text, text=True)
    for index, fact in enumerate(FACTS[12:20]):
        verdict, sentence = [
            ("supports", fact.paraphrase),
            ("conflicting", fact.conflict),
            ("partial", fact.vague),
            ("not_found", fact.near_topic),
        ][index % 4]
        page = news_page(rng, rng.choice(HEADLINES), body_with(rng, [sentence], 900))
        add(fact.key, fact.claim, verdict, f"long page ({len(page) // 1000} KB)", page)
    # A page that is nothing but scripts, and an empty page.
    add(
        "scripts",
        FACTS[0].claim,
        "not_found",
        "page with only scripts",
        "<html><head><script>var claim='Microsoft invested $13 billion in OpenAI';</script>"
        "</head><body><script>document.write(claim)</script></body></html>",
    )
    add("empty", FACTS[1].claim, "not_found", "empty page", "")

    for group, claim, verdict, sentence, note in PITFALLS:
        body = body_with(rng, [sentence], rng.randint(6, 14))
        add(group, claim, verdict, note, news_page(rng, rng.choice(HEADLINES), body))

    for language, key, verdict, sentence, note in FOREIGN:
        fact = next(f for f in FACTS if f.key == key)
        page = foreign_page(language, sentence[:40], sentence)
        add(f"{language}-{key}", fact.claim, verdict, note, page)

    for language, group, claim, variants in SAME_LANGUAGE:
        for verdict, sentence, note in variants:
            page = foreign_page(language, FOREIGN_FILLER[language][:30], sentence)
            add(group, claim, verdict, note, page, language=language)

    for group, claim, verdict, sentence, note in WORD_CHANGES:
        body = body_with(rng, [sentence], rng.randint(6, 14))
        add(group, claim, verdict, note, news_page(rng, rng.choice(HEADLINES), body))

    for group, claim, verdict, sentences, note in TWO_SENTENCES:
        body = body_with(rng, list(sentences), rng.randint(6, 14))
        add(group, claim, verdict, note, news_page(rng, rng.choice(HEADLINES), body))

    for group, claim, verdict, sentence, note in ATTACHED_FIGURES:
        body = body_with(rng, [sentence], rng.randint(6, 14))
        add(group, claim, verdict, note, news_page(rng, rng.choice(HEADLINES), body))
    return out


def main() -> None:
    records = items()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    counts: dict[str, int] = {}
    for record in records:
        counts[record["verdict"]] = counts.get(record["verdict"], 0) + 1
    print(f"wrote {len(records)} pairs to {OUT.name}: {counts}")


if __name__ == "__main__":
    main()
