"""Every case of the catalogue of bad input (tests/catalogue.py), run for real:

- refused input: `generate` on the fixture project, after a good run, prints exactly the case's
  errors, exits 1 and leaves every page of the good run as it was (bytes and modification time);
  `validate` reports the same;
- hostile text: all such cases together in one checkout, built with `mkdocs build --strict`; each
  card shows its text as text (read back from the built HTML), no page carries markup, links or
  comments from the input, the exports hold it as data, and in Chromium no script runs;
- writing the pages: a fault injected in the middle of writing leaves the previous pages
  complete; a run killed outright is set right by the next run.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bench.search import serve
from generator import cli, store
from generator.slugs import make_slug
from generator.store import Project

from .catalogue import CASES, PAGE, Kept, Link, Refused, Repaired, Shown, cell, page_with_table
from .conftest import copy_checkout, failing, file_tree, git, indexed
from .htmltext import elements, texts
from .test_cli import KILLED_IN_THE_SWAP, _move_the_site

REFUSED = [case for case in CASES if isinstance(case.outcome, Refused)]
SHOWN = [case for case in CASES if isinstance(case.outcome, Shown)]
KEPT = [case for case in CASES if isinstance(case.outcome, Kept)]
REPAIRED = [case for case in CASES if isinstance(case.outcome, Repaired)]


def _write(root: Path, files: dict[str, str | bytes | Link]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Link):
            shutil.rmtree(path)
            path.symlink_to(content.target, target_is_directory=True)
        else:
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def _tree(docs: Path) -> dict[str, tuple[bytes, int]]:
    return file_tree(docs, times=True)


def _run(capsys, command: str, root: Path) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = cli.main([command, "--root", str(root), "--quiet"] if command == "generate" else [command, "--root", str(root)])
    return code, capsys.readouterr().err.splitlines()


@pytest.fixture
def generated(fixture_project, capsys):
    """The fixture project after a good run: (its root, its docs/ tree)."""
    root = fixture_project.root
    assert _run(capsys, "generate", root) == (0, [])
    return root, _tree(root / "docs")


@pytest.mark.parametrize("case", REFUSED, ids=[case.id for case in REFUSED])
def test_a_refused_input_stops_the_run_with_its_errors_and_keeps_the_pages(case, generated, capsys):
    root, _ = generated
    _write(root, case.files)
    before = _tree(root / "docs")  # as the good run left it (or with a folder linked, by the case)
    count = len(case.outcome.errors)
    expected = [f"error: {error}" for error in case.outcome.errors]
    expected.append(f"{count} problem{'s' if count != 1 else ''}; nothing was written")
    assert _run(capsys, "generate", root) == (1, expected)
    assert _tree(root / "docs") == before
    if case.group != "writing":  # an input problem: validate finds it too
        assert _run(capsys, "validate", root) == (1, expected)


# Faults in the middle of writing.

FAULTS = {  # what each `Kept.fault` patches in the store: (owner, name, at which call, error, after it)
    "disk full": (store.Path, "write_bytes", 2, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), False),
    "rename fails": (store.os, "replace", 3, OSError(errno.EIO, os.strerror(errno.EIO)), False),
    "ctrl-c": (store.os, "replace", 3, KeyboardInterrupt(), True),
}


@pytest.mark.parametrize("case", KEPT, ids=[case.id for case in KEPT])
def test_a_fault_in_the_middle_of_writing_keeps_the_previous_pages(case, generated, capsys, monkeypatch):
    root, before = generated
    _move_the_site(Project(root))
    owner, name, at, error, after = FAULTS[case.outcome.fault]
    monkeypatch.setattr(owner, name, failing(getattr(owner, name), {at}, error, after))
    result = _run(capsys, "generate", root)
    monkeypatch.undo()
    assert result == (case.outcome.exit_code, list(case.outcome.stderr))
    assert _tree(root / "docs") == before
    assert not list(root.glob(".papercards-staging-*"))
    assert _run(capsys, "generate", root) == (0, [])  # and the next run writes the changed pages


@pytest.mark.parametrize("case", REPAIRED, ids=[case.id for case in REPAIRED])
def test_a_run_killed_in_the_middle_of_writing_is_set_right_by_the_next(case, generated, capsys, tmp_path):
    root, before = generated
    _move_the_site(Project(root))
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_THE_SWAP, str(root), str(case.outcome.after_renames)],
                            cwd=Path(__file__).parent.parent, capture_output=True, text=True, timeout=120)
    assert killed.returncode == 137, killed.stderr
    clean = tmp_path / "clean"
    shutil.copytree(root, clean, ignore=shutil.ignore_patterns("docs", ".cache", ".papercards-staging-*"))
    (clean / "docs").mkdir()
    assert _run(capsys, "generate", clean) == (0, [])
    expected, mixed = _tree(clean / "docs"), _tree(root / "docs")
    assert {rel: content for rel, (content, _) in mixed.items()} != {rel: content for rel, (content, _) in before.items()}
    assert len(list(root.glob(".papercards-staging-*"))) == 1
    assert _run(capsys, "generate", root) == (0, [])
    assert {rel: content for rel, (content, _) in _tree(root / "docs").items()} == {
        rel: content for rel, (content, _) in expected.items()}
    assert not list(root.glob(".papercards-staging-*"))


# Hostile text, built into a site.

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A checkout whose corpus and paper annotations are the catalogue's hostile cases, and one
    more topic and dataset named with markup, built with `mkdocs build --strict`: its root."""
    root = copy_checkout(tmp_path_factory.mktemp("hostile"))
    for folder in (root / "corpus" / "raw", root / "annotations" / "papers"):
        shutil.rmtree(folder)
        folder.mkdir()
    for case in SHOWN:
        _write(root, case.files)
    _add_hostile_topic_and_dataset(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "hostile input", when="2026-11-02T09:00:00Z")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                            text=True, timeout=600, env=env)
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    return root


