"""Stage 6, render: papers and topics -> Markdown pages (path under docs/ -> text).

    papers/<slug>.md       one card per paper          topics/<id>.md      one page per topic
    papers/index.md        all papers                  topics/index.md     the topic grid
    _generated/home.md     home-page body (included    topics/unsorted.md  papers in no topic
                           by the hand-written docs/index.md)

Layouts live in ``generator/templates/``. Every value from the corpus or annotations goes through
the `text` filter: ASCII punctuation becomes numeric character references, so neither Markdown
(with any extension) nor HTML can interpret it, and the page shows exactly the text. Titles go
into front matter HTML-escaped, as MkDocs and Material treat page titles as HTML.
"""

from __future__ import annotations

import html
import json
import string
from dataclasses import dataclass

import jinja2
from markupsafe import Markup

from .models import Corpus, Paper, Topic

PLAIN_PUNCTUATION = ",;?%/"  # never Markdown or HTML syntax, in any position
ENTITIES = {ord(c): f"&#{ord(c)};" for c in string.punctuation if c not in PLAIN_PUNCTUATION}
OUTPUT_DIRS = ("papers", "topics", "_generated")


@dataclass(frozen=True)
class TopicView:
    """A topic with what its pages show."""

    topic: Topic
    papers: tuple[Paper, ...]
    parent: Topic | None
    children: tuple[Topic, ...]


def render_site(corpus: Corpus, topics: tuple[Topic, ...], templates: dict[str, str]) -> dict[str, str]:
    """Every generated page, keyed by its path relative to docs/."""
    env = _environment(templates)
    views = _topic_views(corpus.papers, topics)
    by_id = {topic.id: topic for topic in topics}
    ordered = _by_title(corpus.papers)
    unsorted = tuple(p for p in ordered if not p.topics)
    shared = {"corpus": corpus, "views": views, "unsorted": unsorted, "topics_by_id": by_id}
    pages = {
        f"papers/{paper.slug}.md": env.get_template("card.md.j2").render(shared, paper=paper)
        for paper in corpus.papers
    }
    for view in views:
        pages[f"topics/{view.topic.id}.md"] = env.get_template("topic.md.j2").render(shared, view=view)
    pages["topics/index.md"] = env.get_template("topics.md.j2").render(shared)
    pages["topics/unsorted.md"] = env.get_template("unsorted.md.j2").render(shared)
    pages["papers/index.md"] = env.get_template("papers.md.j2").render(shared, papers=ordered)
    pages["_generated/home.md"] = env.get_template("home.md.j2").render(shared)
    return dict(sorted(pages.items()))


def text(value: object) -> Markup:
    """Text shown as itself in Markdown and HTML alike, in any position (line start, table cell,
    attribute value). White space folds to single spaces, as a browser shows it anyway."""
    return Markup(" ".join(str(value).split()).translate(ENTITIES))


def front_matter_title(value: str) -> Markup:
    """A YAML string holding the HTML-escaped title on one line (MkDocs themes print titles as
    HTML)."""
    return Markup(json.dumps(html.escape(" ".join(value.split())), ensure_ascii=False))


def display_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def _environment(templates: dict[str, str]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(text=text, front_matter_title=front_matter_title, display_url=display_url)
    return env


def _topic_views(papers: tuple[Paper, ...], topics: tuple[Topic, ...]) -> tuple[TopicView, ...]:
    by_id = {topic.id: topic for topic in topics}
    ordered = _by_title(papers)
    return tuple(
        TopicView(
            topic=topic,
            papers=tuple(p for p in ordered if topic.id in p.topics),
            parent=by_id.get(topic.parent) if topic.parent else None,
            children=tuple(t for t in topics if t.parent == topic.id),
        )
        for topic in topics
    )


def _by_title(papers: tuple[Paper, ...]) -> tuple[Paper, ...]:
    return tuple(sorted(papers, key=lambda p: (p.title.casefold(), p.slug)))
