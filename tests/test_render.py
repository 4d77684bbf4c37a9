"""render: corpus and curator text shows as exactly itself, through MkDocs' own Markdown set-up."""

from __future__ import annotations

import html
import json
import re
import urllib.parse
from dataclasses import replace

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.clean import clean_text
from generator.export import SCRIPT_SAFE, json_ld
from generator.models import (
    Annotation,
    Corpus,
    Link,
    MatchRules,
    Paper,
    Provenance,
    Related,
    SiteSettings,
    Topic,
)
from generator.render import render_site, render_skeleton, yaml_ascii, yaml_string
from generator.report import assess
from generator.store import read_templates

from .conftest import ROOT
from .htmltext import elements, texts
from .strategies import unicode_text

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[a link](javascript:alert(1)) ![img](data:x)",
    "<!-- comment --> <!-- material/tags -->",
    "{{ config.site_name }} {% if x %}y{% endif %}",
    "--- front matter ---",
    "| a | b |",
    "# not a heading",
    "`code` and ``more``",
    "$x^2$ and $$y$$",
    "< subject, predicate, object>",
    "*emph* _emph_ **strong** ~~del~~ ==mark== ^^ins^^",
    "&amp; &lt; &#60; \\* \\_",
    "1. not a list",
    "--8<-- \"home.md\"",
    ":smile: {: .class } [^1]",
    "Emoji 🎬 and עברית right-to-left",
]


@pytest.fixture(scope="module")
def md():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return lambda: markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def render(papers: tuple[Paper, ...], topics: tuple[Topic, ...]) -> dict[str, str]:
    corpus = Corpus(papers, len(papers), 0)
    settings = SiteSettings("https://github.com/o/r")
    return render_site(corpus, topics, (), assess(corpus, topics), settings, read_templates())


def _site(title: str, abstract: str, topic_title: str = "Topic", annotation: Annotation | None = None) -> dict[str, str]:
    topic = Topic("topic", topic_title, abstract, match=MatchRules(text=("x",)))
    paper = Paper(
        key="k", slug="paper", title=title, abstract=abstract,
        sources=(Provenance("corpus/raw/a.txt", 3, "Mar 1"),), topics=("topic",),
        links=(Link("https://github.com/a/b?x=1&y=<2>", "code"),), annotation=annotation,
    )
    return render((paper,), (topic,))


def _front_matter(page: str) -> tuple[dict, str]:
    _, head, body = page.split("---\n", 2)
    return yaml.safe_load(head), body