TOPIC = ("<script>alert(1)</script> | Topic {{ x }}", "A <b>topic</b> [x](javascript:alert(1)) <!-- c -->")
DATASET = ("<img src=x onerror=alert(1)> Set", "A dataset --8<-- \"mkdocs.yml\" `c` $x$")


def _add_hostile_topic_and_dataset(root: Path) -> None:
    """A topic and a dataset whose names and descriptions are markup, matched by every hostile card."""
    topics = root / "annotations" / "topics.yml"
    topics.write_text(topics.read_text("utf-8") + f"  - id: hostile\n    title: {json.dumps(TOPIC[0])}\n"
                      f"    description: {json.dumps(TOPIC[1])}\n    match:\n      text: [\"abstract\"]\n",
                      "utf-8")
    datasets = root / "annotations" / "datasets.yml"
    datasets.write_text(datasets.read_text("utf-8") + f"  - id: hostile-set\n    name: {json.dumps(DATASET[0])}\n"
                        f"    aliases: [\"abstract\"]\n    description: {json.dumps(DATASET[1])}\n", "utf-8")


def _card(hostile: Path, case) -> str:
    return (hostile / "site" / "papers" / make_slug(case.outcome.title) / "index.html").read_text("utf-8")


PLACES = {"abstract": ("p", "pc-abstract"), "tldr": ("p", "pc-tldr"), "tags": ("span", "pc-tag"),
          "meta": ("p", "pc-meta"), "notes": ("div", "pc-notes")}


@pytest.mark.slow
@pytest.mark.parametrize("case", SHOWN, ids=[case.id for case in SHOWN])
def test_hostile_text_shows_as_text_on_its_card(case, hostile):
    page, shown = _card(hostile, case), case.outcome
    assert texts(page, "h1") == [shown.title]
    assert texts(page, "title") == [f"{shown.title} - papercards"]
    for place, expected in shown.seen.items():
        if place == "listed":
            listed = page[page.index('id="where-it-was-listed"'):]
            assert texts(listed[:listed.index("</ul>")], "li") == list(expected)
        else:
            assert texts(page, *PLACES[place]) == list(expected), place
    assert "markdown_extensions" not in page  # the snippet line included no mkdocs.yml


@pytest.mark.slow
def test_the_hostile_topic_and_dataset_show_as_text(hostile):
    site = hostile / "site"
    topic = (site / "topics" / "hostile" / "index.html").read_text("utf-8")
    assert texts(topic, "h1") == [TOPIC[0]]
    assert TOPIC[1] in texts(topic, "p")
    dataset = (site / "datasets" / "hostile-set" / "index.html").read_text("utf-8")
    assert texts(dataset, "h1") == [DATASET[0]]
    assert DATASET[1] in texts(dataset, "p")
    cards = [_card(hostile, case) for case in SHOWN if case.id.startswith("corpus-")]
    assert cards and all({TOPIC[0], DATASET[0]} <= set(texts(card, "a")) for card in cards)  # links, as text


