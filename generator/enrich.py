"""Stage 5, enrich: facts derived from a paper's text and the project's history.

Links. A curator's `code` or `project_page` replaces the links of that kind found in the abstract.

    "Code is available at https://github.com/MCG-NJU/EVAD."  -> Link(".../MCG-NJU/EVAD", "code")
    "Project website: vid2robot.github.io"                  -> Link("https://vid2robot.github.io", "project")

Links on a code host (GitHub, GitLab, Bitbucket, Hugging Face) are code; any other is a project
page. Trailing sentence punctuation and unbalanced closing brackets are not part of a URL.

Datasets. A paper lists the datasets its annotation names, and every dataset one of whose aliases
(annotations/datasets.yml) its title or abstract contains:

    alias "Kinetics-400"  matches "Kinetics-400", "Kinetics 400"; not "kinetics-400", "XKinetics-400"
    alias "ssv2"          (all lowercase) would match "SSV2", "ssv2", "SSv2"

Aliases match whole words (no letter, digit or underscore on either side); the longest alias wins
where two overlap ("Kinetics-Skeleton" is not also "Kinetics"). Ids come in the datasets' order.

Dates. `added` is when the commit that brought the paper's first corpus file landed, and
`annotated` when its annotation file's did (see `store.read_history`); both stay None outside a
git checkout or for files not committed yet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import urlsplit

from .models import Dataset, Link, Paper

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")
URL = re.compile(
    r"https?://[^\s<>\"'{}\\]+"
    r"|(?<![\w./@-])(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.github\.io)(?:/[^\s<>\"'{}\\]*)?",
    re.IGNORECASE,
)
URL_HINTS = ("http", "www.", "thub.")  # one is in every match of URL
TRAILING = ".,;:!?'\"*"
SEPARATOR = re.compile(r"[\s-]+")


def enrich(papers: tuple[Paper, ...], datasets: tuple[Dataset, ...] = (),
           history: Mapping[str, str] | None = None, links: Callable[[str], tuple[Link, ...]] | None = None,
           detect: Callable[[str], frozenset[str]] | None = None) -> tuple[Paper, ...]:
    """Papers with their links, dataset ids and dates. `links` and `detect` are `find_links` and
    `dataset_detector(datasets)`, or functions that answer as they do."""
    links = links or find_links
    detect = detect or dataset_detector(datasets)
    order = {dataset.id: n for n, dataset in enumerate(datasets)}
    history = history or {}
    return tuple(
        paper.evolve(links=_links(paper, links), datasets=_datasets(paper, detect, order),
                added=min(filter(None, (history.get(s.file) for s in paper.sources)), default=None),
                annotated=history.get(paper.annotation.file) if paper.annotation else None)
        for paper in papers
    )


def newest_first(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """Dated papers, the most recently added or annotated first; among papers of the same time,
    the one listed later in the corpus (file name, then line) first, then by slug."""
    dated = sorted((p for p in papers if p.updated), key=lambda p: p.slug)
    return tuple(sorted(dated, key=lambda p: (p.updated, p.sources[0].file, p.sources[0].line), reverse=True))


def dataset_detector(datasets: tuple[Dataset, ...]):
    """A function from text to the ids of the datasets it names (see the module docstring)."""
    owner = {_alias_key(alias): d.id for d in datasets for alias in d.aliases}
    exact = [alias for d in datasets for alias in d.aliases if alias != alias.lower()]
    folded = [alias for d in datasets for alias in d.aliases if alias == alias.lower()]
    patterns = [_alternation(exact, 0), _alternation(folded, re.IGNORECASE)]
    patterns = [pattern for pattern in patterns if pattern is not None]

    def detect(text: str) -> frozenset[str]:
        return frozenset(owner[_alias_key(m.group())] for pattern in patterns for m in pattern.finditer(text))

    return detect


def _alternation(aliases: list[str], flags: int) -> re.Pattern | None:
    if not aliases:
        return None
    longest_first = sorted(set(aliases), key=lambda alias: (-len(alias), alias))
    return re.compile("(?:" + "|".join(map(_alias_pattern, longest_first)) + r")(?!\w)", flags)


def _alias_pattern(alias: str) -> str:
    """An alias with any separator between its words, after no word character: a look-behind just
    after its first character, so that the pattern starts with that character and a search skips
    fast to the places where some alias's first character is."""
    pattern = r"[\s-]".join(map(re.escape, SEPARATOR.split(alias)))
    first = r"[\s-]" if SEPARATOR.match(alias) else re.escape(alias[0])
    return first + r"(?<!\w[\s\S])" + pattern.removeprefix(first)


def _alias_key(text: str) -> str:
    return SEPARATOR.sub(" ", text).casefold()


def _datasets(paper: Paper, detect, order: Mapping[str, int]) -> tuple[str, ...]:
    curated = set(paper.annotation.datasets) if paper.annotation else set()
    found = curated | detect(f"{paper.title}\n{paper.abstract}")
    return tuple(sorted(found, key=order.__getitem__))


def _links(paper: Paper, find: Callable[[str], tuple[Link, ...]]) -> tuple[Link, ...]:
    found = find(paper.abstract)
    note = paper.annotation
    if note is None:
        return found
    curated = [Link(note.code, "code")] if note.code else []
    curated += [Link(note.project_page, "project")] if note.project_page else []
    kinds = {link.kind for link in curated}
    return tuple(curated) + tuple(link for link in found if link.kind not in kinds)


def find_links(text: str) -> tuple[Link, ...]:
    """Every distinct http(s) link in `text`, in order of appearance."""
    links: dict[str, Link] = {}
    for match in URL.finditer(text, _first_possible(text)):
        url = _trim(match.group())
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        host = (urlsplit(url).hostname or "").lower()
        if "." not in host:
            continue
        kind = "code" if host.removeprefix("www.") in CODE_HOSTS else "project"
        links.setdefault(url, Link(url, kind))
    return tuple(links.values())


def _first_possible(text: str) -> int:
    """Where in `text` a link could start first: at the start of the last word (after a space)
    before the first "http", "www." or "thub." (of ".github.io"), in any case; without one,
    nowhere (the length of `text`). The letters in these have no case-insensitive look-alikes
    other than their capitals, so lower-casing finds all of them; when that changes where
    characters are, the start of `text`."""
    lowered = text.lower()
    hints = [at for at in map(lowered.find, URL_HINTS) if at >= 0]
    if not hints:
        return len(text)
    return lowered.rfind(" ", 0, min(hints)) + 1 if len(lowered) == len(text) else 0


def _trim(url: str) -> str:
    """Drop trailing punctuation and closing brackets that the URL did not open."""
    while url and (url[-1] in TRAILING or _unopened(url, url[-1])):
        url = url[:-1]
    return url


def _unopened(url: str, char: str) -> bool:
    opening = {")": "(", "]": "["}.get(char)
    return opening is not None and url.count(char) > url.count(opening)
