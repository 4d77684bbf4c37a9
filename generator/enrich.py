"""Stage 5, enrich: facts derived from a paper's text. Today: the code and project links.
A curator's `code` or `project_page` replaces the links of that kind found in the abstract.

    "Code is available at https://github.com/MCG-NJU/EVAD."  -> Link(".../MCG-NJU/EVAD", "code")
    "Project website: vid2robot.github.io"                  -> Link("https://vid2robot.github.io", "project")

Links on a code host (GitHub, GitLab, Bitbucket, Hugging Face) are code; any other is a project
page. Trailing sentence punctuation and unbalanced closing brackets are not part of a URL.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from .models import Link, Paper

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co")
URL = re.compile(
    r"https?://[^\s<>\"'{}\\]+"
    r"|(?<![\w./@-])(?:www\.[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*\.github\.io)(?:/[^\s<>\"'{}\\]*)?",
    re.IGNORECASE,
)
TRAILING = ".,;:!?'\"*"


def enrich(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """Papers with the links found in their abstracts, or given by their curators."""
    return tuple(replace(paper, links=_links(paper)) for paper in papers)


def _links(paper: Paper) -> tuple[Link, ...]:
    found = find_links(paper.abstract)
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
    for match in URL.finditer(text):
        url = _trim(match.group())
        if not url.lower().startswith(("http://", "https://")):
            url = "https://" + url
        host = (urlsplit(url).hostname or "").lower()
        if "." not in host:
            continue
        kind = "code" if host.removeprefix("www.") in CODE_HOSTS else "project"
        links.setdefault(url, Link(url, kind))
    return tuple(links.values())


def _trim(url: str) -> str:
    """Drop trailing punctuation and closing brackets that the URL did not open."""
    while url and (url[-1] in TRAILING or _unopened(url, url[-1])):
        url = url[:-1]
    return url


def _unopened(url: str, char: str) -> bool:
    opening = {")": "(", "]": "["}.get(char)
    return opening is not None and url.count(char) > url.count(opening)
