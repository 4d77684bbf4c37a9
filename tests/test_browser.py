"""The built site in a real browser (Debian's Chromium driven by Playwright), as a reader uses it.

Without /usr/bin/chromium these tests are skipped locally; with CI=true they fail instead.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # reported by the `browser` fixture: skipped locally, a failure in CI
    expect = sync_playwright = None

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-sandbox", "--disable-gpu"]


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def server(built):
    root, result = built
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(root / "site"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    if sync_playwright is None:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A fresh page that records console errors and every host it requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.errors, page.hosts = [], set()
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.hosts.add(urlsplit(request.url).netloc))
    yield page
    local = urlsplit(server).netloc
    assert page.errors == []
    assert page.hosts <= {local}, f"requests to other hosts: {page.hosts - {local}}"
    page.close()


def test_home_then_a_topic_then_a_card_by_clicking(page, server, built_site):
    topic = next(t for t in built_site.topics if t.id == "skeleton-based-recognition")
    page.goto(server)
    page.locator("article a", has_text=topic.title).first.click()
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
