"""Export, a stage beside render: the site's data as files other tools read (path under docs/ ->
text).

    exports/papers.json          every card (off-topic ones too, with their status), topics, datasets
    exports/papers.schema.json   the JSON Schema of papers.json, every field described
    exports/papers.bib           one BibTeX entry per listed card, sorted by key
    exports/feed.xml             Atom 1.0 feed of the 50 listed cards most recently added or annotated

For the card pages: `bibtex_entries` (the cards' Cite blocks: the same text as in papers.bib),
`json_ld` (schema.org ScholarlyArticle for a <script type="application/ld+json">) and
`citation_meta` (Highwire citation_* meta tags that Google Scholar and Zotero read).

Listed cards are the ones not marked off-topic: papers.bib and the feed leave off-topic cards out,
as the site's listings do; papers.json keeps every card with its `status`, so tools can filter.

Stable names. A paper's id is its slug, which depends only on its title (see slugs.py). Its BibTeX
key is the slug when that has at most 48 characters, else the slug cut after a whole word to at
most 39 characters, "_" and the first 8 hex digits of the slug's SHA-1:

    tsm-temporal-shift-module-for-efficient-video-understanding (59 characters)
        -> tsm-temporal-shift-module-for-efficient_a609c3e7

So keys never change as the corpus grows, and distinct slugs give distinct keys (short keys have
no "_"; two long ones would need the same first words and the same 32-bit hash).

Dates. `added` is when the commit that first added the paper's corpus file landed on main (git's
first-parent history, so a pull request's files date from its merge); `annotated` is when its
annotation file's commit landed; `updated` is the later of the two (`Paper.updated`). The feed
holds the newest cards by `updated` (ties: the later corpus position first, then by slug), leaves
out cards with no date (not committed yet, or not a git checkout), and is itself dated by its
newest entry, never by the clock: the same inputs give the same bytes. An empty feed is dated
1970-01-01T00:00:00Z.

Escaping. In BibTeX values every LaTeX special becomes a command, braces too (\\textbraceleft{}:
BibTeX counts braces even after a backslash), so no title can unbalance an entry; title words with
a capital after their first letter (VideoMAE, 3D, TACO) are braced so styles keep their case. The
feed is autoescaped XML without the characters XML 1.0 forbids. JSON-LD writes <, > and & as \\u
escapes, so it cannot end its <script> element.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping

import jinja2

from .enrich import newest_first
from .jinja import environment
from .models import Annotation, Dataset, Paper, SiteSettings, Topic

OUTPUT_DIR = "exports"
SCHEMA_FILE = "papers.schema.json"
FEED_SIZE = 50
SUMMARY_LENGTH = 500
MAX_KEY = 48
HASH_DIGITS = 8
EPOCH = "1970-01-01T00:00:00Z"
FEED_AUTHOR = "papercards contributors"
TAG = "tag:papercards,2024:"  # ids of the feed and its entries when mkdocs.yml has no site_url
NO_NOTE = Annotation(file="", title="")
BIBTEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "%": r"\%", "&": r"\&",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
BIBTEX_ESCAPES = str.maketrans(BIBTEX_SPECIALS)
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                             "\u2029": "\\u2029"})
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
AND = re.compile(r"\band\b", re.IGNORECASE)


def export_site(papers: tuple[Paper, ...], topics: tuple[Topic, ...], datasets: tuple[Dataset, ...],
                settings: SiteSettings, templates: dict[str, str], schema: dict,
                bibtex: Mapping[str, str] | None = None, row: Callable[[Paper], str] | None = None
                ) -> dict[str, str]:
    """Every export, keyed by its path relative to docs/ (see `export_parts`)."""
    parts = export_parts(papers, topics, datasets, settings, templates, schema, bibtex, row)
    return {path: text if isinstance(text, str) else "".join(text) for path, text in parts.items()}


def export_parts(papers: tuple[Paper, ...], topics: tuple[Topic, ...], datasets: tuple[Dataset, ...],
                 settings: SiteSettings, templates: dict[str, str], schema: dict,
                 bibtex: Mapping[str, str] | None = None, row: Callable[[Paper], str] | None = None
                 ) -> dict[str, str | list[str]]:
    """Every export, keyed by its path relative to docs/: its text, or for the two that grow with
    the corpus (papers.json, papers.bib) the pieces of its text in order, so that it is never
    all in memory at once (the pieces are the entries the cache keeps anyway). `schema` is
    papers-export.schema.json; `bibtex`, the entries by slug when the cards have made them
    already; `row` is `json_row_maker(settings)`, or a function that answers as it does."""
    env = _environment(templates)
    bibtex = bibtex if bibtex is not None else bibtex_entries(papers, templates)
    listed = tuple(paper for paper in papers if not paper.off_topic)
    topics_by_id = {topic.id: topic for topic in topics}
    by_key = sorted(listed, key=lambda paper: (bibtex_key(paper.slug), paper.slug))
    return {
        f"{OUTPUT_DIR}/feed.xml": _feed(listed, topics_by_id, settings, env),
        f"{OUTPUT_DIR}/papers.bib": _joined((bibtex[paper.slug] for paper in by_key), "\n"),
        f"{OUTPUT_DIR}/papers.json": _json_rows(_document(papers, topics, datasets,
                                                          row or json_row_maker(settings))),
        f"{OUTPUT_DIR}/{SCHEMA_FILE}": _json(schema, indent=2),
    }


def bibtex_entry(paper: Paper, templates: dict[str, str]) -> str:
    """The paper's BibTeX entry, as papers.bib has it."""
    return _bibtex(paper, _environment(templates))


