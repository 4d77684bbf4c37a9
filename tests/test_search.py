"""Search: Pagefind's index of the built site (generator/mkdocs_hook.py) and the search box that
reads it (docs/assets/search.js), in a real browser: keys, highlighting, text shown as text,
instant navigation, a phone, the dark palette, loading Pagefind ahead of the first search (on the
reader's intent, once per visit, each file of its engine fetched once, all but pagefind.js alongside
it; never on a page load alone), searching with no pause, for the latest text, and showing results
in order as they come in; and bench.search's figures. No test asserts a time (machines are noisy):
bench.search measures them.

The browser tests are skipped without /usr/bin/chromium locally, and fail with CI=true.
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from mkdocs.exceptions import PluginError

from bench.search import measure_search, serve
from generator.mkdocs_hook import index_site

from .conftest import ROOT, _watched, copy_checkout, daily_page, indexed

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `browser` fixture (tests/conftest.py)
    expect = None

BOX = "input.md-search__input"
HOSTILE_TITLE = "<img src=x onerror=alert(1)> Zqxjv: <b>Bold</b> & <i>Italic</i> Video Actions"
# What loading Pagefind fetches (the ends of the paths of its script, worker, WebAssembly, entry and
# metadata), and what a query fetches (index chunks and result fragments), under the site's pagefind/.
ENGINE = ("pagefind.js", "pagefind-worker.js", "wasm.en.pagefind", "pagefind-entry.json", ".pf_meta")
LAST = ("**/pagefind/wasm.en.pagefind", re.compile(r"/pagefind/pagefind\.en_\w+\.pf_meta$"))  # fetched last, together
QUERY = re.compile(r"(index)/en_\w+\.pf_index|(fragment)/en_\w+\.pf_fragment")
# Records in window.pcAnswered the query of each answer the result list shows.
ANSWERS = """addEventListener("DOMContentLoaded", () => {
  const list = document.getElementById("pc-search-list");
  window.pcAnswered = [];
  new MutationObserver(() => window.pcAnswered.push(list.dataset.query)).observe(list, {attributeFilter: ["data-query"]});
});"""
HOSTILE_ABSTRACT = ("We recognise zqxjv actions in video; <script>alert(2)</script> a model that "
                    "<a href=javascript:alert(3)>clicks</a> & \"quotes\" 'them'.")


def _page(body: str) -> str:
    return f'<!doctype html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'


# The hook, without a browser.

def test_index_site_indexes_only_the_marked_part_of_the_marked_pages(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(_page(
        '<nav>navigation words</nav><article data-pagefind-body><h1 id="t">Marked page'
        '<a class="headerlink" href="#t">¶</a></h1><p>kept words</p><div data-pagefind-ignore>'
        "skipped words</div></article>"))
    (tmp_path / "index.html").write_text(_page("<article><h1>Unmarked page</h1></article>"))
    assert index_site(tmp_path) == 1
    (record,) = indexed(tmp_path).values()
    assert (record["url"], record["meta"]["title"], record["content"]) == ("/a/", "Marked page", "Marked page. kept words.")
    bundle = tmp_path / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not [path.name for path in bundle.iterdir() if "-ui" in path.name or "highlight" in path.name]
    assert [path.name for path in bundle.glob("wasm.*")] == ["wasm.en.pagefind"]  # not wasm.unknown
    assert index_site(tmp_path) == 1  # again, over its own output (as `mkdocs serve` rebuilds)


def test_a_pagefind_failure_fails_the_build_with_its_message(tmp_path):
    with pytest.raises(PluginError) as raised:
        index_site(tmp_path)
    assert str(raised.value) == (
        f"papercards: Pagefind could not index {tmp_path}: Error: Pagefind was not able to build an index. "
        "Most likely, the directory passed to Pagefind was empty or did not contain any html files.")


def test_a_missing_pagefind_binary_fails_the_build_with_what_to_install(tmp_path, monkeypatch):
    import pagefind_bin

    def missing():
        raise FileNotFoundError("no pagefind")

    monkeypatch.setattr(pagefind_bin, "get_executable", missing)
    with pytest.raises(PluginError) as raised:
        index_site(tmp_path)
    assert str(raised.value) == ("papercards: the Pagefind binary is missing; install the dependencies: "
                                 "pip install -e . (it brings pagefind[bin])")


# The search box on the built site, in Chromium.

def _search(page, text: str):
    """Type `text` into the open search box and wait until the list answers it: the list."""
    page.locator(BOX).press_sequentially(text)
    results = page.locator(f"#pc-search-list[data-query='{text}']")
    expect(results).to_be_attached()
    return results


def _hrefs(page) -> list[str]:
    """The links of the results the list shows, in order."""
    return page.locator(".md-search-result__link").evaluate_all("links => links.map(a => a.getAttribute('href'))")


@pytest.mark.slow
def test_keys_open_move_through_open_and_close_the_search(page, server, tour):
    page.goto(f"{server}{tour['card']}")  # a nested page: the index is found from any depth
    toggle, box = page.locator("#__search"), page.locator(BOX)
    page.keyboard.press("/")
    expect(box).to_be_focused()
    expect(toggle).to_be_checked()
    _search(page, "skeleton")
    links = page.locator(".md-search-result__link")
    expect(links.nth(2)).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    expect(toggle).not_to_be_checked()
    expect(box).not_to_be_focused()
    for key in ("s", "f"):
        page.keyboard.press(key)
        expect(box).to_be_focused()
        expect(toggle).to_be_checked()
        assert box.input_value() == "skeleton"  # selected, not typed into
        page.keyboard.press("Escape")
    page.keyboard.press("s")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = links.nth(1)
    href, title = second.get_attribute("href"), second.locator("h1").inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}**")
    assert page.locator(".md-content h1").inner_text() == title
    expect(toggle).not_to_be_checked()
    page.keyboard.press("/")
    _search(page, "EVAD")
    first = links.nth(0).get_attribute("href")
    page.locator(BOX).press("Enter")  # in the box: the first result
    page.wait_for_url(f"**{first}**")


@pytest.mark.slow
def test_results_mark_the_query_words_and_show_the_count(page, server):
    page.goto(server)
    page.locator(BOX).click()
    _search(page, "skeleton graph")
    items = page.locator(".md-search-result__item")
    expect(items.nth(1)).to_be_visible()
    count = int(page.locator("#pc-search-meta").inner_text().split()[0])
    assert count == items.count() > 1  # fewer than one page of results
    for item in items.all():
        marks = [m.lower() for m in item.locator("mark").all_inner_texts()]
        assert marks and all(re.search("skelet|graph", m) for m in marks), marks
    assert page.locator(".md-search-result__item h1 mark").count() > 0


@pytest.mark.slow
def test_more_results_show_as_the_list_is_scrolled(page, server):
    page.goto(server)
    page.locator(BOX).click()
    _search(page, "video")
    items = page.locator(".md-search-result__item")
    expect(items).to_have_count(10)
    assert int(page.locator("#pc-search-meta").inner_text().split()[0]) > 20
    page.locator("#pc-search-scroll").evaluate("box => box.scrollTo(0, box.scrollHeight)")
    expect(items).to_have_count(20)


def _pagefind_requests(page) -> list[str]:
    """Record what `page` (and its workers) requests under pagefind/: the list, as paths under it
    with their query. A file Pagefind's worker finds in the HTTP cache (search.js fetched it ahead)
    is requested twice here; the server sends it once."""
    requested = []
    page.on("request", lambda request: "/pagefind/" in request.url
            and requested.append(request.url.split("/pagefind/", 1)[1]))
    return requested


def _pagefind_served(served: list[tuple[str, int]]) -> list[str]:
    """What the server (bench.search.serve, at /) sent of pagefind/, of its `served`: paths under it."""
    return [path.split("/pagefind/", 1)[1] for path, _ in served if path.startswith("/pagefind/")]


@contextmanager
def _loading_pagefind(page):
    """After the block, wait until what it did has made `page` request all of Pagefind's engine."""
    with page.expect_request(LAST[0]), page.expect_request(LAST[1]):
        yield


