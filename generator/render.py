"""Stage 6, render: papers and topics -> Markdown pages (path under docs/ -> text).

    papers/<slug>.md       one card per paper          topics/<id>.md      one page per topic
    papers/index.md        the all-papers table        topics/index.md     the topic grid
    datasets/<id>.md       one page per dataset        topics/unsorted.md  papers in no topic
    datasets/index.md      every dataset, with counts
    _generated/home.md     home-page body (included by the hand-written docs/index.md)
    curation/index.md      the curation status page (also `python -m generator report`)

Off-topic papers keep their card (marked, out of search) but leave every listing. Featured papers
come first on topic pages. `render_skeleton` writes the commented annotation file that
`python -m generator new` saves and the card's "Annotate this card" link prefills on GitHub.

Layouts live in ``generator/templates/``, autoescaped. Most of a page is raw HTML, which Markdown
passes through as it is (and converts fast): a value there is HTML-escaped by the autoescaping.
On the lines that are Markdown, every value from the corpus or annotations goes through the `text`
filter: ASCII punctuation becomes numeric character references, so neither Markdown (with any
extension) nor HTML can interpret it. Either way the page shows exactly the text. Titles go into
front matter HTML-escaped, as MkDocs and Material treat page titles as HTML.
"""

from __future__ import annotations

import functools
import html
import json
import re
import string
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import quote

import jinja2
from jinja2.filters import do_wordwrap
from markupsafe import Markup

from .cache import digest
from .enrich import newest_first
from .export import bibtex_entries, citation_meta, json_ld, json_text
from .jinja import environment
from .models import Corpus, Dataset, Paper, SiteSettings, Topic
from .notes import parse_notes
from .performance import render_performance
from .report import Health

PLAIN_PUNCTUATION = ",;?%/"  # never Markdown or HTML syntax, in any position
ENTITIES = {c: f"&#{ord(c)};" for c in string.punctuation if c not in PLAIN_PUNCTUATION}
SPECIAL = re.compile("[" + re.escape("".join(ENTITIES)) + "]")  # a regex: 5x faster than str.translate
OUTPUT_DIRS = ("papers", "topics", "datasets", "curation", "_generated", "exports", "performance")
ANNOTATIONS = "annotations/papers"
WHITE_SPACE = re.compile(r"\s+")
NON_ASCII = re.compile(r"[^\x00-\x7e]")  # and DEL, which YAML does not accept raw
COMMENT_WIDTH = 94  # a field description's lines in the skeleton, before "# "
RECENT = 8  # cards under "Recently added" on the home page
FEATURED = 12  # at most this many under "Featured" on the home page
INDEX_PAGES = {  # path: template, for the pages of lists
    "datasets/index.md": "datasets.md.j2", "topics/index.md": "topics.md.j2",
    "topics/unsorted.md": "unsorted.md.j2", "papers/index.md": "papers.md.j2",
    "curation/index.md": "curation.md.j2", "_generated/home.md": "home.md.j2",
}


@dataclass(frozen=True)
class TopicView:
    """A topic with what its pages show."""

    topic: Topic
    papers: tuple[Paper, ...]
    parent: Topic | None
    children: tuple[Topic, ...]


@dataclass(frozen=True)
class DatasetView:
    """A dataset with the listed papers that use it."""

    dataset: Dataset
    papers: tuple[Paper, ...]


def render_site(corpus: Corpus, topics: tuple[Topic, ...], datasets: tuple[Dataset, ...], health: Health,
                settings: SiteSettings, templates: dict[str, str], bibtex: Mapping[str, str] | None = None,
                results: dict | None = None, skip: Collection[str] = ()) -> dict[str, str]:
    """Every generated page, keyed by its path relative to docs/ (see `render_pages`)."""
    return dict(sorted(render_pages(corpus, topics, datasets, health, settings, templates, bibtex, results,
                                    skip)))