def bibtex_entries(papers: Iterable[Paper], templates: dict[str, str],
                   entry: Callable[[Paper], str] | None = None) -> dict[str, str]:
    """{slug: BibTeX entry} for many papers at once; `entry` is `bibtex_maker(templates)`, or a
    function that answers as it does."""
    entry = entry or bibtex_maker(templates)
    return {paper.slug: entry(paper) for paper in papers}


def bibtex_maker(templates: dict[str, str]) -> Callable[[Paper], str]:
    """A function from a paper to its BibTeX entry (one template environment for all)."""
    env = _environment(templates)
    return lambda paper: _bibtex(paper, env)


def json_row_maker(settings: SiteSettings) -> Callable[[Paper], str]:
    """A function from a paper to its record in papers.json, as one line of JSON."""
    return lambda paper: json.dumps(_paper_record(paper, settings), ensure_ascii=False)


def bibtex_key(slug: str) -> str:
    """The paper's citation key (see the module docstring): stable, only [a-z0-9_-]."""
    if len(slug) <= MAX_KEY:
        return slug
    room = MAX_KEY - HASH_DIGITS - 1
    cut = slug.rfind("-", 0, room + 1)
    head = slug[:cut] if cut > 0 else slug[:room]
    return f"{head.rstrip('-')}_{hashlib.sha1(slug.encode('utf-8')).hexdigest()[:HASH_DIGITS]}"


def json_ld(paper: Paper, topics_by_id: Mapping[str, Topic], settings: SiteSettings) -> str:
    """schema.org ScholarlyArticle JSON, safe inside <script type="application/ld+json">."""
    note = paper.annotation or NO_NOTE
    data: dict[str, object] = {"@context": "https://schema.org", "@type": "ScholarlyArticle",
                               "name": _fold(paper.title), "abstract": paper.abstract}
    if note.tldr:
        data["description"] = note.tldr
    keywords = [topics_by_id[t].title for t in paper.topics if t in topics_by_id] + list(note.tags)
    if keywords:
        data["keywords"] = keywords
    if settings.site_url:
        data["url"] = card_url(paper, settings)
    if note.arxiv:
        data["sameAs"] = f"https://arxiv.org/abs/{note.arxiv}"
    if note.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in note.authors]
    if paper.year:
        data["datePublished"] = str(paper.year)
    text = json_text(data)
    return text.translate(SCRIPT_SAFE) if any(chr(c) in text for c in SCRIPT_SAFE) else text  # rare: skip