def _html(md, page: str) -> str:
    return md().convert(_front_matter(page)[1])


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_as_text_on_card_topic_and_index_pages(md, text):
    pages = _site(title=text, abstract=text, topic_title=text)
    card = _html(md, pages["papers/paper.md"])
    assert texts(card, "p", "pc-abstract") == [" ".join(text.split())]
    assert "<script" not in card and "<img" not in card and "<!--" not in card.replace("<!-- Generated", "")
    assert html.unescape(_front_matter(pages["papers/paper.md"])[0]["title"]) == text
    topic = _html(md, pages["topics/topic.md"])
    assert texts(topic, "p")[0] == " ".join(text.split())  # the description
    assert texts(topic, "li") == [" ".join(text.split()) + " · code"]
    table = _html(md, pages["papers/index.md"])
    assert texts(table, "td")[:2] == [" ".join(text.split())] * 2  # the | did not split a cell
    assert len(texts(table, "td")) == 5
    head = _front_matter(pages["papers/paper.md"])[0]
    assert json.loads(head["json_ld"])["name"] == " ".join(text.split())
    assert "</" not in head["json_ld"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_curator_text_shows_as_text_in_every_field(md, text):
    note = Annotation("annotations/papers/paper.yml", "T", tldr=text, tags=(text, "ok"), venue=text, year=2024,
                      authors=(text,), arxiv="2403.12345", code=None, notes=text)
    pages = _site(title="T", abstract="A", annotation=note)
    card = _html(md, pages["papers/paper.md"])
    folded = " ".join(text.split())
    assert texts(card, "p", "pc-tldr") == [f"TL;DR {folded}"]
    assert texts(card, "span", "pc-tag") == [folded, "ok"]
    assert texts(card, "p", "pc-meta") == [f"{folded} · {folded} 2024 · arXiv 2403.12345"]
    _assert_only_safe_markup(card)
    topic = _html(md, pages["topics/topic.md"])
    assert texts(topic, "span", "pc-item-tldr") == [folded]
    assert html.unescape(_front_matter(pages["papers/paper.md"])[0]["description"]) == folded


def _assert_only_safe_markup(card: str) -> None:
    """No element a curator could have smuggled in: notes may only make these, with web links."""
    allowed = {"p", "div", "ul", "li", "a", "strong", "em", "code", "span", "h2", "br", "pre", "button"}
    for tag, attrs in elements(card):
        assert tag in allowed, (tag, attrs)
        assert not {name for name in attrs if name.startswith("on")}, attrs
        if tag == "a":
            assert attrs["href"].startswith(("https://", "http://", "../", "#")) or attrs["href"].endswith(".md"), attrs


@pytest.mark.parametrize(
    ("notes", "shown"),
    [
        ("<script>alert(1)</script>", ["<script>alert(1)</script>"]),
        ("[x](javascript:alert(1)) and ![i](https://evil.example/i.png)", ["[x](javascript:alert(1)) and ![i](https://evil.example/i.png)"]),
        ("**bold** and *it* and `c<o>de`", ["bold and it and c<o>de"]),
        ("see [the repo](https://github.com/a/b) or https://x.org/y.", ["see the repo or https://x.org/y."]),
        ("one\n\n- two\n- three\n  more", ["one", "two", "three more"]),
        ("{{ x }} {% y %} --8<-- \"home.md\" <!-- c -->", ['{{ x }} {% y %} --8<-- "home.md" <!-- c -->']),
    ],
)
def test_notes_render_a_safe_markdown_subset(md, notes, shown):
    note = Annotation("annotations/papers/paper.yml", "T", notes=notes)
    card = _html(md, _site(title="T", abstract="A", annotation=note)["papers/paper.md"])
    block = card[card.index('<div class="pc-notes">'):card.index("</div>", card.index('<div class="pc-notes">'))]
    assert [t for tag in ("p", "li") for t in texts(block, tag)] == shown
    _assert_only_safe_markup(card)
    links = [attrs["href"] for tag, attrs in elements(block) if tag == "a"]
    assert all(link.startswith(("https://", "http://")) for link in links)


def test_links_are_escaped_attributes(md):
    card = _html(md, _site("T", "A")["papers/paper.md"])
    hrefs = [html.unescape(h) for h in re.findall(r'<a href="([^"]*)">github', card)]
    assert hrefs == ["https://github.com/a/b?x=1&y=<2>"]
    assert "github.com/a/b?x=1&y=<2>" in texts(card, "a")


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unicode_text(300), unicode_text(300, min_size=20, categories=("Cs", "Cc")))
def test_any_text_renders_as_its_cleaned_self(md, raw, tldr):
    """Any corpus text, cleaned, as a card's title and abstract, and any curator text (as YAML
    holds it: no control characters but white space) as its TL;DR, read back from the HTML as a
    browser shows it: the title as the theme prints it from the front matter (in <h1>), the TL;DR
    on the card, in the description (a <meta> attribute) and on the topic page."""
    text = clean_text(raw) or "T"
    pages = _site(title=text, abstract=text, annotation=Annotation("annotations/papers/paper.yml", "T", tldr=tldr))
    head, _ = _front_matter(pages["papers/paper.md"])
    card = _html(md, pages["papers/paper.md"])
    assert texts(f"<h1>{head['title']}</h1>", "h1") == [text]
    assert texts(card, "p", "pc-abstract") == [text]
    shown = " ".join(tldr.split())
    assert texts(card, "p", "pc-tldr") == [f"TL;DR {shown}".rstrip()]
    assert elements(f'<meta name="description" content="{head["description"]}">') == [
        ("meta", {"name": "description", "content": shown})]
    assert texts(_html(md, pages["topics/topic.md"]), "span", "pc-item-tldr") == [shown]


