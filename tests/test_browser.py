"""The built site in a real browser (Debian's Chromium driven by Playwright), as a reader uses it.

Without /usr/bin/chromium these tests are skipped locally; with CI=true they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `browser` fixture (tests/conftest.py)
    expect = None

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"  # left out of git (.gitignore)
README_SCREENSHOT = ROOT / "docs" / "assets" / "screenshot-home.png"  # refreshed with UPDATE_SCREENSHOTS=1
# Material wraps a table in a box that scrolls sideways; a <pre>'s <code> scrolls itself.
SCROLLS_INSIDE = "e => (box => box.scrollWidth > box.clientWidth)(e.closest('.md-typeset__scrollwrap') || e)"
PNG = b"\x89PNG\r\n\x1a\n"


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
    page.locator("input.md-search__input").press_sequentially(word)
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    result = page.locator(".md-search-result__item h1")
    expect(result).to_have_text(paper.title)
    result.click()
    page.wait_for_url(f"**/papers/{paper.slug}/**")
    assert page.locator(".md-content h1").inner_text() == paper.title


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
    page.locator("input.md-search__input").press_sequentially("sparse autoencoder")
    expect(page.locator("#pc-search-list[data-query='sparse autoencoder']")).to_be_attached()  # answered
    titles = page.locator(".md-search-result__item h1").all_inner_texts()
    assert off.title not in titles
    assert not {p.title for p in built_site.corpus.papers if p.off_topic} & set(titles)


def test_the_cite_button_copies_the_cards_bibtex(page, server, built, built_site):
    paper = next(p for p in built_site.corpus.papers if p.annotation and p.annotation.arxiv)
    entry = next(e for e in (built[0] / "site" / "exports" / "papers.bib").read_text().split("\n\n")
                 if f"eprint = {{{paper.annotation.arxiv}}}" in e)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.rstrip("/"))
    page.goto(f"{server}papers/{paper.slug}/")
    page.get_by_role("button", name="Copy BibTeX").click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied to clipboard")
    assert page.evaluate("navigator.clipboard.readText()") == entry.strip()


def background(page) -> str:
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def test_the_palette_toggle_switches_light_and_dark_and_is_remembered(page, server, tour):
    page.emulate_media(color_scheme="light")
    page.goto(server)
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light = background(page)
    toggle = page.locator("form[data-md-component=palette]").get_by_title("Switch to dark mode")
    expect(toggle).to_be_visible()
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    dark = background(page)
    assert dark != light
    page.goto(f"{server}{tour['card']}")  # a new page load: Material reads the choice from localStorage
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert background(page) == dark
    page.locator("form[data-md-component=palette]").get_by_title("Switch to light mode").click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    assert background(page) == light
    page.goto(server)
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_on_a_phone_the_page_never_scrolls_sideways(phone, server, built_site, tour):
    """A card with a long title and a long link, and the all-papers table: wide content (the BibTeX
    entry, the table) scrolls inside its own box, never the page."""
    card = max((p for p in built_site.corpus.papers if p.links and not p.off_topic),
               key=lambda p: len(p.title) + max(len(link.url) for link in p.links))
    wide = {f"papers/{card.slug}/": "#pc-bibtex code", tour["papers"]: "#pc-papers"}
    for path, box in wide.items():
        phone.goto(f"{server}{path}")
        # A phone widens its layout viewport to fit content that overflows, so innerWidth grows too.
        width, viewport = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= viewport == 375, f"{path}: the page is {width} px wide on a 375 px wide phone"
        assert phone.evaluate("() => { scrollTo({left: 200, behavior: 'instant'}); return scrollX }") == 0, path
        assert phone.locator(box).evaluate(SCROLLS_INSIDE), f"{path}: {box} does not scroll inside itself"


def test_screenshots_of_each_kind_of_page(page, phone, server, tour):
    """Writes build/screenshots/*.png for people to look at (light, the card also dark and on a
    phone). With UPDATE_SCREENSHOTS=1 the home page's also replaces the README's."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(color_scheme="light")
    shots = {name: shoot(page, f"{server}{path}", name) for name, path in tour.items()}
    page.locator("form[data-md-component=palette]").get_by_title("Switch to dark mode").click()
    shots["card-dark"] = shoot(page, f"{server}{tour['card']}", "card-dark", scheme="slate")
    shots["card-phone"] = shoot(phone, f"{server}{tour['card']}", "card-phone")
    for name, file in shots.items():
        data = file.read_bytes()
        assert data.startswith(PNG) and len(data) > 10_000, f"{file} is not a PNG of a page"
        width = int.from_bytes(data[16:20], "big")  # the IHDR chunk: width, then height
        assert width == (750 if name == "card-phone" else 1280), f"{file} is {width} pixels wide"
    assert shots["card-dark"].read_bytes() != shots["card"].read_bytes()
    if os.environ.get("UPDATE_SCREENSHOTS") == "1":
        shutil.copy(shots["home"], README_SCREENSHOT)


def shoot(page, url: str, name: str, scheme: str = "default") -> Path:
    """A screenshot of the top of the page at `url` in the palette `scheme`, once it has settled."""
    page.goto(url)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", scheme)
    page.wait_for_load_state("networkidle")
    if page.locator("#pc-filter").count():  # the all-papers page: its script has shown the form
        expect(page.locator("#pc-filter")).to_be_visible()
    file = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=file, animations="disabled")
    return file