def render_pages(corpus: Corpus, topics: tuple[Topic, ...], datasets: tuple[Dataset, ...], health: Health,
                 settings: SiteSettings, templates: dict[str, str], bibtex: Mapping[str, str] | None = None,
                 results: dict | None = None, skip: Collection[str] = (),
                 done: Callable[[], object] = lambda: None, row: Callable[[Paper], str] | None = None
                 ) -> Iterator[tuple[str, str]]:
    """(path relative to docs/, page) for every generated page, one at a time, so a large site is
    never all in memory. `bibtex`: the entries by slug, when made already
    (`export.bibtex_entries`); `results`: the benchmark's, for the Performance page; `skip`: cards,
    topic and dataset pages not to render (known unchanged, see `page_keys`); `done` is called
    after each card (a progress display); `row` is `table_row_maker(templates, topics, datasets)`,
    or a function that answers as it does."""
    env = _environment(templates)
    row = row or table_row_maker(templates, topics, datasets)
    shared = {**_shared(corpus, topics, datasets, health, settings), "table_row": lambda p: Markup(row(p))}
    card = env.get_template("card.md.j2")
    bibtex = bibtex if bibtex is not None else bibtex_entries(corpus.papers, templates)
    for paper in corpus.papers:
        if f"papers/{paper.slug}.md" not in skip:
            yield f"papers/{paper.slug}.md", _card(card, shared, paper, settings, bibtex[paper.slug])
            done()
    topic, dataset = env.get_template("topic.md.j2"), env.get_template("dataset.md.j2")
    for view in shared["views"]:
        if f"topics/{view.topic.id}.md" not in skip:
            yield f"topics/{view.topic.id}.md", topic.render(shared, view=view)
    for view in shared["dataset_views"]:
        if f"datasets/{view.dataset.id}.md" not in skip:
            yield f"datasets/{view.dataset.id}.md", dataset.render(shared, view=view)
    for path, template in INDEX_PAGES.items():
        yield path, env.get_template(template).render(shared)
    yield "performance/index.md", render_performance(results, env)


def _card(template: jinja2.Template, shared: dict, paper: Paper, settings: SiteSettings, bibtex: str) -> str:
    """A paper's card. Every paper has one, so what the template would look up again and again
    is worked out here, once."""
    return template.render(shared, paper=paper, edit_url=_edit_url(paper, settings, template.environment),
                           bibtex=bibtex, json_ld=json_ld(paper, shared["topics_by_id"], settings),
                           citation=citation_meta(paper),
                           related=_related_items(paper, shared["papers_by_slug"]))


def _related_items(paper: Paper, papers_by_slug: Mapping[str, Paper]
                   ) -> list[tuple[str, str, bool, tuple[str, ...]]]:
    """(slug, title, pinned, shared terms) of each related paper: a loop unpacks tuples faster than
    a template reads attributes."""
    return [(related.slug, papers_by_slug[related.slug].title, related.pinned, related.terms)
            for related in paper.related]


def _shared(corpus: Corpus, topics: tuple[Topic, ...], datasets: tuple[Dataset, ...], health: Health,
            settings: SiteSettings) -> dict:
    """What every page's template may use."""
    listed = _by_title(p for p in corpus.papers if not p.off_topic)
    views, dataset_views = _views(listed, topics, datasets)
    return {
        "corpus": corpus, "listed": listed, "views": views, "dataset_views": dataset_views,
        "health": health, "years": sorted({p.year for p in listed if p.year}, reverse=True),
        "recent": newest_first(listed)[:RECENT], "featured": _featured(listed),
        "featured_count": sum(p.featured for p in listed),
        "unsorted": tuple(p for p in listed if not p.topics),
        "topics_by_id": {topic.id: topic for topic in topics},
        "datasets_by_id": {dataset.id: dataset for dataset in datasets},
        "papers_by_slug": {paper.slug: paper for paper in corpus.papers},
        "taxonomy_edit_url": _file_edit_url("annotations/topics.yml", settings),
        "datasets_edit_url": _file_edit_url("annotations/datasets.yml", settings),
    }


def table_row_maker(templates: dict[str, str], topics: tuple[Topic, ...], datasets: tuple[Dataset, ...]
                    ) -> Callable[[Paper], str]:
    """A function from a paper to its row in the all-papers table."""
    template = _environment(templates).get_template("_papers_row.md.j2")
    names = {"topics_by_id": {t.id: t for t in topics}, "datasets_by_id": {d.id: d for d in datasets}}
    return lambda paper: template.render(names, paper=paper)


