"""The plain data that flows between stages. Stages take and return these, never paths."""

from __future__ import annotations

from dataclasses import dataclass, field, fields


@dataclass(frozen=True)
class Source:
    """A raw corpus file as text, with its name relative to the project (for messages)."""

    name: str
    text: str


@dataclass(frozen=True)
class Provenance:
    """Where a listing was seen: file, line of its title, and the page's listing date."""

    file: str
    line: int
    date: str | None = None


@dataclass(frozen=True)
class Listing:
    """One title + abstract as it appeared on one listing page."""

    title: str
    abstract: str
    source: Provenance


@dataclass(frozen=True)
class Link:
    """A URL found in an abstract: `kind` is "code" or "project"."""

    url: str
    kind: str


@dataclass(frozen=True)
class MatchRules:
    """How a topic is recognised in a paper's title and abstract (see annotations/topics.yml)."""

    title: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    min_hits: int = 1
    exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    description: str
    parent: str | None = None
    match: MatchRules = field(default_factory=MatchRules)


@dataclass(frozen=True)
class Dataset:
    """A dataset or benchmark (``annotations/datasets.yml``)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    homepage: str | None = None


@dataclass(frozen=True)
class Annotation:
    """A curator's annotation of one paper (``annotations/papers/<slug>.yml``); see
    ``generator/schemas/paper.schema.json`` for what each field means."""

    file: str
    title: str
    tldr: str | None = None
    topics: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    venue: str | None = None
    year: int | None = None
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    code: str | None = None
    code_official: bool = True
    project_page: str | None = None
    datasets: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    status: str | None = None
    reason: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Related:
    """A paper shown as related to another: pinned by a curator, or among the closest by TF-IDF
    cosine similarity of title and abstract. `terms` are the shared words that weigh most."""

    slug: str
    score: float
    terms: tuple[str, ...] = ()
    pinned: bool = False


@dataclass(frozen=True)
class Paper:
    """One distinct paper: the merge of every listing with the same normalised title, with what
    the later stages add (topics, links, dataset ids, related papers, the curator's annotation).
    `added` and `annotated` are the UTC times (ISO 8601) of the commits that brought its first
    corpus file and its annotation file, when the project is a git checkout."""

    key: str
    slug: str
    title: str
    abstract: str
    sources: tuple[Provenance, ...]
    topics: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    annotation: Annotation | None = None
    topics_curated: bool = False
    datasets: tuple[str, ...] = ()
    related: tuple[Related, ...] = ()
    added: str | None = None
    annotated: str | None = None

    def evolve(self, **changes: object) -> Paper:
        """A copy with `changes` (field: value): `dataclasses.replace`, without running `__init__`
        again (6x faster; every stage after dedupe makes a new copy of each of 100,000 papers)."""
        unknown = changes.keys() - FIELDS
        if unknown:
            raise TypeError(f"Paper has no field {', '.join(sorted(unknown))}")
        copy = object.__new__(Paper)
        copy.__dict__.update(self.__dict__, **changes)  # frozen: only __setattr__ is refused
        return copy

    @property
    def off_topic(self) -> bool:
        return self.annotation is not None and self.annotation.status == "off-topic"

    @property
    def featured(self) -> bool:
        return self.annotation is not None and self.annotation.status == "featured"

    @property
    def has_code(self) -> bool:
        return any(link.kind == "code" for link in self.links)

    @property
    def year(self) -> int | None:
        """The curator's year, else the year the arXiv id encodes (2403.01234 -> 2024,
        cs/9912017 -> 1999), else None."""
        note = self.annotation
        if note is None or note.year is not None or note.arxiv is None:
            return note and note.year
        yy = int(note.arxiv.split("/")[-1][:2])
        return (1900 if yy >= 91 else 2000) + yy

    @property
    def updated(self) -> str | None:
        """When the card last entered the feed: annotated, or else added to the corpus."""
        return max(filter(None, (self.added, self.annotated)), default=None)


FIELDS = frozenset(each.name for each in fields(Paper))  # what `Paper.evolve` may change


@dataclass(frozen=True)
class Conflict:
    """Listings with the same normalised title but different abstracts (the first one is kept)."""

    title: str
    sources: tuple[Provenance, ...]


@dataclass(frozen=True)
class Corpus:
    """The deduplicated corpus and what deduplication did."""

    papers: tuple[Paper, ...]
    listings: int
    merges: int
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class SiteSettings:
    """What the pages need from mkdocs.yml: the site's address (ending in "/") and name, and the
    repository, for "Edit this card" links."""

    repo_url: str | None = None
    branch: str = "main"
    site_url: str | None = None
    site_name: str = "papercards"


@dataclass(frozen=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int
