"""bench.synth: the benchmark's synthetic project is a valid papercards project shaped like the real
one (duplication, layouts, text lengths, datasets, code links, annotations), and a seed gives the
same bytes every time."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict

import pytest

from bench.synth import SCHEMA_LINE, Summary, main, make_project
from generator.clean import clean_listings
from generator.dedupe import dedupe
from generator.parse import DATE, parse_corpus
from generator.pipeline import check
from generator.slugs import make_slug, title_key
from generator.store import Project, read_annotations, read_corpus
from tests.conftest import ROOT, file_tree

SIZES = {"small": (300, 1), "large": (2000, 0)}


@pytest.fixture(scope="module")
def real():
    """The real project, checked."""
    return check(Project(ROOT))


@pytest.fixture(scope="module")
def projects(tmp_path_factory) -> dict[str, tuple]:
    """Per size: (root, papers asked for, summary, checked site); check() raises on any problem."""
    built = {}
    for name, (papers, seed) in SIZES.items():
        root = tmp_path_factory.mktemp(name) / "project"
        summary = make_project(root, papers, seed=seed)
        built[name] = root, papers, summary, check(Project(root))
    return built


@pytest.fixture(params=sorted(SIZES))
def synth(request, projects):
    return projects[request.param]


@pytest.fixture
def large(projects):
    return projects["large"]




def test_the_project_checks_with_exactly_the_papers_asked_for(synth):
    root, papers, summary, site = synth
    corpus_files = sorted((root / "corpus" / "raw").iterdir())
    annotation_files = sorted((root / "annotations" / "papers").iterdir())
    assert site.health.problems == () and site.corpus.conflicts == ()
    assert len(site.corpus.papers) == summary.papers == papers
    assert summary == Summary(files=len(corpus_files), listings=site.corpus.listings, papers=papers,
                              annotations=len(annotation_files),
                              bytes=sum(p.stat().st_size for p in corpus_files + annotation_files))
    assert site.annotation_files == summary.annotations
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "overrides", "docs/index.md", "docs/assets",
                 "generator/mkdocs_hook.py", "generator/templates", "annotations/topics.yml", "annotations/datasets.yml"):
        assert (root / name).exists(), name
    assert not (root / "docs" / "papers").exists() and not (root / "docs" / "_generated").exists()


def test_papers_are_listed_as_often_as_in_the_real_corpus_on_different_pages(synth, real):
    _, _, summary, site = synth
    real_ratio = real.corpus.listings / len(real.corpus.papers)
    assert abs(summary.listings / summary.papers - real_ratio) <= 0.1 * real_ratio
    assert site.corpus.merges == summary.listings - summary.papers > 0
    for paper in site.corpus.papers:
        files = [source.file for source in paper.sources]
        assert len(set(files)) == len(files), paper.title
        assert files == sorted(files)


def test_a_few_later_listings_spell_the_title_differently_and_still_merge(large):
    root = large[0]
    spellings = defaultdict(set)
    for listing in parse_corpus(read_corpus(Project(root))):
        spellings[title_key(listing.title)].add(listing.title)
    variants = [titles for titles in spellings.values() if len(titles) > 1]
    assert 5 <= len(variants) <= 0.1 * len(spellings)


def test_pages_come_in_both_layouts_with_dates_names_and_sizes_like_the_real_ones(synth):
    root = synth[0]
    pages = sorted((root / "corpus" / "raw").iterdir())
    assert all(re.fullmatch(r"[0-9]{4}_[0-9a-f]{16}\.txt", page.name) for page in pages)
    firsts = [page.read_text("utf-8").split("\n", 1)[0] for page in pages]
    dated = firsts.count("new")
    assert dated >= 1 and firsts.count("Get trending papers in your email inbox once a day!") == len(pages) - dated
    listings = parse_corpus(read_corpus(Project(root)))
    by_file = defaultdict(list)
    for listing in listings:
        by_file[listing.source.file].append(listing)
    for page, first in zip(pages, firsts, strict=True):
        dates = {listing.source.date for listing in by_file[f"corpus/raw/{page.name}"]}
        if first == "new":
            assert len(dates) == 1 and DATE.fullmatch(dates.pop())
        else:
            assert dates == {None}
    full = [len(group) for group in by_file.values() if 80 <= len(group) <= 100]
    assert len(full) >= len(pages) - 5


def test_titles_and_abstracts_read_like_the_real_ones(synth, real):
    papers = synth[3].corpus.papers
    real_words = statistics.mean(len(p.abstract.split()) for p in real.corpus.papers)
    assert abs(statistics.mean(len(p.abstract.split()) for p in papers) - real_words) <= 0.2 * real_words
    assert all(1 <= len(p.title.split()) <= 25 and len(p.title) <= 300 for p in papers)
    for share in (lambda p: bool(p.datasets), lambda p: p.has_code):
        assert sum(map(share, papers)) > 0.1 * len(papers)
    assert sum(bool(p.topics) for p in papers) > 0.5 * len(papers)


def test_dataset_and_code_shares_are_near_the_real_ones(large, real):
    site = large[3]
    for share in (lambda p: bool(p.datasets), lambda p: p.has_code, lambda p: bool(p.links)):
        expected = sum(map(share, real.corpus.papers)) / len(real.corpus.papers)
        assert abs(sum(map(share, site.corpus.papers)) / len(site.corpus.papers) - expected) < 0.07


def test_annotations_are_valid_and_as_common_as_in_the_real_project(large, real):
    root, site = large[0], large[3]
    papers = site.corpus.papers
    expected = sum(bool(p.annotation) for p in real.corpus.papers) / len(real.corpus.papers)
    assert abs(sum(bool(p.annotation) for p in papers) / len(papers) - expected) < 0.05
    assert sum(p.featured for p in papers) > 10 and sum(p.off_topic for p in papers) > 50
    assert all(p.annotation.reason for p in papers if p.off_topic)
    assert 0.05 < sum(p.off_topic for p in papers) / len(papers) < 0.15
    slugs = {p.slug for p in papers}
    pinned = [r for p in papers for r in p.related if r.pinned]
    assert len(pinned) > 10 and all(r.slug in slugs for r in pinned)
    notes = [p.annotation for p in papers if p.annotation]
    for field in ("tldr", "topics", "tags", "code", "datasets", "venue", "year", "arxiv", "authors",
                  "project_page", "notes"):
        assert any(getattr(note, field) for note in notes), field
    docs, _ = read_annotations(Project(root))
    for doc in docs:
        assert doc.name == f"annotations/papers/{make_slug(doc.data['title'])}.yml"
    assert all(path.read_text("utf-8").startswith(SCHEMA_LINE + "\n")
               for path in (root / "annotations" / "papers").iterdir())


def test_the_same_seed_gives_the_same_bytes_and_another_seed_other_ones(tmp_path):
    first, again, other = (make_project(tmp_path / name, 300, seed=seed)
                           for name, seed in (("a", 7), ("b", 7), ("c", 8)))
    assert first == again
    assert file_tree(tmp_path / "a") == file_tree(tmp_path / "b")
    corpus = {name: data for name, data in file_tree(tmp_path / "c").items() if name.startswith(("corpus", "annotations/papers"))}
    assert corpus and not corpus.items() & file_tree(tmp_path / "a").items()
    assert other.papers == first.papers


def test_the_corpus_texts_survive_the_clean_stage_unchanged(tmp_path):
    make_project(tmp_path / "p", 300, seed=2)
    listings = parse_corpus(read_corpus(Project(tmp_path / "p")))
    assert clean_listings(listings) == listings
    assert len(dedupe(listings).papers) == 300


def test_cli_prints_a_summary_line_and_refuses_a_folder_in_use(tmp_path, capsys):
    assert main([str(tmp_path / "out"), "--papers", "40", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert re.fullmatch(r".*/out: \d+ listing pages, \d+ listings, 40 distinct papers, \d+ annotations, "
                        r"[\d,]+ bytes\n", out)
    assert main([str(tmp_path / "out"), "--papers", "40"]) == 1
    assert "exists and is not an empty folder" in capsys.readouterr().err
    assert main([str(tmp_path / "zero"), "--papers", "0"]) == 1