def _paper(slug: str, title: str, **fields) -> Paper:
    base = {"key": slug, "slug": slug, "title": title, "abstract": f"About {title}.",
            "sources": (Provenance("corpus/raw/a.txt", 1),), "topics": ("topic",)}
    return Paper(**{**base, **fields})


def _note(**fields) -> Annotation:
    return Annotation("annotations/papers/x.yml", "x", **fields)


TOPIC = Topic("topic", "Topic", "What it is.", match=MatchRules(text=("x",)))


def test_an_annotated_card_shows_the_tldr_first_and_what_the_curator_set(md):
    note = _note(tldr="The short version.", venue="CVPR 2024", year=2024, arxiv="2403.12345",
                 authors=("A. Author", "B. Author"), code="https://github.com/c/d", code_official=False,
                 tags=("graphs",), related=("other",))
    paper = _paper("card", "Card", annotation=note, topics_curated=True,
                   links=(Link("https://github.com/c/d", "code"), Link("https://p.org", "project")),
                   related=(Related("other", 0.25, ("graph", "<b>"), pinned=True),))
    pages = render((paper, _paper("other", "Other")), (TOPIC,))
    card = _html(md, pages["papers/card.md"])
    assert card.index("pc-tldr") < card.index("pc-abstract")
    assert texts(card, "p", "pc-meta") == ["A. Author, B. Author · CVPR 2024 · arXiv 2403.12345"]
    assert {"href": "https://arxiv.org/abs/2403.12345"} in [attrs for tag, attrs in elements(card) if tag == "a"]
    assert "(set by a curator)" in texts(card, "span", "pc-provenance")
    assert "(not by the authors)" in texts(card, "span", "pc-provenance")
    assert texts(card, "h2")[0].startswith("Related papers") and 'href="../other/"' in card
    assert texts(card, "li")[0] == "Other (pinned by a curator)Shared: graph, <b>"
    assert texts(card, "a", "pc-edit") == ["Edit this card"]
    edit = [attrs["href"] for tag, attrs in elements(card) if attrs.get("class") == "pc-edit"]
    assert edit == ["https://github.com/o/r/edit/main/annotations/papers/card.yml"]
    assert _front_matter(pages["papers/card.md"])[0]["edit_url"].endswith("/annotations/papers/card.yml")
    plain = _html(md, pages["papers/other.md"])
    assert "(matched by the topic rules)" in texts(plain, "span", "pc-provenance")
    assert "pc-tldr" not in plain and "pc-meta" not in plain


def test_an_unannotated_card_links_to_a_prefilled_new_file(md):
    pages = render((_paper("plain", 'A "Plain" Paper', links=(Link("https://github.com/x/y", "code"),)),), (TOPIC,))
    edit_url = _front_matter(pages["papers/plain.md"])[0]["edit_url"]
    base, query = edit_url.split("?")
    assert base == "https://github.com/o/r/new/main/annotations/papers"
    params = dict(part.split("=", 1) for part in query.split("&"))
    assert params["filename"] == "plain.yml"
    skeleton = urllib.parse.unquote(params["value"])
    assert skeleton.startswith("# yaml-language-server: $schema=../../generator/schemas/paper.schema.json\n")
    assert yaml.safe_load(skeleton) == {"title": 'A "Plain" Paper'}
    assert "#   url: https://github.com/x/y   # found in the abstract" in skeleton
    assert "# topics: [topic]   # found by the topic rules" in skeleton
    card = _html(md, pages["papers/plain.md"])
    assert texts(card, "a", "pc-edit") == ["Annotate this card"]


any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)  # all but lone surrogates


@given(any_text)
def test_the_yaml_and_json_ld_strings_are_what_json_dumps_writes(value):
    """They take a shortcut through JSON's ASCII escapes; the text is the same as the plain way's."""
    assert yaml_string(value) == json.dumps(" ".join(value.split()), ensure_ascii=False)
    plain = json.dumps(value, ensure_ascii=False)
    yaml_escapes = re.sub("[^\x00-\x7e]", lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                          else f"\\U{ord(m.group()):08x}", plain)
    assert yaml_ascii(value) == yaml_escapes
    assert yaml.safe_load(yaml_ascii(value)) == value
    made = json_ld(_paper("p", value or "T", abstract=value), {}, SiteSettings())
    assert made == json.dumps(json.loads(made), ensure_ascii=False).translate(SCRIPT_SAFE)