def _featured(listed: tuple[Paper, ...]) -> tuple[Paper, ...]:
    """The home page's featured cards, by title: all of them, or the `FEATURED` most recently added
    or annotated (then the undated ones by title), so that the page stays small however many
    there are (at 3% of 100,000 papers, a 2 MB home page)."""
    featured = tuple(p for p in listed if p.featured)
    if len(featured) <= FEATURED:
        return featured
    newest = newest_first(featured) + tuple(p for p in featured if not p.updated)
    chosen = {p.slug for p in newest[:FEATURED]}
    return tuple(p for p in featured if p.slug in chosen)


def page_keys(corpus: Corpus, topics: tuple[Topic, ...], datasets: tuple[Dataset, ...],
              settings: SiteSettings, templates: dict[str, str], bibtex: Mapping[str, str],
              paper_keys: Mapping[str, str]) -> dict[str, str]:
    """{path: a digest of all its page is made from}, for the cards and the topic and dataset
    pages (the other pages show the whole corpus, and are always made). A card: the paper
    (`paper_keys`: a digest of each, by slug), the titles of its related papers, its BibTeX. A
    topic or dataset page: the topic (its parent and subtopics) or dataset, and its papers. And
    for all, what they share: templates, topics, datasets, settings."""
    shared = digest(templates, topics, datasets, settings)
    titles = {paper.slug: paper.title for paper in corpus.papers}
    keys = {f"papers/{paper.slug}.md": digest(shared, paper_keys[paper.slug],
                                              [titles[r.slug] for r in paper.related], bibtex[paper.slug])
            for paper in corpus.papers}
    views, dataset_views = _views(_by_title(p for p in corpus.papers if not p.off_topic), topics, datasets)
    for view in views:
        keys[f"topics/{view.topic.id}.md"] = digest(shared, view.topic, view.parent, view.children,
                                                    [paper_keys[paper.slug] for paper in view.papers])
    for view in dataset_views:
        keys[f"datasets/{view.dataset.id}.md"] = digest(shared, view.dataset,
                                                        [paper_keys[paper.slug] for paper in view.papers])
    return keys


def render_skeleton(paper: Paper, schema: dict, templates: dict[str, str]) -> str:
    """The commented annotation file for a paper that has none yet, each field explained."""
    return _skeleton(paper, schema, _environment(templates))


def render_report(health: Health, templates: dict[str, str]) -> str:
    """`python -m generator report`: the curation status as plain text."""
    return _environment(templates).get_template("report.txt.j2").render(health=health)


def text(value: object) -> Markup:
    """Text shown as itself in Markdown and HTML alike, in any position (line start, table cell,
    attribute value). White space folds to single spaces, as a browser shows it anyway."""
    return _text(str(value))


@functools.lru_cache(maxsize=1 << 16)  # titles, topic names and shared terms repeat on many pages
def _text(value: str) -> Markup:
    return Markup(SPECIAL.sub(_entity, WHITE_SPACE.sub(" ", value)))


def front_matter_title(value: str) -> Markup:
    """A YAML string holding the HTML-escaped title on one line (MkDocs themes print titles as
    HTML)."""
    return Markup(json_text(html.escape(" ".join(value.split()))))


def _entity(match: re.Match) -> str:
    return ENTITIES[match.group()]