def _engine(paths) -> list[str]:
    """Which of Pagefind's ENGINE files `paths` are, sorted (a file twice is there twice)."""
    return sorted(name for path in paths for name in ENGINE if urlsplit(path).path.endswith(name))


def _index_only(paths: list[str]) -> set[str]:
    """The kinds of index files ("index" chunks, "fragment"s) `paths` are; fails on anything else."""
    assert paths and all(QUERY.fullmatch(path) for path in paths), paths
    return {kind for path in paths for kind in QUERY.fullmatch(path).groups() if kind}


@pytest.mark.slow
def test_a_page_load_fetches_nothing_for_search_and_a_query_only_the_index_it_needs(browser, built):
    """Nothing for search before the reader's intent; then Pagefind's engine, each of its files sent
    once by the server (search.js fetches all but pagefind.js alongside it, and Pagefind's worker
    finds them in the HTTP cache), and none of the index; then a query fetches only the index
    chunks and result fragments it needs."""
    with serve(built[0] / "site") as (url, served):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        with contextmanager(_watched)(context, url) as page:  # fails on a console error or another host
            everything = []
            page.on("request", lambda request: everything.append(request.url))
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(2500)  # nobody touches the box: still nothing, once the browser is idle
            assert _pagefind_served(served) == []
            page.keyboard.press("/")  # the keyboard shortcut: the box's focus
            _search(page, "EVAD")  # Pagefind has loaded its engine by its answer
            page.wait_for_load_state("networkidle")
            sent = _pagefind_served(served)
            engine = [path for path in sent if _engine([path])]
            assert _engine(engine) == sorted(ENGINE), sent  # each once
            assert _index_only([path for path in sent if not _engine([path])]) == {"index", "fragment"}
    assert not [url for url in everything if "search_index" in url or "workers/search" in url or "lunr" in url]


