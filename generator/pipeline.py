"""The whole run, stage by stage: read -> parse -> clean -> dedupe -> annotate -> enrich ->
relate -> prepare (BibTeX, card keys) -> render and export -> write. `check` reads and checks
every input (what `validate` and `report` need); `build` also renders; `generate` also writes,
page by page, and keeps a cache for the next run (see `cache`: results reused only while their
inputs are the same). Each run keeps how long each stage took (`Site.timings`, printed by
`generate --timings`; the benchmark reads them too).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TypeVar

from . import jinja, store
from .annotate import annotate, topic_rules
from .cache import PARTS, changed_parts, digest, memo, memo_calls, same
from .clean import clean_listings
from .curation import load_annotations
from .datasets import load_datasets
from .dedupe import dedupe
from .enrich import dataset_detector, enrich, find_links
from .errors import GeneratorError, Problem
from .export import bibtex_entries, bibtex_maker, export_parts, json_row_maker
from .models import Corpus, Dataset, Paper, Topic, WriteStats
from .parse import parse_corpus
from .progress import Progress
from .render import OUTPUT_DIRS, page_keys, render_pages, table_row_maker
from .report import Health, assess
from .schema import check_schema
from .taxonomy import load_taxonomy
from .yamldoc import YamlDoc, load_yaml

T = TypeVar("T")
SETTLED = 2_000_000_000  # ns: file times are exact to 2 s at worst (FAT); 1 ns to 10 ms usually
YOUNG_OBJECTS = 50_000  # new objects between two garbage collections during a run (Python's default: 700)


@dataclass(frozen=True)
class Site:
    """Everything the pages are made from, and the pages."""

    corpus: Corpus
    topics: tuple[Topic, ...]
    datasets: tuple[Dataset, ...]
    health: Health
    annotation_files: int
    pages: dict[str, str] = field(default_factory=dict)
    kept: frozenset[str] = frozenset()  # pages not rendered again: their files are up to date
    page_keys: dict[str, str] = field(default_factory=dict, compare=False)  # what kept pages are made of
    timings: dict[str, float] = field(default_factory=dict, compare=False)


class Clock:
    """Seconds per stage: `lap(stage)` adds the time since the previous lap to that stage. With a
    `progress` display, `lap(stage, then)` also names the stage that starts (and how many items
    it has, when known), and `advance` counts those items."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.timings: dict[str, float] = {}
        self._last = time.perf_counter()
        self._progress = progress
        if progress is not None:
            progress.stage("read")

    def lap(self, stage: str, then: str = "", total: int | None = None, unit: str = "") -> None:
        now = time.perf_counter()
        self.timings[stage] = self.timings.get(stage, 0.0) + now - self._last
        self._last = now
        if self._progress is not None and then:
            self._progress.stage(then, total, unit)

    def advance(self) -> None:
        if self._progress is not None:
            self._progress.advance()


def check(project: store.Project, lenient: bool = False, clock: Clock | None = None,
          cache: dict | None = None) -> Site:
    """Read and check every input; raises one `GeneratorError` with all problems. With
    `lenient`, annotation files with problems are left out and listed in `health.problems`
    instead (corpus, taxonomy and datasets problems still raise)."""
    clock = clock or Clock()
    cache = cache if cache is not None else {}
    problems: list[Problem] = []
    taken = time.time_ns()  # before any file's stamp is taken
    corpus = _collect(problems, lambda: _corpus(project, clock, cache, taken))
    clock.lap("dedupe", "read")
    topics = _collect(problems, lambda: load_taxonomy(store.read_yaml(project, project.topics_file),
                                                      store.read_schema("topics")))
    datasets = _collect(problems, lambda: load_datasets(store.read_yaml(project, project.datasets_file),
                                                        store.read_schema("datasets")))
    docs, unreadable = _annotation_docs(project, cache, taken)
    paper_schema = store.read_schema("paper")
    if problems:  # without a corpus or taxonomy, the annotations can still be checked on their own
        on_their_own = [problem for doc in docs for problem in check_schema(doc, paper_schema)]
        raise GeneratorError(problems + unreadable + on_their_own)
    clock.lap("read", "annotate")
    annotations, wrong = load_annotations(docs, paper_schema, corpus.papers, {t.id for t in topics},
                                          {d.id for d in datasets},
                                          memo_calls(cache, "schema", digest(paper_schema), check_schema,
                                                     key_of=lambda doc, _schema: digest(doc)))  # in the key
    left_out = unreadable + wrong
    if left_out and not lenient:
        raise GeneratorError(left_out)
    papers = annotate(corpus.papers, topics, annotations,
                      memo_calls(cache, "topic rules", digest(topics), topic_rules(topics), same))
    clock.lap("annotate", "enrich")
    papers = enrich(papers, datasets, store.read_history(project),
                    memo_calls(cache, "links", "", find_links, same),
                    memo_calls(cache, "datasets", digest(datasets), dataset_detector(datasets)))
    clock.lap("enrich", "relate")
    corpus = replace(corpus, papers=_related(papers, cache))
    clock.lap("relate")
    health = assess(corpus, topics, tuple(sorted(left_out, key=lambda p: (p.file, p.line or 0))))
    return Site(corpus, topics, datasets, health, annotation_files=len(docs) + len(unreadable),
                timings=clock.timings)


