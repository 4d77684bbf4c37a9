"""Stage 3, dedupe: listings -> distinct papers, keeping every provenance.

Listings whose normalised titles match (`slugs.title_key`) are one paper; the first listing (by
file, then line) gives the text. Same title with a different abstract is kept as one paper and
reported as a `Conflict`. Different titles stay different papers, even with a shared short name
("TACO: ..."): only the whole title counts.
"""

from __future__ import annotations

from .errors import Problem, SlugError
from .models import Conflict, Corpus, Listing, Paper
from .slugs import slug_for_key, title_key


def dedupe(listings: list[Listing]) -> Corpus:
    """Merge listings of the same paper; papers keep the order in which they first appear."""
    groups: dict[str, list[Listing]] = {}
    for listing in listings:
        groups.setdefault(title_key(listing.title), []).append(listing)
    papers = tuple(_merge(key, group) for key, group in groups.items())
    _check_unique_slugs(papers)
    conflicts = tuple(c for c in map(_conflict, groups.values()) if c is not None)
    return Corpus(papers, listings=len(listings), merges=len(listings) - len(papers), conflicts=conflicts)


def _merge(key: str, group: list[Listing]) -> Paper:
    first = group[0]
    return Paper(
        key=key,
        slug=slug_for_key(key),
        title=first.title,
        abstract=first.abstract,
        sources=tuple(listing.source for listing in group),
    )


def _conflict(group: list[Listing]) -> Conflict | None:
    if len({listing.abstract for listing in group}) < 2:  # one listing, or the same text: nothing to compare
        return None
    abstracts = {title_key(listing.abstract) for listing in group}
    if len(abstracts) < 2:
        return None
    return Conflict(group[0].title, tuple(listing.source for listing in group))


def _check_unique_slugs(papers: tuple[Paper, ...]) -> None:
    seen: dict[str, Paper] = {}
    problems = []
    for paper in papers:
        other = seen.setdefault(paper.slug, paper)
        if other is not paper:
            where = paper.sources[0]
            problems.append(Problem(where.file, where.line, f"the title {paper.title!r} gets the URL "
                                    f"{paper.slug!r}, already taken by {other.title!r}"))
    if problems:
        raise SlugError(problems)