@pytest.mark.slow
def test_pagefinds_engine_is_fetched_while_pagefind_js_loads(page, server):
    """The rest of the engine does not wait for pagefind.js: with it held back, search.js has the
    worker's script, the entry, the WebAssembly and the metadata fetched."""
    held = []
    page.context.route("**/pagefind/pagefind.js", lambda route: held.append(route))
    requested = _pagefind_requests(page)
    page.goto(server)
    with _loading_pagefind(page):
        page.locator(BOX).hover()
    assert _engine(requested) == sorted(ENGINE), requested  # each once: Pagefind's worker is not there yet
    assert len(held) == 1
    held[0].continue_()
    page.locator(BOX).click()
    results = _search(page, "EVAD")
    expect(results.locator(".md-search-result__item")).to_have_count(1)


@pytest.mark.slow
def test_pointing_at_the_box_loads_pagefind_and_a_key_searches_at_once(page, server):
    """With the page's clock stopped, the browser is never idle and no timer fires: Pagefind loads
    because the pointer is on the box, and a query answers without a pause (a debounce would wait
    for a timer forever)."""
    requested = _pagefind_requests(page)
    start = datetime.datetime(2030, 1, 1)
    page.clock.install(time=start)
    page.clock.pause_at(start + datetime.timedelta(seconds=1))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert requested == []
    with _loading_pagefind(page):
        page.locator(BOX).hover()
    assert _engine(set(requested)) == sorted(ENGINE), requested
    loaded = len(requested)
    page.locator(BOX).click()
    results = _search(page, "EVAD")
    expect(results.locator(".md-search-result__item h1")).to_have_text(
        ["Efficient Video Action Detection with Token Dropout and Context Refinement"])
    page.wait_for_load_state("networkidle")
    assert _engine(set(requested)) == sorted(ENGINE), requested  # loaded once (Pagefind's worker: from the cache)
    assert _index_only([path for path in requested[loaded:] if not _engine([path])]) == {"index", "fragment"}


