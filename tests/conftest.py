"""Shared fixtures: the real checkout, a tiny fixture project, a builder for listing pages, and the
built site served to a real browser."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import settings

from bench.search import CHROMIUM_ARGS, serve
from generator.models import Source
from generator.render import OUTPUT_DIRS
from generator.store import Project

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # reported by the `browser` fixture: skipped locally, a failure in CI
    sync_playwright = None

# No time limit per example: machines here are shared and noisy, and speed is the benchmark's job.
settings.register_profile("papercards", deadline=None)
settings.load_profile("papercards")

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"
CHECKOUT = ["corpus", "annotations", "docs", "generator", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
DATED_HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n{date}\n\n"
DAILY_HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")


SKIPPED: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        SKIPPED.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may be skipped: a skipped test there is a check that silently did not run."""
    if os.environ.get("CI") == "true" and SKIPPED and exitstatus == 0:
        print(f"\nerror: CI=true and {len(SKIPPED)} test(s) skipped: {', '.join(SKIPPED[:5])}")
        session.exitstatus = 1


def copy_checkout(root: Path) -> Path:
    """Copy what a build needs from this checkout to `root`, without generated pages."""
    generated = set(OUTPUT_DIRS)

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skipped = {"__pycache__"} | ({n for n in names if n in generated} if here == ROOT / "docs" else set())
        return skipped & set(names)

    for name in CHECKOUT:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, root / name)
    commit_all(root, "2026-11-01T09:00:00Z")
    return root


def commit_all(root: Path, when: str) -> None:
    """Commit everything in `root` (a new repository) at a fixed time, so the cards have dates
    (feed, "Recently added") and the build stays reproducible."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", "checkout", when=when)


def git(root: Path, *args: str, when: str = "2026-01-01T00:00:00Z") -> None:
    """Run git in `root` with author and committer fixed, commit times `when`."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "tests",
           "GIT_AUTHOR_EMAIL": "tests@example.org", "GIT_COMMITTER_NAME": "tests",
           "GIT_COMMITTER_EMAIL": "tests@example.org"}
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def file_tree(root: Path, times: bool = False) -> dict[str, bytes | tuple[bytes, int]]:
    """Every file under `root`: its bytes (with `times`: and its modification time); a symbolic
    link, never followed, as where it points."""
    tree: dict[str, bytes | tuple[bytes, int]] = {}
    for folder, folders, files in os.walk(root):
        for name in files + [name for name in folders if os.path.islink(os.path.join(folder, name))]:
            path = Path(folder, name)
            content = f"-> {os.readlink(path)}".encode() if path.is_symlink() else path.read_bytes()
            tree[path.relative_to(root).as_posix()] = (content, path.lstat().st_mtime_ns) if times else content
    return dict(sorted(tree.items()))


def failing(function, at: set[int], error: BaseException, after: bool = False):
    """`function`, raising `error` at its calls numbered `at` (from 1): before doing the call, or
    just after it (`after`: as a Ctrl-C arrives once a rename has returned)."""
    calls = [0]

    def call(*args, **kwargs):
        calls[0] += 1
        if calls[0] in at and not after:
            raise error
        result = function(*args, **kwargs)
        if calls[0] in at:
            raise error
        return result

    return call


def dated_page(pairs, date="Mar 12") -> str:
    """A page in the blank-line separated layout."""
    return DATED_HEADER.format(date=date) + "\n\n".join(f"{t}\n\n{a}" for t, a in pairs) + "\n"


def daily_page(pairs) -> str:
    """A page in the newline separated layout ('Subscribe' glued to the first title)."""
    return DAILY_HEADER + "\n".join(f"{t}\n{a}" for t, a in pairs) + "\n"


def source(text: str, name: str = "corpus/raw/x.txt") -> Source:
    return Source(name, text)


@pytest.fixture
def fixture_project(tmp_path) -> Project:
    """A copy of tests/fixtures/project that a test may change."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    (root / "docs").mkdir()
    return Project(root)


@pytest.fixture(scope="session")
def real_project() -> Project:
    return Project(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A copy of the checkout (without generated pages) built with `mkdocs build --strict`:
    (root, completed process). The site is in root / "site"."""
    root = copy_checkout(tmp_path_factory.mktemp("checkout"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=600, env=env)
    return root, result


def indexed(site_dir: Path) -> dict[str, dict]:
    """What Pagefind indexed in `site_dir`/pagefind/, by page URL: {"url", "content" (the page's
    indexed text), "meta": {"title"}, ...}. Each page's record is one gzipped fragment file, with
    Pagefind's signature before the JSON."""
    records = [json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
               for path in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment")]
    return {record["url"]: record for record in records}


@pytest.fixture(scope="session")
def built_site(built):
    """What the generator made of the built checkout (papers, topics, pages)."""
    from generator.pipeline import build

    return build(Project(built[0]))


# The built site in a real browser (Debian's Chromium driven by Playwright). Without
# /usr/bin/chromium the browser tests are skipped locally; with CI=true they fail instead.
CHROMIUM = Path("/usr/bin/chromium")


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must run the browser tests (.ci/run installs Chromium)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def server(built):
    """The built site on 127.0.0.1, at the server's root: its URL."""
    root, result = built
    assert result.returncode == 0, result.stderr
    with serve(root / "site") as (url, _):
        yield url


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
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield from _watched(context, server)


@pytest.fixture
def instant_page(page, server):
    """`page`, with Material's instant navigation on: it only follows links listed in sitemap.xml, which
    lists them under site_url, so the sitemap says where this server is instead (as at site_url)."""
    def local_sitemap(route):
        sitemap = route.fetch().text()
        site_url = re.search(r"<loc>(.*?)</loc>", sitemap).group(1)  # the home page comes first
        route.fulfill(body=sitemap.replace(f"<loc>{site_url}", f"<loc>{server}"), content_type="application/xml")

    page.route(f"{server}sitemap.xml", local_sitemap)
    return page


@pytest.fixture
def phone(browser, server):
    """`page` on a phone: a 375 x 740 touch screen."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    yield from _watched(context, server)


def _watched(context, server):
    """A page of `context` that records console errors and every host it requests; after the test,
    fails it on any error or request to another host."""
    page = context.new_page()
    page.errors, page.hosts = [], set()
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("request", lambda request: page.hosts.add(urlsplit(request.url).netloc))
    try:
        yield page
    finally:
        context.close()
    local = urlsplit(server).netloc
    assert page.errors == []
    assert page.hosts <= {local}, f"requests to other hosts: {page.hosts - {local}}"


@pytest.fixture(scope="session")
def tour(built_site) -> dict[str, str]:
    """One page of each kind, as paths under the site: the browser and accessibility tests visit
    (and screenshot) these. The card is a curated one with every section: TL;DR, code, datasets,
    related papers (and the Cite block every card has), featured if one such card is."""
    papers = built_site.corpus.papers
    card = min((p for p in papers if p.annotation and p.annotation.tldr and p.has_code and p.datasets
                and p.related and not p.off_topic), key=lambda p: not p.featured)
    topic = max(built_site.topics, key=lambda t: sum(t.id in p.topics for p in papers))
    dataset = max(built_site.datasets, key=lambda d: sum(d.id in p.datasets for p in papers))
    return {"home": "", "topic": f"topics/{topic.id}/", "card": f"papers/{card.slug}/", "papers": "papers/",
            "dataset": f"datasets/{dataset.id}/"}
