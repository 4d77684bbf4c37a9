"""MkDocs hook: every `mkdocs build` / `mkdocs serve` (re)build first runs the generator.

It writes the pages (only the ones whose content changed, so live reload stays quiet), logs the
counts, and lists the topic pages in the nav under "Topics". Generated pages have no source file
in the repository, so their edit button points where the generator says (front matter
`edit_url`: the card's annotation file, the taxonomy), or is hidden. A generator error stops the build
with the same `FILE:LINE: message` lines as the CLI; `mkdocs serve` keeps the last good site.
The pages themselves never depend on this hook: `python -m generator generate` writes the same.

After every build it runs Pagefind over the built site: the search index goes to
<site_dir>/pagefind/, read by docs/assets/search.js. Pagefind indexes only the elements marked
`data-pagefind-body` (overrides/main.html) minus those marked `data-pagefind-ignore` (the
templates). If Pagefind fails, so does the build, with Pagefind's message.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.cli import summary
from generator.errors import GeneratorError
from generator.pipeline import generate
from generator.render import OUTPUT_DIRS
from generator.store import Project

log = logging.getLogger("mkdocs.hooks.papercards")
TOPICS_INDEX = "topics/index.md"
GENERATED = tuple(f"{folder}/" for folder in OUTPUT_DIRS)
SEARCH_DIR = "pagefind"  # under the site: the index and Pagefind's script, worker and WebAssembly
SEARCH_SKIPS = ".headerlink"  # left out of the index on every page: the ¶ after each heading (toc permalink)
# Pagefind's ready-made search UIs, which the site does not use (docs/assets/search.js is its UI).
SITEMAP_URLS = 50_000  # the sitemap protocol's limit of URLs in one file
SITEMAP_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
SITEMAP_XMLNS = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNUSED_SEARCH_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js",
                       "pagefind-modular-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
                       "pagefind-highlight.js")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Project(Path(config.config_file_path).resolve().parent)
    started = time.perf_counter()
    try:
        site, stats = generate(project)
    except GeneratorError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"papercards: {len(error.problems)} problem(s) in the inputs; see above") from None
    for line in summary(site, per_topic=False).splitlines():
        log.info(f"papercards: {line.strip()}")
    log.info(f"papercards: pages {stats.written} written, {stats.unchanged} unchanged, "
             f"{stats.removed} removed in {time.perf_counter() - started:.2f} s")
    config.nav = _with_topics(config.nav or [], site.topics)
    return config


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    """A page's front matter `edit_url` names its real source; generated pages without one have
    nothing to edit."""
    if "edit_url" in page.meta or page.file.src_uri.startswith(GENERATED):
        page.edit_url = page.meta.get("edit_url")
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    """Split a sitemap too large for one file; index the built site for search: <site_dir>/pagefind/."""
    site_dir = Path(config.site_dir)
    files = split_sitemap(site_dir, config.site_url or "")
    if files:
        log.info(f"papercards: sitemap.xml: an index of {files} sitemaps")
    started = time.perf_counter()
    pages = index_site(site_dir)
    log.info(f"papercards: search index: {pages} pages in {time.perf_counter() - started:.2f} s")


def index_site(site_dir: Path) -> int:
    """Run Pagefind over `site_dir` (a fresh <site_dir>/pagefind/); the number of pages indexed."""
    output = site_dir / SEARCH_DIR
    shutil.rmtree(output, ignore_errors=True)  # `mkdocs serve` rebuilds into the same folder
    command = [str(_pagefind()), "--site", str(site_dir), "--output-subdir", SEARCH_DIR,
               "--exclude-selectors", SEARCH_SKIPS, "--quiet"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=3600)
    except subprocess.CalledProcessError as error:
        said = " ".join(_lines(error.stderr or error.stdout))
        raise PluginError(f"papercards: Pagefind could not index {site_dir}: {said}") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"papercards: Pagefind could not run on {site_dir}: {error}") from None
    for line in _lines(done.stdout + done.stderr):  # with --quiet, only its warnings
        log.info(f"papercards: Pagefind: {line}")
    languages = json.loads((output / "pagefind-entry.json").read_text("utf-8"))["languages"].values()
    _remove_unused(output, {f"wasm.{language['wasm']}.pagefind" for language in languages})
    return sum(language["page_count"] for language in languages)


def split_sitemap(site_dir: Path, site_url: str, most: int = SITEMAP_URLS) -> int:
    """When MkDocs' <site_dir>/sitemap.xml lists more URLs than one sitemap may (`most`), put them
    in sitemap-1.xml, sitemap-2.xml, ... and make sitemap.xml (and .gz) the index of those, as the
    protocol asks; the number of those files (0: left as it was). It also spares every page load
    of a large site: Material's instant navigation fetches and parses sitemap.xml on each (20 MB
    and 2 s at 100,000 cards); with an index, links to pages load them the usual way."""
    sitemap = site_dir / "sitemap.xml"
    try:
        text = sitemap.read_text("utf-8")
    except FileNotFoundError:
        return 0
    urls = SITEMAP_URL.findall(text)
    if len(urls) <= most:
        return 0
    head = text[:text.index("<urlset")]
    opening = re.search(r"<urlset[^>]*>", text).group(0)
    parts = [urls[start:start + most] for start in range(0, len(urls), most)]
    for number, part in enumerate(parts, 1):
        (site_dir / f"sitemap-{number}.xml").write_text(
            head + opening + "\n" + "\n".join(part) + "\n</urlset>\n", "utf-8")
    entries = "".join(f"    <sitemap><loc>{html.escape(site_url)}sitemap-{number}.xml</loc></sitemap>\n"
                      for number in range(1, len(parts) + 1))
    index = f'{head}<sitemapindex xmlns="{SITEMAP_XMLNS}">\n{entries}</sitemapindex>\n'
    sitemap.write_text(index, "utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(index.encode("utf-8"), mtime=0))
    return len(parts)


def _remove_unused(output: Path, wasm: set[str]) -> None:
    """Leave out of the bundle what no reader's browser fetches: Pagefind's own UIs, and the
    WebAssembly for languages other than the site's (`wasm`: the file names to keep)."""
    unused = [output / name for name in UNUSED_SEARCH_FILES]
    unused += [path for path in output.glob("wasm.*.pagefind") if path.name not in wasm]
    for path in unused:
        path.unlink(missing_ok=True)


def _lines(text: str) -> list[str]:
    """The distinct non-blank lines of `text`, in order (Pagefind repeats its error message)."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def _pagefind() -> Path:
    """The Pagefind binary of the `pagefind[bin]` dependency."""
    try:
        from pagefind_bin import get_executable

        return get_executable()
    except (ImportError, FileNotFoundError):
        raise PluginError("papercards: the Pagefind binary is missing; install the dependencies: "
                          "pip install -e . (it brings pagefind[bin])") from None


def _with_topics(nav: list, topics) -> list:
    """Replace the nav entry for topics/index.md with a section listing every topic page."""
    section = [{"Overview": TOPICS_INDEX}] + [
        {html.escape(topic.title): f"topics/{topic.id}.md"} for topic in topics
    ]
    result = []
    for item in nav:
        if isinstance(item, dict) and list(item.values()) == [TOPICS_INDEX]:
            result.append({next(iter(item)): section})
        else:
            result.append(item)
    return result
