"""The whole run, stage by stage: read -> parse -> clean -> dedupe -> annotate -> enrich ->
render -> write. `build` does everything but writing; `generate` writes too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from . import store
from .annotate import annotate
from .clean import clean_listings
from .dedupe import dedupe
from .enrich import enrich
from .errors import GeneratorError
from .models import Corpus, Topic, WriteStats
from .parse import parse_corpus
from .render import OUTPUT_DIRS, render_site
from .taxonomy import load_taxonomy


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, and the pages."""

    corpus: Corpus
    topics: tuple[Topic, ...]
    pages: dict[str, str]


def build(project: store.Project) -> Site:
    """Read and check every input, then render. Raises one `GeneratorError` with all problems."""
    problems = []
    try:
        listings = parse_corpus(store.read_corpus(project))
    except GeneratorError as error:
        problems += error.problems
    try:
        topics = load_taxonomy(store.read_yaml(project, project.topics_file), store.read_schema("topics"))
    except GeneratorError as error:
        problems += error.problems
    if problems:
        raise GeneratorError(problems)
    corpus = dedupe(clean_listings(listings))
    papers = enrich(annotate(corpus.papers, topics))
    corpus = replace(corpus, papers=papers)
    return Site(corpus, topics, render_site(corpus, topics, store.read_templates()))


def generate(project: store.Project) -> tuple[Site, WriteStats]:
    """Build, then write the pages under docs/ (atomically; unchanged files are left alone)."""
    site = build(project)
    return site, store.write_pages(project, site.pages, OUTPUT_DIRS)