@pytest.mark.slow
def test_keys_typed_while_pagefind_loads_are_searched_together(page, server):
    """No search for a text already outdated: while Pagefind's WebAssembly is held back, the first
    key's search waits for it, and then searches the whole text typed meanwhile."""
    held, released = [], []

    def hold(route):  # every request for it (with routes, the HTTP cache is off), until released
        route.continue_() if released else held.append(route)

    page.context.route(LAST[0], hold)
    page.add_init_script(ANSWERS)
    page.goto(server)
    with page.expect_request(LAST[0]):
        page.locator(BOX).click()  # the reader's intent: Pagefind starts loading
    page.keyboard.type("EVAD")
    expect(page.locator("#pc-search-list")).not_to_have_attribute("data-query", re.compile("."))  # no answer yet
    released.append(True)
    for route in held:
        route.continue_()
    expect(page.locator("#pc-search-list[data-query='EVAD'] .md-search-result__item")).to_have_count(1)
    assert page.evaluate("window.pcAnswered") == ["EVAD"]


def _until(page, condition, tries: int = 300) -> None:
    """Wait until `condition()` is true, letting `page` run (its route handlers too); fail after `tries`."""
    for _ in range(tries):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("the condition never came true")


def _fragments(site) -> dict[str, str]:
    """The page URL of each of Pagefind's result fragments in `site`, by the fragment's file name."""
    records = {path.name: json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
               for path in (site / "pagefind" / "fragment").glob("*.pf_fragment")}
    return {name: record["url"] for name, record in records.items()}


@pytest.mark.slow
def test_results_show_in_order_each_once_it_and_those_before_it_are_in(page, server, built):
    """The count shows at once; a result shows as soon as its fragment and those of the results
    before it are in, without waiting for the rest of the page of results; the list is aria-busy,
    and says it answers the query (data-query) only once they are all in."""
    page.goto(server)
    page.locator(BOX).click()
    _search(page, "video")
    order = _hrefs(page)
    count = page.locator("#pc-search-meta").inner_text()
    assert len(order) == 10
    fragment = {url: name for name, url in _fragments(built[0] / "site").items()}
    held = {}
    other = page.context.new_page()  # its own worker, which has fetched no fragment
    other.context.route("**/pagefind/fragment/*", lambda route: held.setdefault(route.request.url.rsplit("/", 1)[1], route))
    other.goto(server)
    other.locator(BOX).click()
    other.locator(BOX).fill("video")  # at once: no search for "v" first
    expect(other.locator("#pc-search-meta")).to_have_text(count)
    _until(other, lambda: len(held) == 10)
    assert set(held) == {fragment[url] for url in order}
    items, results = other.locator(".md-search-result__item"), other.locator("#pc-search-list")
    expect(results).to_have_attribute("aria-busy", "true")
    assert items.count() == 0

    def release(i):
        url = held[fragment[order[i]]].request.url
        with other.expect_event("requestfinished", lambda request: request.url == url):
            held[fragment[order[i]]].continue_()

    release(2)  # in, but the second is not
    release(0)
    expect(items).to_have_count(1)
    assert _hrefs(other) == order[:1]
    release(1)
    expect(items).to_have_count(3)
    assert _hrefs(other) == order[:3]
    expect(results).to_have_attribute("aria-busy", "true")
    expect(results).not_to_have_attribute("data-query", re.compile("."))
    for i in range(3, 10):
        release(i)
    expect(other.locator("#pc-search-list[data-query='video']:not([aria-busy])")).to_be_attached()
    assert _hrefs(other) == order


