"""Benchmark input: a synthetic papercards project of N distinct papers, shaped like the real one.

    python -m bench.synth /tmp/synth100k --papers 100000 [--seed 0] [--source .]

    OUT_DIR/
      corpus/raw/0000_<hex>.txt         listing pages of 80-100 listings, dated and daily pages 3:2
      annotations/papers/<slug>.yml     the source's share of papers, annotated
      annotations/topics.yml, annotations/datasets.yml, mkdocs.yml, CONTRIBUTING.md, docs/ (the
      hand-written pages), overrides/, generator/      copied, so `mkdocs build` works there
                                        (mkdocs.yml names the hook and watches the templates; a
                                        partial generator/ would shadow the installed package)

Everything is measured on the source project (default: this checkout) with the generator's own
stages: how many listings a paper has (its later listings land on later pages, a few with the
title in another case or punctuation), the lengths of titles and abstracts, a bigram model of
their words (so topic phrases and dataset names occur about as often as in real abstracts), how
often an abstract names a dataset or links its code or a project page (in sentences taken from the
real abstracts; the bigram model never saw a dataset name or a link, so these rates hold), and how
often curators set each annotation field (every field at least now and then; a code link or project
page mostly when the abstract has one, as in the source). Titles are unique after normalisation:
exactly N distinct papers.

The same papers, seed and source give byte-identical files: every choice comes from
`random.Random` streams seeded with the seed, and nothing depends on set or hash order.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import shutil
import string
import sys
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from generator.clean import clean_listings
from generator.datasets import load_datasets
from generator.dedupe import dedupe
from generator.enrich import dataset_detector, find_links
from generator.errors import GeneratorError
from generator.models import Dataset
from generator.parse import LAYOUTS, MAX_TITLE_CHARS, Layout, parse_corpus
from generator.render import OUTPUT_DIRS
from generator.slugs import make_slug, title_key
from generator.store import Project, read_annotations, read_corpus, read_schema, read_yaml
from generator.taxonomy import load_taxonomy

REPO_ROOT = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "CONTRIBUTING.md", "overrides", "docs", "annotations/topics.yml",
          "annotations/datasets.yml", "generator")
LISTINGS_PER_PAGE = (80, 100)
LAYOUT_CYCLE = ("dated page",) * 3 + ("daily page",) * 2  # the real mix; each run of 5 shuffled
COPY_GAP = (1, 3)  # pages between two listings of one paper
VARIANT_SHARE = 0.05  # later listings whose title differs in case or punctuation
VARIANTS = (str.lower, str.upper, lambda title: title.replace(":", " -"),
            lambda title: title.replace("-", " "))
ABSTRACT_JITTER = 10  # words added to or taken from a real abstract length
FIRST_DATE = date(2024, 3, 12)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
TITLE_RETRIES = 5  # then a number makes the title unique
FIELDS = ("tldr", "topics", "tags", "venue", "year", "arxiv", "authors", "code", "project_page",
          "datasets", "related", "notes")
MIN_FIELD_SHARE = 0.05  # every annotation field is exercised, even one the source never sets
LINKED = {"code": "code", "project_page": "project"}  # annotation field: the abstract link it goes with
RECENT = 50  # related pins point to one of the last papers made
SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/paper.schema.json"
LINK = "\x00"  # where a link goes in a link sentence
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{2,15}")
UNSAFE = re.compile(r"[{}\\<]")  # LaTeX leftovers the clean stage would change; raw HTML in notes
SEPARATOR = re.compile(r"[\s-]+")
SEED_PREFIX = "papercards-synth"


class SynthError(Exception):
    """The output folder cannot be used, or the request makes no sense."""


@dataclass(frozen=True)
class Summary:
    """What `make_project` wrote; `bytes` counts the listing pages and annotation files."""

    files: int
    listings: int
    papers: int
    annotations: int
    bytes: int

    def __str__(self) -> str:
        return (f"{self.files:,} listing pages, {self.listings:,} listings, {self.papers:,} distinct papers, "
                f"{self.annotations:,} annotations, {self.bytes:,} bytes")


@dataclass(frozen=True)
class Chain:
    """A bigram model: words that start a sentence, and each word's successors (repeated as often
    as the source has them, so sampling one follows the real frequencies)."""

    starts: tuple[str, ...]
    after: dict[str, tuple[str, ...]]

    def walk(self, rng: random.Random, words: int) -> list[str]:
        rand, starts, after = rng.random, self.starts, self.after
        word = starts[int(rand() * len(starts))]
        out = [word]
        for _ in range(words - 1):
            options = after.get(word) or starts
            word = options[int(rand() * len(options))]
            out.append(word)
        return out


@dataclass(frozen=True)
class Curation:
    """How curators annotate the source: the share of papers annotated, of annotations with each
    status and field, and the values they use."""

    share: float
    featured: float
    off_topic: float
    fields: dict[str, float]
    linked: dict[str, float]  # code and project_page, when the abstract has such a link
    official: float
    topic_counts: tuple[int, ...]
    tag_counts: tuple[int, ...]
    tags: tuple[str, ...]
    venues: tuple[str, ...]
    years: tuple[int, ...]
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Model:
    """The source project, measured."""

    titles: Chain
    abstracts: Chain
    title_lengths: tuple[int, ...]
    abstract_lengths: tuple[int, ...]
    copies: tuple[int, ...]  # listings per source paper
    dataset_share: float
    code_share: float
    project_share: float
    dataset_sentences: tuple[str, ...]
    code_sentences: tuple[str, ...]
    project_sentences: tuple[str, ...]
    names: tuple[str, ...]  # for repositories and authors
    topic_ids: tuple[str, ...]
    dataset_ids: tuple[str, ...]
    curation: Curation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth", description=__doc__.splitlines()[0],
        epilog="example: python -m bench.synth /tmp/synth100k --papers 100000 --seed 1")
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="where to write (absent or empty)")
    parser.add_argument("--papers", type=int, required=True, help="how many distinct papers")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same files (default 0)")
    parser.add_argument("--source", type=Path, default=REPO_ROOT,
                        help="the project to imitate (default: this checkout)")
    options = parser.parse_args(argv)
    try:
        summary = make_project(options.out, options.papers, options.seed, options.source)
    except (SynthError, GeneratorError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{options.out}: {summary}")
    return 0


def make_project(out: Path, papers: int, seed: int = 0, source: Path = REPO_ROOT) -> Summary:
    """Write a project of `papers` distinct papers into `out` (absent or empty)."""
    out, source = Path(out), Path(source)
    if papers < 1:
        raise SynthError(f"--papers must be at least 1, got {papers}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise SynthError(f"{out} exists and is not an empty folder; give a new or empty one")
    model = load_model(source)
    _copy(source, out)
    layout_rng = random.Random(f"{SEED_PREFIX}/{seed}/layout")
    copies = _copies(papers, model.copies, layout_rng)
    maker = _Maker(model, seed)
    raw, notes = out / "corpus" / "raw", out / "annotations" / "papers"
    raw.mkdir(parents=True)
    notes.mkdir(parents=True)
    width = max(4, len(str(sum(copies) // LISTINGS_PER_PAGE[0] + 8)))
    files = size = 0
    pages = zip(_schedule(copies, layout_rng), _layouts(layout_rng), strict=False)  # layouts never end
    for index, (slots, layout) in enumerate(pages):
        pairs = []
        for paper, copy in slots:
            title, abstract, note = maker.listing(paper, copy, copies[paper])
            pairs.append((title, abstract))
            if note:
                size += _write(notes / f"{note[0]}.yml", note[1])
        name = f"{index:0{width}d}_{layout_rng.getrandbits(64):016x}.txt"
        size += _write(raw / name, page_text(layout, pairs, _date(index)))
        files += 1
    return Summary(files, sum(copies), papers, maker.annotations, size)


def load_model(source: Path) -> Model:
    """Measure the source project (see the module docstring)."""
    project = Project(source)
    papers = dedupe(clean_listings(parse_corpus(read_corpus(project)))).papers
    if not papers:
        raise SynthError(f"{source}: the corpus has no papers to imitate")
    topics = load_taxonomy(read_yaml(project, project.topics_file), read_schema("topics"))
    datasets = load_datasets(read_yaml(project, project.datasets_file), read_schema("datasets"))
    docs, _ = read_annotations(project)
    detect, aliases = dataset_detector(datasets), _alias_pattern(datasets)
    bodies, sentences = [], {"dataset": [], "code": [], "project": []}
    for paper in papers:
        body, found = _split_sentences(paper.abstract, detect)
        bodies.append(aliases.sub(" ", body))
        for kind, text in found:
            sentences[kind].append(text)
    kinds = {paper.key: {link.kind for link in find_links(paper.abstract)} for paper in papers}
    titles = [paper.title for paper in papers]
    return Model(
        titles=_chain([aliases.sub(" ", title) for title in titles]), abstracts=_chain(bodies),
        title_lengths=tuple(len(t.split()) for t in titles),
        abstract_lengths=tuple(len(p.abstract.split()) for p in papers),
        copies=tuple(len(paper.sources) for paper in papers),
        dataset_share=sum(bool(detect(f"{p.title}\n{p.abstract}")) for p in papers) / len(papers),
        code_share=sum("code" in found for found in kinds.values()) / len(papers),
        project_share=sum("project" in found for found in kinds.values()) / len(papers),
        dataset_sentences=tuple(sentences["dataset"]) or ("We evaluate on Kinetics-400.",),
        code_sentences=tuple(sentences["code"]) or (f"Code is available at {LINK}.",),
        project_sentences=tuple(sentences["project"]) or (f"Project page: {LINK}.",),
        names=tuple(dict.fromkeys(w for t in titles for w in t.replace(":", " ").split()
                                  if NAME.fullmatch(w))),
        topic_ids=tuple(topic.id for topic in topics), dataset_ids=tuple(d.id for d in datasets),
        curation=_curation([doc.data for doc in docs if isinstance(doc.data, dict)], kinds),
    )


def _split_sentences(abstract: str, detect) -> tuple[str, list[tuple[str, str]]]:
    """The abstract's other sentences, and its sentences that name a dataset or link code or a
    project page, by kind ("dataset", "code", "project"; the link replaced by `LINK`)."""
    kept, found = [], []
    for sentence in SENTENCE.split(abstract):
        links = find_links(sentence)
        if links:
            url = links[0].url
            written = next((w for w in (url, url.split("://", 1)[1]) if w in sentence), None)
            if len(links) == 1 and written:
                found.append((links[0].kind, sentence.replace(written, LINK, 1)))
        elif detect(sentence):
            found.append(("dataset", sentence))
        else:
            kept.append(sentence)
    return " ".join(kept), found


def _alias_pattern(datasets: tuple[Dataset, ...]) -> re.Pattern:
    """Every dataset alias, as whole words with spaces and hyphens alike (a little wider than the
    enrich stage's rule, so nothing it would find is left)."""
    aliases = sorted({a for d in datasets for a in d.aliases}, key=lambda a: (-len(a), a)) or ["\x00"]
    words = "|".join(r"[\s-]+".join(map(re.escape, SEPARATOR.split(alias))) for alias in aliases)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _chain(texts: list[str]) -> Chain:
    starts: list[str] = []
    after: dict[str, list[str]] = {}
    for text in texts:
        words = [word for word in text.split() if not UNSAFE.search(word)]
        for previous, word in zip([None, *words], words, strict=False):
            if previous is None or previous.endswith((".", "!", "?")):
                starts.append(word)
            if previous is not None:
                after.setdefault(previous, []).append(word)
    return Chain(tuple(starts), {word: tuple(options) for word, options in after.items()})


def _curation(notes: list[dict], kinds: dict[str, set[str]]) -> Curation:
    """How the source's annotation files (`notes`) annotate its papers; `kinds`: the kinds of link
    each source paper's abstract has, by title key."""
    on_topic = [note for note in notes if note.get("status") != "off-topic"]
    codes = [note["code"] for note in notes if isinstance(note.get("code"), dict)]

    def has(field: str):
        return lambda note: field in note

    def linked(note: dict, field: str) -> bool:
        return LINKED[field] in kinds.get(title_key(str(note.get("title"))), ())

    def pool(field: str, fallback: tuple) -> tuple:
        return tuple(dict.fromkeys(v for note in notes for v in _values(note.get(field)))) or fallback

    fields = {field: _share(on_topic if field == "topics" else notes, has(field)) for field in FIELDS}
    fields |= {field: _share([n for n in notes if not linked(n, field)], has(field)) for field in LINKED}
    return Curation(
        share=len(notes) / len(kinds),
        featured=_share(notes, lambda note: note.get("status") == "featured"),
        off_topic=_share(notes, lambda note: note.get("status") == "off-topic"),
        fields={field: max(MIN_FIELD_SHARE, value) for field, value in fields.items()},
        linked={field: _share([n for n in notes if linked(n, field)], has(field)) for field in LINKED},
        official=min(max(_share(codes, lambda code: code.get("official", True)), MIN_FIELD_SHARE),
                     1 - MIN_FIELD_SHARE),
        topic_counts=tuple(len(n["topics"]) for n in on_topic if _values(n.get("topics"))) or (1, 2),
        tag_counts=tuple(len(n["tags"]) for n in notes if _values(n.get("tags"))) or (2, 3, 4),
        tags=tuple(t for t in pool("tags", ("action recognition", "video transformer")) if 2 <= len(t) <= 40),
        venues=pool("venue", ("CVPR 2024", "NeurIPS 2023")),
        years=pool("year", (2023, 2024)),
        reasons=pool("reason", ("Not about video or human actions.",)),
    )


def _share(items: list, test) -> float:
    return sum(map(test, items)) / len(items) if items else 0.0


def _values(value) -> list:
    return value if isinstance(value, list) else [] if value is None else [value]


def _copies(papers: int, real: tuple[int, ...], rng: random.Random) -> list[int]:
    """How many listings each paper gets: the source's shares exactly (largest remainders),
    shuffled."""
    exact = {k: papers * n / len(real) for k, n in sorted(Counter(real).items())}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[: papers - sum(counts.values())]:
        counts[k] += 1
    result = [k for k, n in counts.items() for _ in range(n)]
    rng.shuffle(result)
    return result


def _schedule(copies: list[int], rng: random.Random) -> Iterator[list[tuple[int, int]]]:
    """Pages of (paper, listing number) slots. A paper first appears with new papers, then again
    on later pages (as a trending paper does), never twice on one page."""
    later: dict[int, list[tuple[int, int]]] = {}
    paper = page = 0
    while paper < len(copies):
        slots = later.pop(page, [])
        size = rng.randint(*LISTINGS_PER_PAGE)
        while len(slots) < size and paper < len(copies):
            slots.append((paper, 0))
            at = page
            for copy in range(1, copies[paper]):
                at += rng.randint(*COPY_GAP)
                later.setdefault(at, []).append((paper, copy))
            paper += 1
        rng.shuffle(slots)
        yield slots
        page += 1
    yield from _pack(sorted(slot for at in sorted(later) for slot in later[at]), rng)


def _pack(slots: list[tuple[int, int]], rng: random.Random) -> Iterator[list[tuple[int, int]]]:
    """The listings left, sorted by paper, dealt round-robin onto as few pages as keep a paper's
    listings on different pages."""
    if not slots:
        return
    most = max(Counter(paper for paper, _ in slots).values())
    pages = max(most, -(-len(slots) // LISTINGS_PER_PAGE[1]))
    for start in range(pages):
        page = slots[start::pages]
        rng.shuffle(page)
        yield page


def _layouts(rng: random.Random) -> Iterator[Layout]:
    by_name = {layout.name: layout for layout in LAYOUTS}
    while True:
        cycle = list(LAYOUT_CYCLE)
        rng.shuffle(cycle)
        yield from (by_name[name] for name in cycle)


def _date(index: int) -> str:
    """Listing dates go back one day every two pages, as in the real corpus (Mar 12, Mar 11, ...)."""
    day = FIRST_DATE - timedelta(days=index // 2)
    return f"{MONTHS[day.month - 1]} {day.day}"


def page_text(layout: Layout, pairs: list[tuple[str, str]], listing_date: str) -> str:
    """A listing page in `layout` (see generator/parse.py)."""
    head = [*layout.header, *([listing_date] if layout.dated else [])]
    body = [text for pair in pairs for text in pair]
    body[0] = layout.glued_prefix + body[0]
    return ("\n\n" if layout.blank_separated else "\n").join(head + body)


class _Maker:
    """Papers and annotations, one listing at a time: the random streams, the slugs taken, the
    texts still to list again, and the last slugs made (for related pins)."""

    def __init__(self, model: Model, seed: int):
        self.model = model
        self.rng = random.Random(f"{SEED_PREFIX}/{seed}/text")
        self.note_rng = random.Random(f"{SEED_PREFIX}/{seed}/annotations")
        self.taken: set[str] = set()
        self.waiting: dict[int, list] = {}  # paper -> [title, abstract, listings left]
        self.recent: deque[str] = deque(maxlen=RECENT)
        self.annotations = 0

    def listing(self, paper: int, copy: int, copies: int) -> tuple[str, str, tuple[str, str] | None]:
        """Title, abstract and, for a paper's first listing, maybe its annotation (slug, text)."""
        if copy:
            entry = self.waiting[paper]
            entry[2] -= 1
            if not entry[2]:
                del self.waiting[paper]
            return self._variant(entry[0]), entry[1], None
        title, slug = self._title()
        abstract, links = self._abstract(title)
        if copies > 1:
            self.waiting[paper] = [title, abstract, copies - 1]
        note = None
        if self.note_rng.random() < self.model.curation.share:
            note = (slug, self._annotation(title, links))
            self.annotations += 1
        self.recent.append(slug)
        return title, abstract, note

    def _title(self) -> tuple[str, str]:
        for attempt in itertools.count():
            words = self.model.titles.walk(self.rng, self.rng.choice(self.model.title_lengths))
            while len(words) > 1 and not words[-1].rstrip(":,;-(–"):
                words.pop()
            words[-1] = words[-1].rstrip(":,;-(–") or words[-1]
            title = " ".join(words + ([str(attempt)] if attempt >= TITLE_RETRIES else []))
            slug = make_slug(title)
            if slug not in self.taken and len(title) <= MAX_TITLE_CHARS:
                self.taken.add(slug)
                return title, slug
        raise AssertionError("unreachable")

    def _abstract(self, title: str) -> tuple[str, dict[str, str]]:
        """An abstract, and the links it has by kind ("code", "project")."""
        rng, model = self.rng, self.model
        name = title.split(":")[0]
        repo = name if NAME.fullmatch(name) else rng.choice(model.names)
        links, extra = {}, []
        if rng.random() < model.dataset_share:
            extra.append(rng.choice(model.dataset_sentences))
        if rng.random() < model.code_share:
            links["code"] = f"https://github.com/{rng.choice(model.names)}/{repo}"
            extra.append(rng.choice(model.code_sentences).replace(LINK, links["code"]))
        if rng.random() < model.project_share:
            links["project"] = f"https://{rng.choice(model.names).lower()}.github.io/{repo}/"
            extra.append(rng.choice(model.project_sentences).replace(LINK, links["project"]))
        words = rng.choice(model.abstract_lengths) + rng.randint(-ABSTRACT_JITTER, ABSTRACT_JITTER)
        words -= sum(len(sentence.split()) for sentence in extra)
        return " ".join([self._sentence(max(20, words)), *extra]), links

    def _sentence(self, words: int, rng: random.Random | None = None, max_chars: int = 0) -> str:
        """`words` words of abstract text (fewer to stay within `max_chars`), ending a sentence."""
        out = self.model.abstracts.walk(rng or self.rng, words)
        while len(out) > 1 and (not out[-1].rstrip(",;:-") or max_chars and len(" ".join(out)) >= max_chars):
            out.pop()
        last = out[-1].rstrip(",;:-") or out[-1]
        out[-1] = last if last.endswith((".", "!", "?")) else last + "."
        return " ".join(out)

    def _variant(self, title: str) -> str:
        """Usually the title as first listed; sometimes in another case or punctuation."""
        if self.rng.random() >= VARIANT_SHARE:
            return title
        variant = self.rng.choice(VARIANTS)(title)
        same = title_key(variant) == title_key(title) and len(variant) <= MAX_TITLE_CHARS
        return variant if same else title

    def _annotation(self, title: str, links: dict[str, str]) -> str:
        """An annotation file's text: each field as often as the source's curators set it."""
        rng, model, cur = self.note_rng, self.model, self.model.curation
        has = {field: rng.random() < (cur.linked[field] if LINKED.get(field) in links else share)
               for field, share in cur.fields.items()}
        status = _status(rng.random(), cur)
        tags = _pick(rng, cur.tags, cur.tag_counts)
        lines = [SCHEMA_LINE, f"title: {_quote(title)}"]
        if status:
            lines.append(f"status: {status}")
        if status == "off-topic":
            lines.append(f"reason: {_quote(rng.choice(cur.reasons))}")
        if has["tldr"]:
            lines.append(f"tldr: {_quote(self._sentence(rng.randint(15, 45), rng, max_chars=390))}")
        if has["topics"] and status != "off-topic":
            lines.append(f"topics: [{', '.join(_pick(rng, model.topic_ids, cur.topic_counts))}]")
        if has["tags"]:
            lines += ["tags:", *(f"  - {_quote(tag)}" for tag in tags)]
        lines += self._facts(has) + self._links(links, has)
        if has["datasets"] and model.dataset_ids:
            lines.append(f"datasets: [{', '.join(_pick(rng, model.dataset_ids, (1, 1, 2)))}]")
        if has["related"] and self.recent:
            lines += ["related:", *(f"  - {slug}" for slug in _pick(rng, tuple(self.recent), (1, 1, 2, 3)))]
        if has["notes"]:
            lines.append(f"notes: {_quote(f'**{tags[0]}**: ' + self._sentence(rng.randint(10, 30), rng))}")
        return "\n".join(lines) + "\n"

    def _facts(self, has: dict[str, bool]) -> list[str]:
        """Venue, year, arXiv id and authors (the arXiv id's year is the year's)."""
        rng, cur = self.note_rng, self.model.curation
        year, lines = rng.choice(cur.years), []
        if has["venue"]:
            lines.append(f"venue: {_quote(rng.choice(cur.venues))}")
        if has["year"]:
            lines.append(f"year: {year}")
        if has["arxiv"]:
            lines.append(f'arxiv: "{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(0, 99999):05d}"')
        if has["authors"]:
            names = (f"{rng.choice(string.ascii_uppercase)}. {rng.choice(self.model.names)}"
                     for _ in range(rng.randint(1, 6)))
            lines += ["authors:", *(f"  - {_quote(name)}" for name in names)]
        return lines

    def _links(self, links: dict[str, str], has: dict[str, bool]) -> list[str]:
        """The code and project page: the abstract's links, else made up."""
        rng, names = self.note_rng, self.model.names
        lines = []
        if has["code"]:
            url = links.get("code") or f"https://github.com/{rng.choice(names)}/{rng.choice(names)}"
            official = "true" if rng.random() < self.model.curation.official else "false"
            lines += ["code:", f"  url: {url}", f"  official: {official}"]
        if has["project_page"]:
            url = links.get("project") or f"https://{rng.choice(names).lower()}.github.io/{rng.choice(names)}/"
            lines.append(f"project_page: {url}")
        return lines


def _status(draw: float, cur: Curation) -> str | None:
    if draw < cur.featured:
        return "featured"
    return "off-topic" if draw < cur.featured + cur.off_topic else None


def _pick(rng: random.Random, population: tuple, counts: tuple[int, ...]) -> list:
    """Distinct items, as many as a draw from `counts` (at most all of them)."""
    return rng.sample(population, min(rng.choice(counts), len(population)))


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def _copy(source: Path, out: Path) -> None:
    """Copy what a build needs besides the corpus and the paper annotations (not generated pages)."""
    generated = set(OUTPUT_DIRS)

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = Path(folder) == source / "docs"
        return {name for name in names if name == "__pycache__" or top and name in generated}

    for name in COPIED:
        if (source / name).is_dir():
            shutil.copytree(source / name, out / name, ignore=ignore)
        elif (source / name).is_file():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, out / name)


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


if __name__ == "__main__":
    sys.exit(main())
