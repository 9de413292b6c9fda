"""Site furniture: lines a site repeats across the pages of one batch or stream (invented text)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from service.normalise import normalise
from service.normalise import site_furniture as sf
from service.normalise.page import Context, Page
from service.normalise.site_furniture import SiteEvidence, SiteMemory, fingerprint, fold_line
from service.normalise.text import CleanLine
from tests.site_pages import (
    PLEA,
    PROMPT,
    REFERENCE_TIME,
    STORIES,
    lakeside_body,
    lakeside_page,
)


def batch_memory(pages: list[tuple[str, str]]) -> SiteMemory:
    memory = SiteMemory(scope="batch")
    for text, url in pages:
        memory.observe(text, url)
    return memory


def judged(text: str, url: str, memory: SiteMemory | None) -> dict:
    evidence = memory.page_evidence(text, url) if memory is not None else None
    return normalise(text, url=url, reference_time=REFERENCE_TIME, site_furniture=evidence)


LAKESIDE = [lakeside_page(number) for number in range(len(STORIES))]


# --- the memory ------------------------------------------------------------------------------


def test_a_line_on_two_other_pages_is_furniture_on_one_other_it_is_not() -> None:
    memory = batch_memory(LAKESIDE[:2])
    assert memory.evidence(LAKESIDE[0][1]) is None  # one other page: no evidence
    memory.observe(*LAKESIDE[2])
    evidence = memory.evidence(LAKESIDE[0][1])
    assert evidence is not None
    assert evidence.other_pages(PLEA) == 2
    assert evidence.other_pages(STORIES[0][1]) == 0  # the article's own line


def test_hosts_are_kept_apart() -> None:
    memory = batch_memory(LAKESIDE)
    other_site = "https://hillside.example/news/a-story"
    assert memory.evidence(other_site) is None
    memory.observe(f"Hillside Herald\n{PLEA}", other_site)
    assert memory.evidence(other_site) is None
    assert memory.evidence(LAKESIDE[0][1]).other_pages(PLEA) == 3


def test_www_and_case_name_the_same_host() -> None:
    memory = SiteMemory()
    for number, host in enumerate(("www.lakeside.example", "LAKESIDE.example", "lakeside.example")):
        memory.observe(f"Menu\nStory {number}.", f"https://{host}/{number}")
    assert memory.evidence("https://lakeside.example/x").other_pages("menu") == 2


def test_a_copy_of_a_page_counts_once() -> None:
    text, url = LAKESIDE[0]
    memory = SiteMemory()
    assert memory.observe(text, url)
    assert not memory.observe(text, url + "#comments")  # the same address
    assert not memory.observe(text, url.replace("/news/", "/amp/news/"))  # the same content
    assert memory.observe(LAKESIDE[1][0], LAKESIDE[1][1])
    assert memory.evidence(url) is None  # PLEA is on two distinct pages only


def test_pages_without_an_address_are_not_remembered() -> None:
    memory = SiteMemory()
    assert not memory.observe("Menu\nStory.", None)
    assert not memory.observe("Menu\nStory.", "no address")
    assert memory.hosts == 0


def test_long_lines_are_not_remembered() -> None:
    shared = "A long notice that every page prints, " * 7  # over 200 characters
    memory = SiteMemory()
    for number in range(4):
        own = f"The story of day {number}, told at length. " * 8
        memory.observe(f"{shared}\n{own}\nMenu", f"https://a.example/{number}")
    assert len(fold_line(shared)) > sf.MAX_LINE_CHARS
    assert memory.lines_of("https://a.example/") == 1  # the menu only
    assert memory.evidence("https://a.example/").other_pages(shared) == 0


def test_hosts_are_capped_the_least_recently_seen_forgotten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sf, "MAX_HOSTS", 3)
    memory = SiteMemory()
    for host in ("a", "b", "c"):
        memory.observe("Menu", f"https://{host}.example/1")
    memory.observe("Menu\nMore", "https://a.example/2")  # a is seen again: b is now the oldest
    memory.observe("Menu", "https://d.example/1")
    assert memory.hosts == 3
    assert memory.lines_of("https://b.example/") == 0
    assert memory.lines_of("https://a.example/") == 2


def test_lines_per_host_are_capped_keeping_the_repeated_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sf, "MAX_LINES_PER_HOST", 10)
    memory = SiteMemory()
    for number in range(30):
        story = "\n".join(f"Story {number} line {n}." for n in range(4))
        memory.observe(f"Menu\nFooter\n{story}", f"https://a.example/{number}")
        assert memory.lines_of("https://a.example/") <= 10
    evidence = memory.evidence("https://a.example/")
    assert evidence.other_pages("Menu") == 29
    assert evidence.other_pages("Footer") == 29


def test_page_names_per_host_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sf, "MAX_PAGES_PER_HOST", 4)
    memory = SiteMemory()
    for number in range(10):
        memory.observe(f"Story {number}.", f"https://a.example/{number}")
    assert len(memory._hosts["a.example"].pages) == 4


def test_a_stream_judges_each_page_on_the_pages_before_it() -> None:
    memory = SiteMemory(scope="stream")
    first, second, third = (memory.page_evidence(text, url) for text, url in LAKESIDE[:3])
    assert first is None and second is None
    assert third.other_pages(PLEA) == 2
    assert third.explain(2) == "appears on 2 earlier pages of lakeside.example in this stream"


def test_the_scope_is_checked() -> None:
    with pytest.raises(ValueError, match="scope"):
        SiteMemory(scope="site")


# --- normalising with the evidence ------------------------------------------------------------


def test_a_batch_removes_the_sites_furniture_and_says_why() -> None:
    memory = batch_memory(LAKESIDE)
    for number, (text, url) in enumerate(LAKESIDE):
        alone = judged(text, url, None)
        assert PLEA in alone["body"]  # the single-page rules keep it
        article = judged(text, url, memory)
        assert article["body"] == lakeside_body(number)
        assert article["title"] == alone["title"] == STORIES[number][0]
        furniture = [r for r in article["removed"] if r["reason"] == "site_furniture"]
        assert [r["text"] for r in furniture] == [PLEA, PROMPT]
        assert {r["detail"] for r in furniture} == {
            "appears on 3 other pages of lakeside.example in this batch"
        }


def test_a_page_alone_is_unchanged() -> None:
    text, url = LAKESIDE[0]
    memory = SiteMemory(scope="batch")
    memory.observe(text, url)
    assert judged(text, url, memory) == judged(text, url, None)


def test_a_coalesced_run_gives_the_range_of_counts() -> None:
    tools = ["Share this story", "Print this page", "Email a friend", "Save for later", "Listen"]
    pages = []
    for number in range(4):
        shown = tools if number else tools[:4]  # the fifth is on three pages only
        text = (
            f"Story {number} of the lake towns\n\nThe council met on the shore on day {number} "
            "of the fair and talked for hours about boats and bridges and the price of bread.\n\n"
            + "\n".join(shown)
            + f"\n\nMembers agreed on day {number} to meet again once the fair had ended and the "
            "boats were back in the sheds."
        )
        pages.append((text, f"https://lakeside.example/{number}"))
    alone, article = judged(*pages[1], None), judged(*pages[1], batch_memory(pages))
    assert all(tool in alone["body"] for tool in tools)
    assert not any(tool in article["body"] for tool in tools)
    runs = [r for r in article["removed"] if r["reason"] == "site_furniture"]
    assert [(r["line"], r["last_line"]) for r in runs] == [(5, 9)]
    assert runs[0]["detail"] == (
        "each appears on 2 to 3 other pages of lakeside.example in this batch"
    )


def test_a_page_whose_whole_body_is_repeated_keeps_it() -> None:
    text = "Lakeside Courier\n\nLakeside Courier journalism is funded by readers like you.\n"
    evidence = SiteEvidence(
        "lakeside.example",
        {fingerprint(fold_line(line)): 5 for line in text.splitlines() if line},
    )
    url = "https://lakeside.example/about"
    kept = normalise(text, url=url, reference_time=REFERENCE_TIME, site_furniture=evidence)
    assert kept == normalise(text, url=url, reference_time=REFERENCE_TIME)


def test_evidence_for_another_host_is_not_applied() -> None:
    text, url = LAKESIDE[0]
    evidence = batch_memory(LAKESIDE).evidence(url)
    elsewhere = url.replace("lakeside.example", "hillside.example")
    article = normalise(text, url=elsewhere, reference_time=REFERENCE_TIME, site_furniture=evidence)
    assert PLEA in article["body"]


# --- what is never taken ----------------------------------------------------------------------


def aggregator_page(title: str, source: str, paragraph: str, history: list[str]) -> str:
    entries = "\n".join(f"{entry}\nTop News\n{n + 1} days ago" for n, entry in enumerate(history))
    return (
        f"{title}\n3 hours ago\n\n{title}\n\n{source}\n\n{paragraph}\n\n"
        f"History of this topic\n\n{entries}\n"
    )


def test_aggregator_history_and_headlines_survive() -> None:
    titles = [
        "Lake ferry strike ends after two weeks",
        "Ferry crews vote on new pay offer",
        "Talks resume in lake ferry dispute",
        "Ferry strike enters second week",
    ]
    shared = "Ferry operators and unions to meet again"
    pages = []
    for number, title in enumerate(titles):
        others = [t for t in titles if t != title]
        paragraph = (
            f"Crews on the lake ferries met on day {number + 1} of the dispute and said the "
            "talks were the longest they had held with the operator in years."
        )
        text = aggregator_page(title, "Lakeside Courier", paragraph, [shared, *others])
        pages.append((text, f"https://aggregator.example/topic/lake-ferries/{number}"))
    memory = batch_memory(pages)
    evidence = memory.evidence(pages[0][1])
    assert evidence.other_pages(shared) == 3  # the history is repeated: it stays all the same
    assert evidence.other_pages(titles[0]) == 3
    for text, url in pages:
        alone, article = judged(text, url, None), judged(text, url, memory)
        assert article["format"] == "aggregator"
        assert article["title"] == alone["title"]
        assert article["history"] == alone["history"]
        assert article["body"] == alone["body"]
        assert article["source"] == alone["source"]


def test_the_headline_listed_on_other_pages_stays_the_title() -> None:
    """Page 0's headline is in the 'Most read' list of every other page, and its own."""
    most_read = "Most read\n" + "\n".join(title for title, _, _ in STORIES)
    pages = [(f"{text}\n{most_read}\n", url) for text, url in LAKESIDE]
    memory = batch_memory(pages)
    text, url = pages[0]
    article = judged(text, url, memory)
    assert article["title"] == STORIES[0][0]
    assert STORIES[0][1] in article["body"]


