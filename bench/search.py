"""Search speed in a real browser: how long a reader waits for the first result, and what it costs.

    python -m bench.search site "action recognition"
    python -m bench.search /tmp/big/site EVAD --base-path /

Serves the built site on 127.0.0.1 under `base_path` (as `mkdocs serve` and GitHub Pages do:
/papercards/) and opens its home page in headless Chromium twice, each time in a fresh browser
context (nothing cached):

1. The reader searches as soon as the page has loaded: when the load event has ended, the mouse
   moves onto the search box and clicks it, and the query is typed key by key (as fast as
   Playwright sends keys, or a key every --key-delay ms); then the run waits for the first result
   and for the network to be idle.
2. The reader does not touch the search: the page loads, and the run waits until the network is
   idle and IDLE_WAIT ms more (what a page fetches for search up front, and once the browser is
   idle).

Reports, in milliseconds from navigation start (performance.timeOrigin) unless said otherwise:

- page_load_ms: the page load itself, to the end of the load event (loadEventEnd), in run 1;
- load_to_result_ms: from the end of the load event to the first result shown in the list (any
  result, for the text typed so far): the wait of a reader who starts right when the page has
  loaded. It includes the harness's own lag before the first key (moving, clicking, sending keys),
  which is load_to_result_ms - typing_to_result_ms;
- first_result_ms: from navigation start to that first result: page_load_ms + load_to_result_ms;
- typing_to_result_ms: from the first key typed (its input event) to that first result: the
  search's own wait;
- answer_ms: from the last key typed to the list's last new answer (its first result replaced, or
  the list emptied): the wait for the results of the whole query once typing stops (0 if the
  list had answered it already);
- requests, fetched_bytes: what the server sent for search in run 1, from navigation start until
  the network is idle after the query (the Pagefind bundle: its script, worker, WebAssembly and
  metadata, index chunks and result fragments; docs/assets/search.js; with Material's own search,
  its worker and search_index.json), counted on the server, so requests from web workers count too;
- load_requests, load_fetched_bytes: the same, in run 2: what every page load costs for search
  when the reader never uses it;
- index_bytes, index_files: the search index on disk (site/pagefind/, or Material's site/search/).

Works for Material's built-in search too (the same box and result classes), for comparisons.
Prints figures, asserts nothing. Times vary with the machine's load: compare runs on one machine.
"""

from __future__ import annotations

import argparse
import functools
import io
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-sandbox", "--disable-gpu"]
KEY_DELAY = 0  # ms between two keys typed: none, as fast as Playwright sends them
IDLE_WAIT = 2500  # ms: what a page might fetch once the browser is idle (search.js: nothing before intent)
# Paths (under the site root) of what the browser fetches for search only.
SEARCH_PATHS = ("pagefind/", "search/", "assets/search.js", "assets/javascripts/workers/search",
                "assets/javascripts/lunr/")
# When the first and the last key reach the box, when the first result shows in the list, and when
# the list last showed a new answer (its first result replaced, or none), as milliseconds since
# navigation start; read by _search_run.
FIRST_RESULT = """(() => {
  addEventListener("input", (event) => {
    if (event.target.matches(".md-search__input")) {
      window.__firstInputMs ??= performance.now();
      window.__lastInputMs = performance.now();
    }
  }, true);
  let answer;
  new MutationObserver(() => {
    const item = document.querySelector(".md-search-result__item");
    if (window.__firstResultMs === undefined && item && item.checkVisibility()) {
      window.__firstResultMs = performance.now();
    }
    const first = document.querySelector(".md-search-result__list")?.firstElementChild ?? null;
    if (first !== answer && window.__firstInputMs !== undefined) {
      answer = first;
      window.__answerMs = performance.now();
    }
  }).observe(document, {childList: true, subtree: true});
})();
"""


class _SiteHandler(SimpleHTTPRequestHandler):
    """Serves `directory` under `base` (other paths are 404) and records (path, bytes) of each file
    sent in `self.server.served`."""

    base = "/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base):
            return os.devnull + "/missing"  # a path that is never a file: 404
        return super().translate_path("/" + path.removeprefix(self.base))

    def send_head(self):
        sent = super().send_head()  # an open file, a directory listing (BytesIO), or None
        if sent is not None:
            size = len(sent.getvalue()) if isinstance(sent, io.BytesIO) else os.fstat(sent.fileno()).st_size
            self.server.served.append((self.path, size))
        return sent

    def log_message(self, *args):
        pass


