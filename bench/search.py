"""Search speed in a real browser: how long a reader waits for the first result, and what it costs.

    python -m bench.search site "action recognition"
    python -m bench.search /tmp/big/site EVAD --base-path /

Serves the built site on 127.0.0.1 under `base_path` (as `mkdocs serve` and GitHub Pages do:
/papercards/), opens the home page in headless Chromium, clicks the search box, types the query
key by key and waits for the first result. Reports:

- first_result_ms: from navigation start (performance.timeOrigin) to the first result in the list;
  it includes the page load and the typing;
- typing_to_result_ms: from the first key typed to the first result: the search's own wait;
- requests, fetched_bytes: what the server sent for search (the Pagefind bundle: its script,
  worker, WebAssembly, index chunks and result fragments; docs/assets/search.js; with Material's
  own search, its worker and search_index.json), counted on the server, so requests from web
  workers count too;
- index_bytes, index_files: the search index on disk (site/pagefind/, or Material's site/search/).

Works for Material's built-in search too (the same box and result classes), for comparisons.
A fresh browser context per run: nothing is cached. Prints figures, asserts nothing.
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
# Paths (under the site root) of what the browser fetches for search only.
SEARCH_PATHS = ("pagefind/", "search/", "assets/search.js", "assets/javascripts/workers/search",
                "assets/javascripts/lunr/")
# When the first key reaches the box, and when the first result shows in the list (as
# milliseconds since navigation start; read by measure_search).
FIRST_RESULT = """
addEventListener("input", (event) => {
  if (window.__firstInputMs === undefined && event.target.matches(".md-search__input")) {
    window.__firstInputMs = performance.now();
  }
}, true);
new MutationObserver((_, observer) => {
  const item = document.querySelector(".md-search-result__item");
  if (item && item.checkVisibility()) {
    window.__firstResultMs = performance.now();
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
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


def measure_search(site_dir: Path, query: str, base_path: str = "/papercards/", browser=None) -> dict:
    """Type `query` into the search box of the site in `site_dir`; the figures of the module's
    docstring. In headless Chromium (/usr/bin/chromium, through playwright), or in `browser`, a
    Playwright browser that is already running."""
    if browser is not None:
        return _measure(browser, site_dir, query, base_path)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return _measure(browser, site_dir, query, base_path)
        finally:
            browser.close()


def _measure(browser, site_dir: Path, query: str, base_path: str) -> dict:
    with serve(site_dir, base_path) as (url, served):
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # nothing cached
        try:
            page = context.new_page()
            page.add_init_script(FIRST_RESULT)
            page.goto(url, wait_until="domcontentloaded")
            box = page.locator("input.md-search__input")
            box.click()
            box.press_sequentially(query)
            page.wait_for_function("window.__firstResultMs !== undefined", timeout=60_000)
            typed, shown = page.evaluate("[window.__firstInputMs, window.__firstResultMs]")
            page.wait_for_load_state("networkidle")
        finally:
            context.close()
        mount = _mount(base_path)
        searched = [size for path, size in served if path.removeprefix(mount).startswith(SEARCH_PATHS)]
    index = [path for path in _index_dir(site_dir).rglob("*") if path.is_file()]
    return {"first_result_ms": round(shown), "typing_to_result_ms": round(shown - typed),
            "requests": len(searched), "fetched_bytes": sum(searched),
            "index_bytes": sum(path.stat().st_size for path in index), "index_files": len(index)}


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
    options = parser.parse_args(argv)
    if not (options.site / "index.html").is_file():
        print(f"error: no built site in {options.site}; run `make site` first", file=sys.stderr)
        return 1
    figures = measure_search(options.site, options.query, options.base_path)
    for name, value in figures.items():
        print(f"{name:<16}{value:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
