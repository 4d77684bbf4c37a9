"""Curator notes: a small, safe subset of Markdown, parsed here and rendered by the card
template (``_macros.md.j2``), so nothing in a note is ever passed to Markdown or HTML as syntax.

    Builds on [VideoMAE](https://arxiv.org/abs/2203.12602); **no** audio.
    - one list item
    - `code` and *italics*

Paragraphs (separated by blank lines), ``-``/``*`` lists, ``**bold**``, ``*italics*``,
```code```, ``[text](https://...)`` links and bare http(s) URLs. Anything else, raw HTML
included, is shown as the text it is. `notes_problems` tells a curator what the renderer would
not honour: raw HTML, images, and links that are not http(s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

INLINE = re.compile(
    r"`(?P<code>[^`\n]+)`"
    r"|\*\*(?P<strong>[^*\n]+)\*\*"
    r"|(?<![\w*])\*(?P<em>[^*\s][^*\n]*?)\*(?![\w*])"
    r"|(?<!\w)_(?P<em2>[^_\s][^_\n]*?)_(?!\w)"
    r"|!?\[(?P<label>[^\]\n]+)\]\((?P<href>[^)\s]+)\)"
    r"|(?P<bare>https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"])"
)
LIST_ITEM = re.compile(r"^\s*[-*]\s+")
RAW_HTML = re.compile(r"<(?:/?[A-Za-z][\w-]*|!--)[^>\n]{0,40}>?")
LINK = re.compile(r"(!?)\[[^\]\n]+\]\(([^)\s]+)\)")


@dataclass(frozen=True)
class Inline:
    """A run of note text: kind is text, code, strong, em or link (with `url`)."""

    kind: str
    text: str
    url: str | None = None


@dataclass(frozen=True)
class Block:
    """A paragraph ("p": one item) or a list ("ul": one item per entry) of inline runs."""

    kind: str
    items: tuple[tuple[Inline, ...], ...]


def parse_notes(text: str) -> tuple[Block, ...]:
    """The note's blocks, ready for the template."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        if lines and LIST_ITEM.match(lines[0]):
            blocks.append(Block("ul", tuple(parse_inline(item) for item in _list_items(lines))))
        elif lines:
            blocks.append(Block("p", (parse_inline(" ".join(line.strip() for line in lines)),)))
    return tuple(blocks)


def parse_inline(text: str) -> tuple[Inline, ...]:
    runs: list[Inline] = []
    position = 0
    for match in INLINE.finditer(text):
        runs.append(Inline("text", text[position:match.start()]))
        runs.append(_run(match))
        position = match.end()
    runs.append(Inline("text", text[position:]))
    return tuple(run for run in runs if run.text)


def notes_problems(text: str) -> list[str]:
    """What the renderer would show as plain text instead of honouring it."""
    problems = []
    tags = RAW_HTML.findall(text)
    if tags:
        problems.append(f"raw HTML is not allowed ({tags[0]!r}); write Markdown")
    for bang, url in LINK.findall(text):
        if bang:
            problems.append(f"images are not allowed ({url!r}); link to the page instead")
        elif not is_web_url(url):
            problems.append(f"links must be http:// or https:// URLs, got {url!r}")
    return problems


def is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and "." in (parts.hostname or "")


def _list_items(lines: list[str]) -> list[str]:
    items: list[str] = []
    for line in lines:
        if LIST_ITEM.match(line) or not items:
            items.append(LIST_ITEM.sub("", line, count=1).strip())
        else:
            items[-1] += " " + line.strip()
    return items


def _run(match: re.Match[str]) -> Inline:
    groups = match.groupdict()
    if groups["code"]:
        return Inline("code", groups["code"])
    if groups["strong"]:
        return Inline("strong", groups["strong"])
    if groups["em"] or groups["em2"]:
        return Inline("em", groups["em"] or groups["em2"])
    if groups["bare"]:
        return Inline("link", groups["bare"], groups["bare"])
    if match.group().startswith("!") or not is_web_url(groups["href"]):
        return Inline("text", match.group())
    return Inline("link", groups["label"], groups["href"])