def test_the_headline_of_an_untitled_page_is_not_furniture() -> None:
    """No title found: the headline-shaped line right above the first prose stays, however
    many pages of the site list it; the same words further down go."""
    headline = "Harbour wall repairs finish early"
    prose = (
        "Workers finished the repairs to the harbour wall a week early, the council said, after "
        "a dry spell let the crews pour the last of the concrete."
    )
    lines = [CleanLine(1, "Menu"), CleanLine(2, headline), CleanLine(3, prose)]
    lines += [CleanLine(4, "Most read"), CleanLine(5, headline)]
    page = Page("plain", body_lines=lines)
    ctx = Context(datetime(2025, 3, 24, tzinfo=UTC), UTC, url="https://lakeside.example/?p=7")
    counts = {fingerprint(fold_line(text)): 6 for text in ("Menu", headline, "Most read")}
    notes = sf.drop_site_furniture(page, ctx, SiteEvidence("lakeside.example", counts))
    assert notes == {1: 5, 4: 5, 5: 5}
    assert [line.text for line in page.body_lines] == [headline, prose]


def test_the_title_repeated_in_the_body_is_not_furniture() -> None:
    lines = [CleanLine(3, "Harbour wall repairs finish early"), CleanLine(4, "It rained.")]
    page = Page("plain", title="Harbour Wall Repairs Finish Early", body_lines=lines)
    ctx = Context(datetime(2025, 3, 24, tzinfo=UTC), UTC, url="https://lakeside.example/?p=7")
    counts = {fingerprint(fold_line(lines[0].text)): 6}
    assert sf.drop_site_furniture(page, ctx, SiteEvidence("lakeside.example", counts)) == {}


def test_shared_date_lines_and_bylines_are_not_furniture() -> None:
    pages = []
    for title, first, second in STORIES:
        text = (
            f"{title}\nBy Lakeside Staff\nPublished 3 March 2025\n\n{first}\n\n{PLEA}\n\n"
            f"{second}\n\nBy Lakeside Staff\n\nUpdated 3 March 2025\n"
        )
        pages.append((text, f"https://lakeside.example/{title.lower().replace(' ', '-')}"))
    memory = batch_memory(pages)
    for text, url in pages:
        alone, article = judged(text, url, None), judged(text, url, memory)
        assert article["published"] == alone["published"]
        assert article["published"]["value"] == "2025-03-03T00:00:00Z"
        assert article["byline"] == alone["byline"]
        furniture = {r["text"] for r in article["removed"] if r["reason"] == "site_furniture"}
        assert furniture == {PLEA}