def citation_meta(paper: Paper) -> tuple[tuple[str, str], ...]:
    """Highwire Press tags (name, content), raw text for the caller to HTML-escape; none unless
    the arXiv id is known (Google Scholar wants a PDF, and only arXiv gives one for sure)."""
    note = paper.annotation
    if note is None or not note.arxiv:
        return ()
    tags = [("citation_title", _fold(paper.title))]
    tags += [("citation_author", name) for name in note.authors]
    tags += [("citation_publication_date", str(paper.year))] if paper.year else []
    tags += [("citation_arxiv_id", note.arxiv), ("citation_pdf_url", f"https://arxiv.org/pdf/{note.arxiv}")]
    return tuple(tags)


def card_url(paper: Paper, settings: SiteSettings, base: str = "") -> str:
    """The card's address: absolute with a site_url, else `base` (the way from the page that
    links to the site's root) and papers/<slug>/."""
    return f"{settings.site_url or base}papers/{paper.slug}/"


def bibtex(value: object) -> str:
    """Text as a BibTeX field value: LaTeX specials as commands, white space folded."""
    return _fold(str(value)).translate(BIBTEX_ESCAPES)


def bibtex_title(value: str) -> str:
    """A title for BibTeX: escaped, with words that have a capital after their first letter
    braced, so bibliography styles that lower-case titles keep VideoMAE, 3D and TACO."""
    return " ".join(_protect(bibtex(word)) if any(c.isupper() for c in word[1:]) else bibtex(word)
                    for word in _fold(value).split(" "))


def bibtex_name(value: str) -> str:
    """One author: escaped, and braced whole if it contains the word "and" (which would split it)."""
    return _protect(bibtex(value)) if AND.search(value) else bibtex(value)


def xml_safe(value: object) -> object:
    """Strings without the characters XML 1.0 forbids (most control characters); autoescaping
    then takes care of < > & and quotes."""
    return NOT_XML.sub("", value) if isinstance(value, str) else value


def _protect(escaped: str) -> str:
    """Braces around escaped text; doubled when it starts with a command, since BibTeX treats "{\\"
    at the top level as one accented character and changes its case."""
    return f"{{{{{escaped}}}}}" if escaped.startswith("\\") else f"{{{escaped}}}"


def _document(papers: Iterable[Paper], topics: tuple[Topic, ...], datasets: tuple[Dataset, ...],
              row: Callable[[Paper], str]) -> dict:
    """papers.json as data, in the order papers-export.schema.json lists the fields; its papers
    come one by one (an iterator), as they are written, each already JSON text (`row`)."""
    ordered = sorted(papers, key=lambda paper: paper.slug)
    listed = [paper for paper in ordered if not paper.off_topic]
    per_topic = Counter(t for paper in listed for t in paper.topics)
    per_dataset = Counter(d for paper in listed for d in paper.datasets)
    return {
        "schema": SCHEMA_FILE,
        "papers": (row(paper) for paper in ordered),  # one at a time: large
        "topics": [{"id": t.id, "title": t.title, "parent": t.parent, "description": t.description,
                    "papers": per_topic[t.id]} for t in topics],
        "datasets": [{"id": d.id, "name": d.name, "aliases": list(d.aliases), "homepage": d.homepage,
                      "description": d.description, "papers": per_dataset[d.id]} for d in datasets],
    }


def _paper_record(paper: Paper, settings: SiteSettings) -> dict:
    note = paper.annotation or NO_NOTE
    return {
        "id": paper.slug, "title": paper.title, "abstract": paper.abstract, "url": card_url(paper, settings),
        "tldr": note.tldr, "topics": list(paper.topics),
        "topics_set_by": "curator" if paper.topics_curated else "rules", "datasets": list(paper.datasets),
        "year": paper.year, "venue": note.venue, "authors": list(note.authors), "arxiv": note.arxiv,
        "code": _first_link(paper, "code"), "code_official": note.code_official if note.code else None,
        "project_page": _first_link(paper, "project"), "tags": list(note.tags), "status": note.status,
        "related": [{"id": r.slug, "score": round(float(r.score), 4), "terms": list(r.terms),
                     "pinned": r.pinned} for r in paper.related],
        "sources": [{"file": s.file, "line": s.line, "date": s.date} for s in paper.sources],
        "added": paper.added, "annotated": paper.annotated,
    }


