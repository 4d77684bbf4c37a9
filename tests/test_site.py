"""End to end: the real corpus through `mkdocs build --strict`, as `make site` does it."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import copy_checkout
from .htmltext import texts

pytestmark = pytest.mark.slow


def test_strict_build_succeeds_without_warnings(built):
    root, result = built
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    assert "papercards: listings: 390, distinct papers: 307, merges: 83, conflicts: 0" in result.stderr


def test_every_distinct_paper_has_exactly_one_card_in_the_site_and_the_search_index(built, built_site):
    root, site = built[0], built_site
    site_dir = root / "site"
    cards = {p.parent.name for p in (site_dir / "papers").glob("*/index.html")}
    assert cards == {paper.slug for paper in site.corpus.papers}
    assert len(cards) == len(site.corpus.papers) == 307
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for paper in site.corpus.papers:
        html_page = (site_dir / "papers" / paper.slug / "index.html").read_text()
        assert texts(html_page, "h1") == [paper.title]
        assert texts(html_page, "p", "pc-abstract") == [paper.abstract]
        assert html.unescape(titles[f"papers/{paper.slug}/"]) == paper.title  # Material shows it as HTML


def test_every_topic_has_a_page_listing_its_papers_and_unsorted_lists_the_rest(built, built_site):
    root, site = built[0], built_site
    for topic in site.topics:
        page = (root / "site" / "topics" / topic.id / "index.html").read_text()
        linked = {Path(a).name for a in _hrefs(page) if a.startswith("../../papers/")}
        assert linked == {p.slug for p in site.corpus.papers if topic.id in p.topics}
        assert len(linked) >= 3, f"{topic.id} has fewer than 3 papers"
    unsorted = (root / "site" / "topics" / "unsorted" / "index.html").read_text()
    linked = {Path(a).name for a in _hrefs(unsorted) if a.startswith("../../papers/")}
    assert linked == {p.slug for p in site.corpus.papers if not p.topics}


def test_cards_stay_out_of_the_nav_and_topics_are_in_it(built):
    root, _ = built
    home = (root / "site" / "index.html").read_text()
    assert "papers/" in home and "topics/skeleton-based-recognition/" in home
    nav_links = [a for a in _hrefs(home, "md-nav__link") if a.startswith("papers/") and a != "papers/"]
    assert nav_links == []


def test_nothing_loads_from_another_host(built):
    root, _ = built
    for page in (root / "site").rglob("*.html"):
        html_text = page.read_text()
        for attr in ("src=", "<link "):
            for chunk in html_text.split(attr)[1:]:
                assert not chunk.lstrip("\"' ").startswith(("http://", "https://", "//")), (page, chunk[:80])
    assert "fonts.googleapis" not in (root / "site" / "index.html").read_text()


def test_a_second_generate_rewrites_nothing(built, built_site):
    root, _ = built
    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    pages = len(built_site.pages)
    assert pages == len(built_site.corpus.papers) + len(built_site.topics) + 5
    assert result.stdout.splitlines()[-1].startswith(f"pages: 0 written, {pages} unchanged, 0 removed")


def _hrefs(page: str, css_class: str | None = None) -> list[str]:
    if css_class:
        return re.findall(rf'<a href="([^"]*)" class="{css_class}', page)
    return [h.rstrip("/") for h in re.findall(r'<a href="([^"]*)"', page)]


def test_a_broken_input_stops_the_build_with_file_and_line(tmp_path):
    root = copy_checkout(tmp_path / "checkout")
    topics = root / "annotations" / "topics.yml"
    topics.write_text(topics.read_text().replace("min_hits: 2", "min_hits: two", 1))
    (root / "corpus" / "raw" / "999_truncated.txt").write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeA Title Without Its Abstract\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=300, env=_quiet_env())
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[0].startswith("ERROR   -  annotations/topics.yml:")
    assert "min_hits: expected a whole number, got 'two'" in errors[0]
    assert errors[1] == ("ERROR   -  corpus/raw/999_truncated.txt:3: "
                         "the title 'A Title Without Its Abstract' has no abstract")
    assert "papercards: 2 problem(s) in the inputs" in result.stderr
    assert not (root / "site").exists()


def _quiet_env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