@settings(max_examples=60, deadline=None)
@given(any_text)
def test_the_annotate_link_is_the_skeleton_urlencoded(raw):
    title = clean_text(raw) or "T"
    paper = _paper("p", title, links=(Link(f"https://github.com/x/{title}", "code"),))
    edit_url = _front_matter(render((paper,), (TOPIC,))["papers/p.md"])[0]["edit_url"]
    query = urllib.parse.urlencode({"filename": "p.yml", "value": render_skeleton(paper, {}, read_templates())},
                                   quote_via=urllib.parse.quote)
    assert edit_url == f"https://github.com/o/r/new/main/annotations/papers?{query}"


def test_featured_papers_come_first_and_off_topic_papers_leave_every_listing(md):
    featured = _paper("zeta", "Zeta", annotation=_note(status="featured", tldr="Best one of them all, truly."))
    off = _paper("alpha-off", "Alpha", topics=(), annotation=_note(status="off-topic", reason="About music only."))
    pages = render((_paper("beta", "Beta"), featured, off), (TOPIC,))
    topic = _html(md, pages["topics/topic.md"])
    assert [t.split("Best")[0] for t in texts(topic, "li")] == ["★ Zeta", "Beta"]
    assert texts(topic, "span", "pc-item-tldr") == ["Best one of them all, truly."]
    for listing in ("topics/unsorted.md", "papers/index.md", "_generated/home.md", "topics/index.md"):
        assert "alpha-off" not in pages[listing] and "Alpha" not in pages[listing], listing
    assert '<strong>2</strong> <a href="papers/">papers</a>' in pages["_generated/home.md"]
    head, _ = _front_matter(pages["papers/alpha-off.md"])
    assert head["search"] == {"exclude": True}
    card = _html(md, pages["papers/alpha-off.md"])
    assert texts(card, "p", "pc-status")[0].startswith("Off-topic: About music only.")
    status = _html(md, pages["curation/index.md"])
    assert texts(status, "td")[-2:] == ["Alpha", "About music only."]



def test_the_home_page_shows_at_most_twelve_featured_cards_the_most_recent(md):
    def featured(n: int, updated: str | None) -> Paper:
        return replace(_paper(f"p{n:02}", f"Paper {n:02}", annotation=_note(status="featured")), annotated=updated)

    papers = tuple(featured(n, f"2026-01-{n:02}T00:00:00Z" if n < 15 else None) for n in range(1, 21))
    home = md().convert(render(papers, (TOPIC,))["_generated/home.md"])  # a part of index.md: no front matter
    home = home.split("Recently added")[0]
    shown = [t for t in texts(home, "li") if t.startswith("★")]
    assert shown == [f"★ Paper {n:02}" for n in range(3, 15)]  # the 12 newest, by title
    assert "The 12 most recently added or annotated of 20 featured cards" in " ".join(texts(home, "p"))
    home = md().convert(render(papers[:12], (TOPIC,))["_generated/home.md"]).split("Recently added")[0]
    assert len([t for t in texts(home, "li") if t.startswith("★")]) == 12
    assert "most recently" not in " ".join(texts(home, "p"))

def test_a_curated_code_link_replaces_the_one_in_the_abstract():
    from generator.enrich import enrich

    paper = _paper("p", "P", abstract="Code: https://github.com/old/repo.",
                   annotation=_note(code="https://github.com/new/repo", project_page="https://new.org"))
    (enriched,) = enrich((paper,))
    assert enriched.links == (Link("https://github.com/new/repo", "code"), Link("https://new.org", "project"))
    (plain,) = enrich((replace(paper, annotation=_note(tldr="Only a summary, no links at all."),),))
    assert plain.links == (Link("https://github.com/old/repo", "code"),)