def _first_link(paper: Paper, kind: str) -> str | None:
    return next((link.url for link in paper.links if link.kind == kind), None)


def _feed(listed: tuple[Paper, ...], topics_by_id: Mapping[str, Topic], settings: SiteSettings,
          env: jinja2.Environment) -> str:
    newest = feed_papers(listed)
    site = settings.site_url
    feed = {
        "id": f"{site}{OUTPUT_DIR}/feed.xml" if site else f"{TAG}feed", "title": settings.site_name,
        "updated": newest[0].updated if newest else EPOCH, "author": FEED_AUTHOR,
        "self": f"{site}{OUTPUT_DIR}/feed.xml" if site else "feed.xml", "alternate": site or "../",
    }
    entries = [_feed_entry(paper, topics_by_id, settings) for paper in newest]
    return env.get_template("feed.xml.j2").render(feed=feed, entries=entries)


def feed_papers(listed: Iterable[Paper]) -> tuple[Paper, ...]:
    """The feed's cards: the newest `FEED_SIZE` dated ones (see `enrich.newest_first`)."""
    return newest_first(tuple(listed))[:FEED_SIZE]


def _feed_entry(paper: Paper, topics_by_id: Mapping[str, Topic], settings: SiteSettings) -> dict:
    note = paper.annotation or NO_NOTE
    return {
        "id": card_url(paper, settings) if settings.site_url else f"{TAG}papers/{paper.slug}",
        "title": _fold(paper.title), "link": card_url(paper, settings, base="../"),
        "published": paper.added, "updated": paper.updated, "authors": note.authors,
        "categories": [topics_by_id[t].title for t in paper.topics if t in topics_by_id],
        "summary": note.tldr or _shorten(paper.abstract, SUMMARY_LENGTH),
    }


def _shorten(text: str, length: int) -> str:
    """At most `length` characters, cut after a whole word with an ellipsis when longer."""
    text = _fold(text)
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > 0 else length - 1].rstrip(" ,;:") + "…"


def _bibtex(paper: Paper, env: jinja2.Environment) -> str:
    return env.get_template("bibtex.bib.j2").render(paper=paper, key=bibtex_key(paper.slug))


def _fold(text: str) -> str:
    return " ".join(text.split())


def json_text(data: object) -> str:
    """`json.dumps(data, ensure_ascii=False)`, faster: JSON's ASCII escapes (C code that is twice
    as fast) give the same text unless they wrote a \\u escape."""
    text = json.dumps(data)
    return json.dumps(data, ensure_ascii=False) if "\\u" in text else text


def _json(data: object, indent: int) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent) + "\n"


def _json_rows(document: dict) -> list[str]:
    """`document` as JSON (in pieces) with each item of its lists on a line of its own: easy to
    read and to diff, and written by json's C encoder (an `indent` makes json fall back to Python,
    10x slower). The items of an iterator are JSON text already."""
    pieces = ["{\n"]
    for index, (name, value) in enumerate(document.items()):
        if index:
            pieces.append(",\n")
        pieces += _json_field(json.dumps(name), value)
    pieces.append("\n}\n")
    return pieces


def _json_field(name: str, value: object) -> list[str]:
    if not isinstance(value, list | Iterator):
        return [f"{name}: {json.dumps(value, ensure_ascii=False)}"]
    rows = _joined(value if isinstance(value, Iterator)
                   else (json.dumps(item, ensure_ascii=False) for item in value), ",\n")
    return [f"{name}: [\n", *rows, "\n]"] if rows else [f"{name}: []"]


def _joined(pieces: Iterable[str], separator: str) -> list[str]:
    """The pieces with `separator` between them: `separator.join(pieces)`, not joined."""
    joined: list[str] = []
    for piece in pieces:
        if joined:
            joined.append(separator)
        joined.append(piece)
    return joined


def _environment(templates: dict[str, str]) -> jinja2.Environment:
    """XML templates are autoescaped; every printed value loses the characters XML 1.0 forbids."""
    env = environment(templates, escaped=("xml.j2",), escape_strings=False, finalize=xml_safe)
    env.filters.update(bibtex=bibtex, bibtex_title=bibtex_title, bibtex_name=bibtex_name)
    return env
