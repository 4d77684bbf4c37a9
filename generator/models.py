"""The plain data that flows between stages. Stages take and return these, never paths."""

from __future__ import annotations

from dataclasses import dataclass, field


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
class Paper:
    """One distinct paper: the merge of every listing with the same normalised title."""

    key: str
    slug: str
    title: str
    abstract: str
    sources: tuple[Provenance, ...]
    topics: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()


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
class WriteStats:
    written: int
    unchanged: int
    removed: int