def build(project: store.Project, clock: Clock | None = None, cache: dict | None = None) -> Site:
    """Check, then render every page (`Site.pages`; see `pages_of` for `cache` and `Site.kept`)."""
    site, pages = pages_of(project, clock or Clock(), cache if cache is not None else {})
    return replace(site, pages={path: text if isinstance(text, str) else "".join(text)
                                for path, text in sorted(pages)})


def pages_of(project: store.Project, clock: Clock, cache: dict
             ) -> tuple[Site, Iterator[tuple[str, store.Page]]]:
    """Check; then the pages and exports, made one by one as the iterator is read (a page is its
    text, or for a large export the pieces of it: `export_parts`). With the `cache` of the last
    `generate`, cards, topic and dataset pages whose inputs and files are as that run left them
    are not made again (`Site.kept`)."""
    site = check(project, clock=clock, cache=cache)
    clock.lap("relate", "prepare")
    settings, templates = store.read_site_settings(project), store.read_templates()
    paper_keys = {paper.slug: digest(paper) for paper in site.corpus.papers}
    entry = memo_calls(cache, "bibtex", digest(templates), bibtex_maker(templates),
                       key_of=lambda paper: paper_keys[paper.slug])
    bibtex = bibtex_entries(site.corpus.papers, templates, entry)  # the cards' Cite blocks and papers.bib
    keys = page_keys(site.corpus, site.topics, site.datasets, settings, templates, bibtex, paper_keys)
    kept = _unchanged(project, keys, cache.get("pages", {}))
    clock.lap("prepare", "render", len(site.corpus.papers) - sum(path.startswith("papers/") for path in kept),
              "cards")
    results, schema = store.read_bench_results(project), store.read_schema("papers-export")

    def pages() -> Iterator[tuple[str, store.Page]]:
        table_row = memo_calls(cache, "table rows", digest(templates, site.topics, site.datasets),
                               table_row_maker(templates, site.topics, site.datasets),
                               key_of=lambda paper: paper_keys[paper.slug])
        yield from render_pages(site.corpus, site.topics, site.datasets, site.health, settings, templates,
                                bibtex, results, skip=kept, done=clock.advance, row=table_row)
        clock.lap("render", "export")
        json_row = memo_calls(cache, "json rows", digest(settings), json_row_maker(settings),
                              key_of=lambda paper: paper_keys[paper.slug])
        yield from export_parts(site.corpus.papers, site.topics, site.datasets, settings, templates, schema,
                                bibtex, json_row).items()
        clock.lap("export", "write")

    return replace(site, kept=kept, page_keys=keys, timings=clock.timings), pages()


