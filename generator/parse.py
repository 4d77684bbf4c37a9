"""Stage 1, parse: raw listing pages -> `Listing`s, each with its file, line and listing date.

Two page layouts exist (``LAYOUTS``)::

    new                                        Get trending papers in your email inbox once a day!
                                               Get trending papers in your email inbox!
    Get trending papers in your email inbox!   SubscribeFirst title
                                               First abstract
    Subscribe                                  Second title
                                               Second abstract
    byAK and the research community

    Mar 12

    First title

    First abstract

A page that breaks the title/abstract alternation is an error naming the file and line: a paper
is never dropped or shifted silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import CorpusError, Problem
from .models import Listing, Provenance, Source

MAX_TITLE_CHARS = 300
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff"))
DATE = re.compile(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{1,2}")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class Layout:
    """A listing-page layout: its header lines and how titles and abstracts are separated."""

    name: str
    header: tuple[str, ...]
    dated: bool
    blank_separated: bool
    glued_prefix: str = ""


LAYOUTS = (
    Layout(
        name="dated page",
        header=(
            "new",
            "Get trending papers in your email inbox!",
            "Subscribe",
            "byAK and the research community",
        ),
        dated=True,
        blank_separated=True,
    ),
    Layout(
        name="daily page",
        header=(
            "Get trending papers in your email inbox once a day!",
            "Get trending papers in your email inbox!",
        ),
        dated=False,
        blank_separated=False,
        glued_prefix="Subscribe",
    ),
)


@dataclass(frozen=True)
class Line:
    number: int
    text: str


class _FileError(Exception):
    """Internal: the first problem in one file (later lines would only repeat it)."""

    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def parse_corpus(sources: list[Source]) -> list[Listing]:
    """Parse every source; report the problems of all files at once."""
    listings: list[Listing] = []
    problems: list[Problem] = []
    for source in sources:
        try:
            listings.extend(parse_source(source))
        except _FileError as error:
            problems.append(Problem(source.name, error.line, error.message))
    if problems:
        raise CorpusError(problems)
    return listings


def parse_source(source: Source) -> list[Listing]:
    """Parse one listing page; raises `_FileError` at its first problem."""
    lines = [Line(n, _tidy(text)) for n, text in enumerate(LINE_BREAK.split(source.text), 1)]
    content = [line for line in lines if line.text]
    if not content:
        raise _FileError(1, "the file is empty; expected a listing page")
    layout = _detect_layout(content[0])
    body, date = _skip_header(lines, layout)
    blocks = _paragraphs(body) if layout.blank_separated else _line_blocks(body)
    return _pair(blocks, source.name, date)


def _tidy(text: str) -> str:
    """Drop BOMs and zero-width spaces, and white space (non-breaking too) at the edges."""
    return text.translate(INVISIBLE).strip()


def _detect_layout(first: Line) -> Layout:
    for layout in LAYOUTS:
        if _same(first.text, layout.header[0]):
            return layout
    expected = " or ".join(f"{layout.header[0]!r} ({layout.name})" for layout in LAYOUTS)
    raise _FileError(first.number, f"unknown page layout: expected {expected}, got {_quote(first.text)}")


def _skip_header(lines: list[Line], layout: Layout) -> tuple[list[Line], str | None]:
    """Check the header line by line; return the lines after it and the listing date."""
    content_lines = [line for line in lines if line.text]
    content, last = iter(content_lines), content_lines[-1]  # parse_source saw the file is not empty
    for expected in layout.header:
        line = next(content, None)
        if line is None or not _same(line.text, expected):
            got = _quote(line.text) if line else "the end of the file"
            raise _FileError((line or last).number, f"{layout.name} header: expected {expected!r}, got {got}")
    date = None
    if layout.dated:
        line = next(content, None)
        if line is None or not DATE.fullmatch(line.text):
            got = _quote(line.text) if line else "the end of the file"
            raise _FileError((line or last).number, f"expected a listing date such as 'Mar 12', got {got}")
        date = line.text
    start = next(content, None)
    if start is None:
        raise _FileError(last.number, "no listings after the page header")
    body = [line for line in lines if line.number >= start.number]
    if layout.glued_prefix:
        body[0] = Line(start.number, _unglue(start.text, layout.glued_prefix))
        if not body[0].text:
            body = body[1:]
    return body, date


def _unglue(text: str, prefix: str) -> str:
    return text[len(prefix):].strip() if text.startswith(prefix) else text


def _paragraphs(body: list[Line]) -> list[Line]:
    """Blank-line separated blocks; each must be exactly one line."""
    blocks: list[Line] = []
    previous_blank = True
    for line in body:
        if line.text and not previous_blank:
            raise _FileError(
                line.number,
                "a title or abstract must be a single line, followed by a blank line; "
                f"line {line.number - 1} continues on this line",
            )
        if line.text:
            blocks.append(line)
        previous_blank = not line.text
    return blocks


def _line_blocks(body: list[Line]) -> list[Line]:
    """One block per line; a blank line inside the listing is an error."""
    last = max((line.number for line in body if line.text), default=0)
    for line in body:
        if not line.text and line.number < last:
            raise _FileError(
                line.number,
                "unexpected blank line: this layout puts a title or an abstract on every line",
            )
    return [line for line in body if line.text]


def _pair(blocks: list[Line], file: str, date: str | None) -> list[Listing]:
    """Alternate title and abstract blocks into listings, checking each title looks like one."""
    listings = []
    for title, abstract in zip(blocks[0::2], blocks[1::2], strict=False):
        _check_title(title)
        listings.append(Listing(title.text, abstract.text, Provenance(file, title.number, date)))
    if len(blocks) % 2:
        _check_title(blocks[-1])
        raise _FileError(blocks[-1].number, f"the title {_quote(blocks[-1].text)} has no abstract")
    return listings


def _check_title(line: Line) -> None:
    if len(line.text) > MAX_TITLE_CHARS:
        raise _FileError(
            line.number,
            f"expected a title (one line of at most {MAX_TITLE_CHARS} characters), "
            f"got {len(line.text):,} characters starting {_quote(line.text)}; "
            "is a title or abstract above missing, split or extra?",
        )


def _same(text: str, expected: str) -> bool:
    return " ".join(text.split()) == expected


def _quote(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
