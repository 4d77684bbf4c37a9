"""Page weight: what a reader's browser fetches for a page of the built site, by kind.

    python scripts/page_weight.py                       # a card, the home page, all papers
    python scripts/page_weight.py papers/<slug>/ topics/action-recognition/

Serves site/ (build it first: `make site`) on 127.0.0.1, opens each page in headless Chromium,
waits until the network is idle, and prints every response's size grouped by kind, with the total,
then the size of the search index on disk (site/pagefind/: a page loads none of it; a search
fetches the chunks it needs, which `python -m bench.search` measures). Sizes are the bytes of the
bodies as served (uncompressed: GitHub Pages gzips text, so the wire is smaller). Prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import sys
import threading
from collections import defaultdict
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-sandbox"]
DEFAULT_PAGES = ("papers/vivit-a-video-vision-transformer/", "", "papers/")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="paths under the site root")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    options = parser.parse_args(argv)
    if not (options.site / "index.html").is_file():
        print(f"error: no built site in {options.site}; run `make site` first", file=sys.stderr)
        return 1
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(options.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for page in options.pages:
                print(_report(page or "(home)", _weigh(browser, base + page)))
            browser.close()
    finally:
        server.shutdown()
    index = [path for path in (options.site / "pagefind").rglob("*") if path.is_file()]
    size = sum(path.stat().st_size for path in index)
    print(f"search index (pagefind/, loaded by searches only): {size:,} bytes in {len(index)} files")
    return 0


def _weigh(browser, url: str) -> dict[str, list[tuple[str, int]]]:
    """{kind: [(path, bytes)]} of every response while loading `url`."""
    page = browser.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for response in responses:
        if response.status == 200:
            found[_kind(response)].append((urlsplit(response.url).path, len(response.body())))
    page.close()
    return found


def _kind(response) -> str:
    path = urlsplit(response.url).path
    if path.endswith("sitemap.xml"):
        return "sitemap"  # Material's instant navigation reads it to know which links are internal
    if path.endswith((".svg", ".png", ".ico")):
        return "images"  # the favicon arrives as "other"
    return {"document": "HTML", "stylesheet": "CSS", "script": "JavaScript", "image": "images",
            "font": "fonts"}.get(response.request.resource_type, response.request.resource_type)


def _report(name: str, found: dict[str, list[tuple[str, int]]]) -> str:
    lines = [name]
    for kind, files in sorted(found.items()):
        lines.append(f"  {kind:<13}{sum(size for _, size in files):>11,} bytes in {len(files)} file(s)")
    total = sum(size for files in found.values() for _, size in files)
    lines.append(f"  {'total':<13}{total:>11,} bytes")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