class _Markup(HTMLParser):
    """What of a page could run or load: attributes, script texts, comments."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.comments: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, text) of each inline script
        self._script: str | None = None

    def handle_starttag(self, tag, attrs):
        self._script = dict(attrs).get("type") or "text/javascript" if tag == "script" else None

    def handle_data(self, data):
        if self._script:
            self.scripts.append((self._script, data))

    def handle_endtag(self, tag):
        self._script = None

    def handle_comment(self, data):
        self.comments.append(data)


LOADS = {"href", "src", "srcset", "action", "formaction", "poster", "data"}  # attributes that load or run a URL


@pytest.mark.slow
def test_no_page_carries_an_element_a_link_or_a_comment_from_the_input(hostile):
    pages = sorted((hostile / "site").rglob("*.html"))
    assert len(pages) > len(SHOWN)
    for path in pages:
        page = path.read_text("utf-8")
        for tag, attrs in elements(page):
            assert tag not in ("img", "u", "i", "b"), (path, tag, attrs)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            for name in LOADS & set(attrs):
                value = (attrs[name] or "").strip().lower()
                assert "alert(" not in value and not value.startswith(("javascript:", "data:")), (path, tag, attrs)
        markup = _Markup()
        markup.feed(page)
        for kind, script in markup.scripts:
            assert kind == "application/ld+json" and json.loads(script) or "alert(" not in script, (path, script)
        assert not [c for c in markup.comments if "hidden" in c or "material/tags" in c or " c " in c], path


@pytest.mark.slow
def test_the_exports_and_the_search_index_hold_the_hostile_text_as_data(hostile):
    site = hostile / "site"
    records = {record["title"]: record for record in json.loads((site / "exports" / "papers.json").read_text())["papers"]}
    index = indexed(site)
    feed = ElementTree.parse(site / "exports" / "feed.xml").getroot()
    feed_titles = {entry.findtext("{http://www.w3.org/2005/Atom}title")
                   for entry in feed.iter("{http://www.w3.org/2005/Atom}entry")}
    bibtex = (site / "exports" / "papers.bib").read_text("utf-8")
    for case in SHOWN:
        shown = case.outcome
        assert records[shown.title]["abstract"] == shown.seen["abstract"][0]
        assert index[f"/papers/{make_slug(shown.title)}/"]["meta"]["title"] == shown.title
        assert shown.title in feed_titles
        card = _card(hostile, case)
        json_ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', card, re.S)[1]
        assert json.loads(json_ld)["name"] == shown.title
    for entry in bibtex.split("\n@")[1:]:
        assert _balanced(entry), entry


def _balanced(text: str) -> bool:
    """Whether the braces of a BibTeX entry close in order, escaped braces aside."""
    depth = 0
    for brace in re.sub(r"\\[{}]", "", text):
        depth += {"{": 1, "}": -1}.get(brace, 0)
        if depth < 0:
            return False
    return depth == 0


@pytest.fixture(scope="module")
def hostile_server(hostile):
    with serve(hostile / "site") as (url, _):
        yield url


@pytest.mark.slow
def test_no_script_from_the_input_runs_in_a_browser(browser, hostile_server):
    context = browser.new_context()
    page = context.new_page()
    dialogs, errors, requested = [], [], set()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("request", lambda request: requested.add(request.url.split("/")[2]))
    try:
        for case in SHOWN:
            page.goto(f"{hostile_server}papers/{make_slug(case.outcome.title)}/")
            page.wait_for_load_state("load")
            assert page.title() == f"{case.outcome.title} - papercards"
            assert page.locator("h1").first.inner_text() == case.outcome.title
            direction = page.locator("p.pc-abstract").evaluate("p => getComputedStyle(p).direction")
            assert direction == ("rtl" if case.id == "right-to-left-emoji" else "ltr"), case.id  # dir="auto"
        page.goto(f"{hostile_server}topics/hostile/")
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("Hostile Title 1")
        first = page.locator("#pc-search-list[data-query='Hostile Title 1'] .md-search-result__item h1").first
        assert first.inner_text() == SHOWN_BY_ID["corpus-script"].outcome.title
    finally:
        context.close()
    assert (dialogs, errors) == ([], [])
    assert requested == {hostile_server.split("/")[2]}


SHOWN_BY_ID = {case.id: case for case in SHOWN}


# The page that shows the catalogue.

def test_the_bad_input_page_holds_the_catalogue_as_it_is():
    page = PAGE.read_text("utf-8")
    assert page == page_with_table(page), "docs/bad-input.md is out of date: run `make catalogue`"
    assert len(CASES) == len({case.id for case in CASES})


@pytest.mark.slow
def test_the_built_page_shows_each_case_as_text(built):
    page = (built[0] / "site" / "bad-input" / "index.html").read_text("utf-8")
    rows = [texts(row, "td") for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)[1:] if "<td" in row]
    assert rows == [[" ".join(case.input.split()), " ".join(case.outcome.describe().split())] for case in CASES]
    assert cell("<a|b>\nc") == "&#60;a&#124;b&#62; <br>c"