@pytest.mark.slow
def test_a_later_search_is_not_mixed_with_the_results_still_coming_for_an_earlier_one(page, server):
    """Results still coming for a search (here its second page, scrolled to) do not show once a later
    search has answered."""
    held, holding = [], []
    page.context.route("**/pagefind/fragment/*",
                       lambda route: held.append(route) if holding and len(held) < 10 else route.continue_())
    page.goto(server)
    page.locator(BOX).click()
    _search(page, "video")
    holding.append(True)  # the next 10 fragments: the second page of results
    page.locator("#pc-search-scroll").evaluate("box => box.scrollTo(0, box.scrollHeight)")
    _until(page, lambda: len(held) == 10)
    page.locator(BOX).fill("EVAD")
    expect(page.locator("#pc-search-list[data-query='EVAD'] .md-search-result__item")).to_have_count(1)
    for route in held:
        with page.expect_event("requestfinished", lambda request, url=route.request.url: request.url == url):
            route.continue_()
    page.wait_for_timeout(500)  # time for them to show, were they to (no test of a time: of what shows)
    expect(page.locator(".md-search-result__item")).to_have_count(1)
    assert page.locator(".md-search-result__item h1").inner_text().startswith("Efficient Video Action Detection")


@pytest.mark.slow
def test_search_works_across_instant_navigation(instant_page, server, built_site):
    page = instant_page
    requested = _pagefind_requests(page)
    paper = next(p for p in built_site.corpus.papers if p.title.startswith("Efficient Video Action Detection"))
    with page.expect_response(f"{server}sitemap.xml"):  # links go instant once Material has read it
        page.goto(server)
    page.evaluate("window.pcLoaded = true")  # gone if a page were loaded in full
    page.locator("article .grid a[href$='/topics/skeleton-based-recognition/']").click()
    page.wait_for_url("**/topics/skeleton-based-recognition/**")
    page.wait_for_timeout(300)
    page.keyboard.press("/")
    _search(page, "EVAD")
    page.locator(".md-search-result__item h1").first.click()
    page.wait_for_url(f"**/papers/{paper.slug}/**")
    expect(page.locator(".md-content h1")).to_have_text(paper.title)
    page.wait_for_timeout(300)  # Material closes the search 125 ms after a navigation; a reader is slower
    page.keyboard.press("s")
    _search(page, "skeleton graph")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url("**/papers/**")
    assert page.evaluate("window.pcLoaded") is True
    # Once for the whole visit, not once per page (Pagefind's entry has another ?ts= on each load).
    assert _engine(set(requested)) == sorted(ENGINE), requested


@pytest.mark.slow
def test_search_on_a_phone_opens_from_the_magnifier_and_fits_the_screen(phone, server, tour):
    phone.goto(f"{server}{tour['card']}")
    phone.locator("label.md-header__button[for=__search]").click()
    expect(phone.locator(BOX)).to_be_focused()
    expect(phone.locator("#__search")).to_be_checked()
    _search(phone, "skeleton action")
    first = phone.locator(".md-search-result__item").first
    expect(first).to_be_visible()
    # Measured once Material's search has slid in: results can show before its transitions end.
    phone.wait_for_function("document.querySelector('.md-search').getAnimations({subtree: true}).length === 0")
    box = first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    width, viewport = phone.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert width <= viewport == 375
    phone.locator("form .md-search__icon[for=__search]").click()  # the back arrow
    expect(phone.locator("#__search")).not_to_be_checked()


@pytest.mark.slow
def test_the_results_take_the_dark_palette(page, server):
    page.emulate_media(color_scheme="dark")
    page.goto(server)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    page.locator(BOX).click()
    _search(page, "EVAD")
    colours = page.evaluate("""() => {
        const style = (selector, property) => getComputedStyle(document.querySelector(selector))[property];
        return [style("body", "backgroundColor"), style(".md-search__scrollwrap", "backgroundColor"),
                style(".md-search-result__item h1", "color")];
    }""")
    body, results, title = colours
    assert results == body != "rgb(255, 255, 255)"
    assert title != "rgb(0, 0, 0)"