def display_url(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def yaml_string(value: str) -> Markup:
    """A double-quoted YAML (JSON) string on one line, white space folded."""
    return Markup(json_text(" ".join(value.split())))


def yaml_ascii(value: str) -> Markup:
    """A double-quoted YAML string, exactly `value`, in ASCII: other characters as YAML escapes
    (\\uXXXX, or \\UXXXXXXXX beyond the BMP, which YAML reads whole unlike JSON's surrogate pairs).
    JSON's own ASCII escapes are the same within the BMP, and much faster; "\\ud" in them may be
    a surrogate pair, and then the slow way writes it as YAML wants."""
    quoted = json.dumps(value)
    if "\\ud" in quoted:
        quoted = NON_ASCII.sub(_yaml_escape, json.dumps(value, ensure_ascii=False))
    return Markup(quoted)


def _yaml_escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def _edit_url(paper: Paper, settings: SiteSettings, env: jinja2.Environment) -> str | None:
    """The annotation file on GitHub, or a new-file page with the skeleton filled in."""
    if settings.repo_url is None:
        return None
    if paper.annotation is not None:
        return _file_edit_url(f"{ANNOTATIONS}/{paper.slug}.yml", settings)
    query = f"filename={quote(f'{paper.slug}.yml', safe='')}&value={_quote(_skeleton(paper, None, env))}"
    return f"{settings.repo_url}/new/{settings.branch}/{ANNOTATIONS}?{query}"


def _quote(value: str) -> str:
    """`value` percent-encoded as `urlencode(..., quote_via=quote)` does it, line by line: the
    skeleton's lines are mostly the same on every card, and are encoded once."""
    return "%0A".join(map(_quote_line, value.split("\n")))


@functools.lru_cache(maxsize=1 << 10)
def _quote_line(line: str) -> str:
    return quote(line, safe="")


def _file_edit_url(path: str, settings: SiteSettings) -> str | None:
    return f"{settings.repo_url}/edit/{settings.branch}/{path}" if settings.repo_url else None


def _skeleton(paper: Paper, schema: dict | None, env: jinja2.Environment) -> str:
    """With `schema`, each field is explained (for `new`); without, the link stays short."""
    properties = (schema or {}).get("properties", {})
    about = defaultdict(str, {name: _yaml_comment(spec.get("description", ""), env)
                              for name, spec in properties.items()})
    return env.get_template("annotation.yml.j2").render(paper=paper, about=about,
                                                        code=_first_url(paper, "code"),
                                                        project=_first_url(paper, "project"))


def _yaml_comment(description: str, env: jinja2.Environment) -> str:
    """A field's description as YAML comment lines of at most 96 characters, or "" for none."""
    if not description:
        return ""
    return "# " + do_wordwrap(env, description, COMMENT_WIDTH, wrapstring="\n# ") + "\n"


def _first_url(paper: Paper, kind: str) -> str | None:
    return next((link.url for link in paper.links if link.kind == kind), None)


def _environment(templates: dict[str, str]) -> jinja2.Environment:
    """The pages' templates, with render's filters and none of Jinja's global functions (range,
    namespace, ...): no template needs them, and Jinja copies them into every render's context
    (half of what rendering an empty template costs, on each of the cards)."""
    env = environment(templates, escaped=("md.j2",), escape_strings=True)
    env.globals.clear()
    env.filters.update(text=text, front_matter_title=front_matter_title, display_url=display_url,
                       yaml_string=yaml_string, notes=parse_notes, yaml_ascii=yaml_ascii)
    return env


def _views(listed: tuple[Paper, ...], topics: tuple[Topic, ...], datasets: tuple[Dataset, ...]
           ) -> tuple[tuple[TopicView, ...], tuple[DatasetView, ...]]:
    """The topic and dataset pages' contents: the listed papers of each, featured ones first."""
    featured_first = tuple(p for p in listed if p.featured) + tuple(p for p in listed if not p.featured)
    return _topic_views(featured_first, topics), _dataset_views(featured_first, datasets)


def _topic_views(ordered: tuple[Paper, ...], topics: tuple[Topic, ...]) -> tuple[TopicView, ...]:
    """Each topic's papers, in the given order."""
    by_id = {topic.id: topic for topic in topics}
    members = _members(ordered, lambda paper: paper.topics)
    return tuple(
        TopicView(
            topic=topic,
            papers=tuple(members.get(topic.id, ())),
            parent=by_id.get(topic.parent) if topic.parent else None,
            children=tuple(t for t in topics if t.parent == topic.id),
        )
        for topic in topics
    )


def _dataset_views(ordered: tuple[Paper, ...], datasets: tuple[Dataset, ...]) -> tuple[DatasetView, ...]:
    """Each dataset's papers, in the given order."""
    members = _members(ordered, lambda paper: paper.datasets)
    return tuple(DatasetView(d, tuple(members.get(d.id, ()))) for d in datasets)


def _members(ordered: tuple[Paper, ...], ids) -> dict[str, list[Paper]]:
    """Papers by each id that `ids(paper)` gives, in the given order (one pass, any corpus size)."""
    members: dict[str, list[Paper]] = {}
    for paper in ordered:
        for key in ids(paper):
            members.setdefault(key, []).append(paper)
    return members


def _by_title(papers) -> tuple[Paper, ...]:
    return tuple(sorted(papers, key=lambda p: (p.title.casefold(), p.slug)))
