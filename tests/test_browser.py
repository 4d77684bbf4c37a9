"""The built site in a real browser (Debian's Chromium driven by Playwright), as a reader uses it.

Without /usr/bin/chromium these tests are skipped locally; with CI=true they fail instead.
"""

from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `browser` fixture (tests/conftest.py)
    expect = None

pytestmark = pytest.mark.slow


def test_home_then_a_topic_then_a_card_by_clicking(page, server, built_site):
    topic = next(t for t in built_site.topics if t.id == "skeleton-based-recognition")
    page.goto(server)
    page.locator(f"article .grid a[href$='/topics/{topic.id}/']").click()  # the topic grid
    page.wait_for_url(f"**/topics/{topic.id}/")
    assert page.locator("h1").inner_text() == topic.title
    first = page.locator("article li a[href*='papers/']").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/papers/**")
    assert page.locator("h1").inner_text() == title
    paper = next(p for p in built_site.corpus.papers if p.title == title)
    assert page.locator("p.pc-abstract").inner_text() == paper.abstract


def test_search_lists_the_card_for_a_distinctive_word_and_opens_it(page, server, built_site):
    word = "EVAD"
    (paper,) = [p for p in built_site.corpus.papers if re.search(rf"\b{word}\b", f"{p.title} {p.abstract}")]
    page.goto(server)
    page.locator("input.md-search__input").click()
    # As a reader does: wait until the search says it is ready ("Type to start searching").
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search", timeout=30000)
    page.locator("input.md-search__input").press_sequentially(word)  # Material reads keyup events
    result = page.locator(".md-search-result__item h1").first
    result.wait_for(timeout=15000)
    assert result.inner_text() == paper.title
    result.click()
    page.wait_for_url(f"**/papers/{paper.slug}/**")
    assert page.locator("h1").inner_text() == paper.title


def test_a_curated_card_shows_its_tldr_above_the_abstract_and_an_edit_link(page, server, built_site):
    paper = next(p for p in built_site.corpus.papers if p.featured and p.annotation.tldr and p.has_code)
    page.goto(f"{server}papers/{paper.slug}/")
    tldr, abstract = page.locator("p.pc-tldr"), page.locator("p.pc-abstract")
    assert tldr.inner_text() == f"TL;DR {paper.annotation.tldr}"
    assert tldr.bounding_box()["y"] < abstract.bounding_box()["y"]
    assert "Featured" in page.locator("p.pc-status").inner_text()
    edit = page.locator("a.pc-edit")
    assert edit.inner_text() == "Edit this card"
    assert edit.get_attribute("href") == (
        f"https://github.com/papercards/papercards/edit/main/annotations/papers/{paper.slug}.yml")


def test_search_leaves_off_topic_cards_out(page, server, built_site):
    off = next(p for p in built_site.corpus.papers if p.off_topic and "Sparse Autoencoder" in p.title)
    page.goto(server)
    page.locator("input.md-search__input").click()
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Initializing search", timeout=30000)
    page.locator("input.md-search__input").press_sequentially("sparse autoencoder")
    expect(page.locator(".md-search-result__meta")).not_to_have_text("Type to start searching", timeout=15000)
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert off.title not in titles


def test_the_cite_button_copies_the_cards_bibtex(page, server, built, built_site):
    paper = next(p for p in built_site.corpus.papers if p.annotation and p.annotation.arxiv)
    entry = next(e for e in (built[0] / "site" / "exports" / "papers.bib").read_text().split("\n\n")
                 if f"eprint = {{{paper.annotation.arxiv}}}" in e)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page.goto(f"{server}papers/{paper.slug}/")
    page.get_by_role("button", name="Copy BibTeX").click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == entry.strip()