def generate(project: store.Project, progress: Progress | None = None) -> tuple[Site, WriteStats]:
    """Make the pages and write them under docs/ as they come (so they are never all in memory;
    atomically: all or none; unchanged files are left alone), and keep what the next run can
    reuse (`cache`). `progress` shows the stages of long runs. The render and export stages'
    seconds include staging the changed pages for the write."""
    clock = Clock(progress)
    cache = store.read_cache(project, PARTS)
    loaded = dict(cache)
    jinja.COMPILED.update(cache.get("jinja", {}))
    with fewer_collections():
        site, pages = pages_of(project, clock, cache)
        stats = store.write_pages(project, pages, OUTPUT_DIRS, kept=site.kept)
        cache["pages"] = _recorded_pages(project, site, cache.get("pages", {}))
        cache["jinja"] = dict(jinja.COMPILED)
        store.write_cache(project, changed_parts(cache, loaded))
    clock.lap("write")
    return replace(site, timings=clock.timings), stats


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Inside, Python's cyclic garbage collector runs less, for a run's many small objects that
    live as long as it (the pages' data, the cache): those that exist on entry, the loaded
    cache above all, are out of its sight (`gc.freeze`), and it waits for YOUNG_OBJECTS new
    objects instead of 700 before a collection. Together they save about 0.5 s of CPU in a
    one-edit run at 10,000 papers (of 2.3 s). Objects are still freed when no longer referenced;
    on exit the collector is as before (`mkdocs serve` runs one generation after another in one
    process)."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_OBJECTS, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _recorded_pages(project: store.Project, site: Site, recorded: dict[str, tuple]) -> dict[str, tuple]:
    """{path: (key, size, mtime_ns)} of the pages that can be kept, as written now (the kept ones:
    as recorded last time, checked by `_unchanged`)."""
    stamps = store.page_stamps(project, (path for path in site.page_keys if path not in site.kept))
    stamps.update((path, recorded[path][1:]) for path in site.kept)
    return {path: (key, *stamps[path]) for path, key in site.page_keys.items() if path in stamps}


def _unchanged(project: store.Project, keys: dict[str, str], recorded: dict[str, tuple]) -> frozenset[str]:
    """The pages (cards, topic and dataset pages) made from the same inputs as last time whose
    files are still as written then."""
    candidates = [path for path, key in keys.items() if recorded.get(path, (None,))[0] == key]
    stamps = store.page_stamps(project, candidates)
    return frozenset(path for path in candidates if path in stamps and recorded[path][1:] == stamps[path])


def _collect(problems: list[Problem], step: Callable[[], T]) -> T | None:
    """Run one reading step, adding its problems to `problems` instead of stopping."""
    try:
        return step()
    except GeneratorError as error:
        problems += error.problems
        return None


def _corpus(project: store.Project, clock: Clock, cache: dict, taken: int) -> Corpus:
    """The corpus files' papers, parsed, cleaned and deduplicated; from `cache` when the files are
    the same as last run's: by their stamps (`_settled`; then they are not even read), or else
    by their text."""
    now = store.stamps(project, project.corpus_dir)
    known, kept = cache.get("corpus files"), cache.get("corpus")
    if known is not None and kept is not None and known == (now, kept[0]):
        clock.lap("read", "dedupe")
        return kept[1]
    sources = store.read_corpus(project)
    clock.lap("read", "parse")

    def compute() -> Corpus:
        listings = parse_corpus(sources)
        sources.clear()  # the raw files' text (180 MB at 100,000 papers) is not needed again
        clock.lap("parse", "dedupe")
        return dedupe(clean_listings(listings))

    key = digest(sources)
    corpus = memo(cache, "corpus", key, compute)
    if _settled(now.values(), taken):
        cache["corpus files"] = (now, key)
    else:
        cache.pop("corpus files", None)
    return corpus


def _annotation_docs(project: store.Project, cache: dict, taken: int) -> tuple[list[YamlDoc], list[Problem]]:
    """The annotation files, read (`store.read_annotations`) but for those whose stamps say they
    are as last run read them (`_settled`)."""
    now = store.stamps(project, project.papers_dir)
    known = cache.get("annotation files", {})
    unchanged = {name: doc for name, (stamp, doc) in known.items() if now.get(name) == stamp}
    docs, unreadable = store.read_annotations(project, memo_calls(cache, "yaml", "", load_yaml), unchanged)
    cache["annotation files"] = {doc.name: (now[doc.name], doc) for doc in docs
                                 if doc.name in now and _settled([now[doc.name]], taken)}
    return docs, unreadable


def _settled(stamps: Iterable[store.Stamp], taken: int) -> bool:
    """Whether the files of `stamps` (taken after `taken`, ns since the epoch) were last changed
    well before that (`SETTLED` ns), so that a later change gives them another stamp. (A file
    changed again within the file system's time granularity of an earlier change, with the same
    size, keeps its stamp: such recent files are read again next run.)"""
    return all(mtime < taken - SETTLED for _, mtime in stamps)


def _related(papers: tuple[Paper, ...], cache: dict) -> tuple[Paper, ...]:
    """Papers with their related papers: from `cache` when no paper's slug, title, abstract,
    off-topic status or pins changed (all that `relate.related_lists` reads), so SciPy is
    imported (0.2 s) only when they did."""
    key = digest([(p.slug, p.title, p.abstract, p.off_topic, p.annotation.related if p.annotation else ())
                  for p in papers])

    def compute() -> dict:
        from .relate import related_lists
        return related_lists(papers)

    lists = memo(cache, "relate", key, compute)
    return tuple(paper.evolve(related=lists[paper.slug]) for paper in papers)
