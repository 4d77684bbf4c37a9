"""The whole run, stage by stage: read -> parse -> clean -> dedupe -> annotate -> enrich ->
relate -> render and export -> write. `check` reads and checks every input (what `validate` and
`report` need); `build` also renders; `generate` also writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from . import store
from .annotate import annotate
from .clean import clean_listings
from .curation import load_annotations
from .datasets import load_datasets
from .dedupe import dedupe
from .enrich import enrich
from .errors import GeneratorError, Problem
from .export import export_site
from .models import Corpus, Dataset, Topic, WriteStats
from .parse import parse_corpus
from .relate import relate
from .render import OUTPUT_DIRS, render_site
from .report import Health, assess
from .schema import check_schema
from .taxonomy import load_taxonomy

T = TypeVar("T")


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, and the pages."""

    corpus: Corpus
    topics: tuple[Topic, ...]
    datasets: tuple[Dataset, ...]
    health: Health
    annotation_files: int
    pages: dict[str, str] = field(default_factory=dict)


def check(project: store.Project, lenient: bool = False) -> Site:
    """Read and check every input; raises one `GeneratorError` with all problems. With
    `lenient`, annotation files with problems are left out and listed in `health.problems`
    instead (corpus, taxonomy and datasets problems still raise)."""
    problems: list[Problem] = []
    listings = _collect(problems, lambda: parse_corpus(store.read_corpus(project)))
    topics = _collect(problems, lambda: load_taxonomy(store.read_yaml(project, project.topics_file),
                                                      store.read_schema("topics")))
    datasets = _collect(problems, lambda: load_datasets(store.read_yaml(project, project.datasets_file),
                                                        store.read_schema("datasets")))
    docs, unreadable = store.read_annotations(project)
    paper_schema = store.read_schema("paper")
    if problems:  # without a corpus or taxonomy, the annotations can still be checked on their own
        on_their_own = [problem for doc in docs for problem in check_schema(doc, paper_schema)]
        raise GeneratorError(problems + unreadable + on_their_own)
    corpus = dedupe(clean_listings(listings))
    annotations, wrong = load_annotations(docs, paper_schema, corpus.papers,
                                          {t.id for t in topics}, {d.id for d in datasets})
    left_out = unreadable + wrong
    if left_out and not lenient:
        raise GeneratorError(left_out)
    papers = enrich(annotate(corpus.papers, topics, annotations), datasets, store.read_history(project))
    papers = relate(papers)
    corpus = replace(corpus, papers=papers)
    health = assess(corpus, topics, tuple(sorted(left_out, key=lambda p: (p.file, p.line or 0))))
    return Site(corpus, topics, datasets, health, annotation_files=len(docs) + len(unreadable))


def build(project: store.Project) -> Site:
    """Check, then render every page."""
    site = check(project)
    settings, templates = store.read_site_settings(project), store.read_templates()
    pages = render_site(site.corpus, site.topics, site.datasets, site.health, settings, templates)
    exports = export_site(site.corpus.papers, site.topics, site.datasets, settings, templates,
                          store.read_schema("papers-export"))
    return replace(site, pages=dict(sorted({**pages, **exports}.items())))


def generate(project: store.Project) -> tuple[Site, WriteStats]:
    """Build, then write the pages under docs/ (atomically; unchanged files are left alone)."""
    site = build(project)
    return site, store.write_pages(project, site.pages, OUTPUT_DIRS)


def _collect(problems: list[Problem], step: Callable[[], T]) -> T | None:
    """Run one reading step, adding its problems to `problems` instead of stopping."""
    try:
        return step()
    except GeneratorError as error:
        problems += error.problems
        return None