@pytest.mark.slow
def test_without_pagefind_the_box_says_search_is_not_available(browser, server):
    context = browser.new_context()  # not `page`: the failed request is logged as a console error
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/pagefind/**", lambda route: route.abort())
        page.goto(server)
        page.locator(BOX).click()
        _search(page, "EVAD")
        expect(page.locator("#pc-search-meta")).to_have_text("Search is not available right now; try again later.")
        assert errors == []  # no uncaught error
    finally:
        context.close()


# A title and an abstract full of HTML: shown as text, never run.

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The real checkout plus one listing whose title and abstract are HTML, built: the site."""
    root = copy_checkout(tmp_path_factory.mktemp("hostile"))
    (root / "corpus" / "raw" / "999_hostile.txt").write_text(daily_page([(HOSTILE_TITLE, HOSTILE_ABSTRACT)]))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                            text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.slow
def test_html_in_titles_and_abstracts_shows_as_text_in_results(browser, hostile_site):
    """Served under /papercards/, as on GitHub Pages: the result's link works there too."""
    with serve(hostile_site, "/papercards/") as (url, _):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # _watched fails the test on a console error (an <img src=x> would log a 404) or another host.
        with contextmanager(_watched)(context, url) as page:
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(url)
            page.locator(BOX).click()
            _search(page, "zqxjv")
            result = page.locator(".md-search-result__item")
            expect(result).to_have_count(1)
            assert result.locator("h1").inner_text() == HOSTILE_TITLE
            assert "<script>alert(2)</script>" in result.locator("p").inner_text()
            assert result.locator("img, script, b, i, a[href^=javascript]").count() == 0
            assert result.locator("mark").all_inner_texts() == ["Zqxjv:", "zqxjv"]
            result.click()
            page.wait_for_url("**/papers/**")
            assert page.locator(".md-content h1").inner_text() == HOSTILE_TITLE
            assert dialogs == []


# bench.search: the figures, with the site under /papercards/ as GitHub Pages serves it.

FIGURES = ["page_load_ms", "load_to_result_ms", "first_result_ms", "typing_to_result_ms", "answer_ms", "requests",
           "fetched_bytes", "load_requests", "load_fetched_bytes", "index_bytes", "index_files"]


@pytest.mark.slow
def test_measure_search_reports_every_figure(browser, built):
    site = built[0] / "site"
    figures = measure_search(site, "EVAD", "/papercards/", browser=browser)
    assert list(figures) == FIGURES
    bundle = [path for path in (site / "pagefind").rglob("*") if path.is_file()]
    assert figures["index_files"] == len(bundle)
    assert figures["index_bytes"] == sum(path.stat().st_size for path in bundle)
    assert 0 < figures["page_load_ms"] < figures["first_result_ms"]
    assert 0 < figures["typing_to_result_ms"] <= figures["load_to_result_ms"] < figures["first_result_ms"]
    assert abs(figures["page_load_ms"] + figures["load_to_result_ms"] - figures["first_result_ms"]) <= 1  # rounding
    assert figures["answer_ms"] >= 0
    assert 5 <= figures["requests"] < 30  # search.js, pagefind.js, its worker, WebAssembly, metadata, chunks
    assert 0 < figures["fetched_bytes"] < figures["index_bytes"] / 2
    # A page load nobody searches on: search.js only.
    assert figures["load_requests"] == 1 and 0 < figures["load_fetched_bytes"] < 20_000


@pytest.mark.slow
def test_the_search_benchmark_command_prints_the_figures(browser, built):
    result = subprocess.run([sys.executable, "-m", "bench.search", str(built[0] / "site"), "EVAD"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == FIGURES
    missing = subprocess.run([sys.executable, "-m", "bench.search", str(built[0]), "EVAD"],
                             cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (missing.returncode, missing.stderr) == (1, f"error: no built site in {built[0]}; run `make site` first\n")