@contextmanager
def serve(site_dir: Path, base_path: str = "/") -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Serve `site_dir` on 127.0.0.1 (a free port) under `base_path` in a background thread:
    yields (the site's URL, the list of (path, bytes) served so far)."""
    base = _mount(base_path)
    handler = functools.partial(type("Handler", (_SiteHandler,), {"base": base}), directory=str(site_dir))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.served = []
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{base}", httpd.served
    finally:
        httpd.shutdown()
        httpd.server_close()


def measure_search(site_dir: Path, query: str, base_path: str = "/papercards/", browser=None,
                   key_delay: int = KEY_DELAY) -> dict:
    """Type `query` into the search box of the site in `site_dir`, a key every `key_delay` ms; the
    figures of the module's docstring. In headless Chromium (/usr/bin/chromium, through
    playwright), or in `browser`, a Playwright browser that is already running."""
    if browser is not None:
        return _measure(browser, site_dir, query, base_path, key_delay)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _measure(browser, site_dir, query, base_path, key_delay)
        finally:
            browser.close()


def _measure(browser, site_dir: Path, query: str, base_path: str, key_delay: int) -> dict:
    mount = _mount(base_path)
    with serve(site_dir, base_path) as (url, served):
        timings = _search_run(browser, url, query, key_delay)
        searched = _for_search(served, mount)
        served.clear()
        _idle_run(browser, url)
        idle = _for_search(served, mount)
    index = [path for path in _index_dir(site_dir).rglob("*") if path.is_file()]
    shown = timings["shown"]
    return {"page_load_ms": round(timings["loaded"]), "load_to_result_ms": round(shown - timings["loaded"]),
            "first_result_ms": round(shown), "typing_to_result_ms": round(shown - timings["typed"]),
            "answer_ms": max(0, round(timings["answered"] - timings["last"])),
            "requests": len(searched), "fetched_bytes": sum(searched),
            "load_requests": len(idle), "load_fetched_bytes": sum(idle),
            "index_bytes": sum(path.stat().st_size for path in index), "index_files": len(index)}


def _search_run(browser, url: str, query: str, key_delay: int) -> dict:
    """Run 1 of the module's docstring: the page's timeline, in ms since navigation start."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # nothing cached
    try:
        page = context.new_page()
        page.add_init_script(FIRST_RESULT)
        page.goto(url, wait_until="load")
        box = page.evaluate("""() => {
            const box = document.querySelector("input.md-search__input").getBoundingClientRect();
            return [box.x + box.width / 2, box.y + box.height / 2];
        }""")
        page.mouse.click(*box)  # the pointer moves onto the box, then presses: as a reader's would
        page.keyboard.type(query, delay=key_delay)
        page.wait_for_function("window.__firstResultMs !== undefined", timeout=60_000)
        page.wait_for_load_state("networkidle")
        return page.evaluate("""() => ({
            loaded: performance.getEntriesByType("navigation")[0].loadEventEnd,
            typed: window.__firstInputMs, last: window.__lastInputMs, shown: window.__firstResultMs,
            answered: window.__answerMs})""")
    finally:
        context.close()


def _idle_run(browser, url: str) -> None:
    """Run 2 of the module's docstring: a page load nobody searches on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(IDLE_WAIT)
    finally:
        context.close()


def _for_search(served: list[tuple[str, int]], mount: str) -> list[int]:
    """The sizes of what was served for search, of `served` (path, bytes)."""
    return [size for path, size in served if path.removeprefix(mount).startswith(SEARCH_PATHS)]


def _mount(base_path: str) -> str:
    """`base_path` as the path of a folder: "/papercards/", or "/"."""
    return f"/{base_path.strip('/')}/" if base_path.strip("/") else "/"


def _index_dir(site_dir: Path) -> Path:
    """Pagefind's bundle, or Material's search index when the site was built with its search."""
    pagefind = site_dir / "pagefind"
    return pagefind if pagefind.is_dir() else site_dir / "search"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="example: python -m bench.search site 'action recognition'")
    parser.add_argument("site", type=Path, help="the built site (make site: site/)")
    parser.add_argument("query", help="what to type into the search box")
    parser.add_argument("--base-path", default="/papercards/",
                        help="the path the site is served under (default: %(default)s)")
    parser.add_argument("--key-delay", type=int, default=KEY_DELAY, metavar="MS",
                        help="milliseconds between two keys typed (default: %(default)s)")
    options = parser.parse_args(argv)
    if not (options.site / "index.html").is_file():
        print(f"error: no built site in {options.site}; run `make site` first", file=sys.stderr)
        return 1
    figures = measure_search(options.site, options.query, options.base_path, key_delay=options.key_delay)
    for name, value in figures.items():
        print(f"{name:<20}{value:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
