"""export: papers.json (valid against its schema, documented in docs/data.md), papers.bib (parses,
stable keys, any title survives), the Atom feed (valid, dated by the data), JSON-LD and citation
meta tags that cannot break out of their HTML."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import bibtexparser
import pytest
from bibtexparser.bparser import BibTexParser
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from generator.export import bibtex_entry, bibtex_key, citation_meta, export_site, json_ld
from generator.models import Annotation, Dataset, Link, Paper, Provenance, Related, SiteSettings, Topic
from generator.pipeline import check
from generator.slugs import make_slug, title_key
from generator.store import read_schema, read_templates

from .conftest import ROOT

SCHEMA = read_schema("papers-export")
TEMPLATES = read_templates()
ATOM = "{http://www.w3.org/2005/Atom}"
TOPICS = (Topic("action-recognition", "Action recognition", "Recognising actions."),
          Topic("hostile", "<b>Bold</b> & \x0b co", "x", parent="action-recognition"))
DATASETS = (Dataset("kinetics-400", "Kinetics-400", ("Kinetics-400",), "Clips.", "https://example.org/k"),)
SITE = SiteSettings(site_url="https://example.org/cards/", site_name="cards & <more>")
HOSTILE_TITLES = [
    "A {brace", "A brace}", "}{ reversed", "100% sure", "Fast & Furious", "Costs $x$ and $$y$$",
    "Back\\slash \\textbf{bold} \\", "#1 in C#", "snake_case_name", "Tilde ~ here", "Caret ^ and x^2",
    "@misc{evil, title = {x}}", "Unbalanced {{{ braces } and }}} more", "VideoMAE: 3D {TACO} \\{x\\}",
    "\\textbraceleft{} literal command", "Fréchet Video Distance – a metric", "{\\'e}t{\\'e}",
]
LATEX = {r"\textbackslash{}": "\\", r"\textbraceleft{}": "{", r"\textbraceright{}": "}",
         r"\textasciitilde{}": "~", r"\textasciicircum{}": "^"}
ESCAPE = re.compile(r"\\text[a-z]+\{\}|\\[%&$#_]|[{}]")
ROW = re.compile(r"^\| `([a-z_\[\].]+)` \| ([^|]+) \| (.*) \|$", re.MULTILINE)


def make_paper(title: str, note: Annotation | None = None, line: int = 1, **fields) -> Paper:
    return Paper(title_key(title), make_slug(title), title, fields.pop("abstract", "An abstract."),
                 fields.pop("sources", (Provenance("corpus/raw/a.txt", line, "Mar 12"),)), annotation=note,
                 **fields)


def make_note(title: str, **fields) -> Annotation:
    return Annotation(f"annotations/papers/{make_slug(title)}.yml", title, **fields)


def export(papers, site: SiteSettings | None = None, topics=TOPICS, datasets=DATASETS) -> dict[str, str]:
    return export_site(tuple(papers), topics, datasets, site or SiteSettings(), TEMPLATES, SCHEMA)


def parse_bib(text: str) -> list[dict]:
    return bibtexparser.loads(text, parser=BibTexParser(common_strings=False)).entries


def unescape(value: str) -> str:
    """Undo the BibTeX escaping: commands back to characters, protecting braces dropped."""
    return ESCAPE.sub(lambda m: LATEX.get(m.group(), m.group()[1:] if m.group().startswith("\\") else ""), value)


def validate(document: dict) -> list[str]:
    validator = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]


@pytest.fixture(scope="module")
def real_site(real_project):
    return check(real_project)


@pytest.fixture(scope="module")
def real_exports(real_site):
    return export(real_site.corpus.papers, topics=real_site.topics, datasets=real_site.datasets)


# papers.json

def test_the_schema_is_valid_and_documents_every_field():
    Draft202012Validator.check_schema(SCHEMA)
    objects = [SCHEMA] + [spec for spec in SCHEMA["$defs"].values() if spec.get("type") == "object"]
    assert len(objects) == 6
    for spec in objects:
        assert spec["additionalProperties"] is False
        assert set(spec["required"]) == set(spec["properties"])
        for name, field in spec["properties"].items():
            assert field.get("description"), name


def test_papers_json_of_the_real_corpus_is_valid_and_has_every_card(real_site, real_exports):
    document = json.loads(real_exports["exports/papers.json"])
    assert validate(document) == []
    ids = [paper["id"] for paper in document["papers"]]
    assert ids == sorted(paper.slug for paper in real_site.corpus.papers)
    assert len(set(ids)) == len(ids) == len(real_site.corpus.papers)
    statuses = {paper["status"] for paper in document["papers"]}
    assert "off-topic" in statuses and None in statuses
    assert [t["id"] for t in document["topics"]] == [t.id for t in real_site.topics]
    assert [d["id"] for d in document["datasets"]] == [d.id for d in real_site.datasets]
    listed = [p for p in real_site.corpus.papers if not p.off_topic]
    counts = {t["id"]: t["papers"] for t in document["topics"]}
    assert counts == {t.id: sum(t.id in p.topics for p in listed) for t in real_site.topics}
    assert json.loads(real_exports["exports/papers.schema.json"]) == SCHEMA
    assert document["schema"] == "papers.schema.json"


def test_unknown_fields_are_null_or_empty_never_guessed():
    bare = make_paper("Plain Paper", abstract="See https://github.com/o/r and https://o.github.io/p.",
                      links=(Link("https://github.com/o/r", "code"), Link("https://o.github.io/p", "project")))
    [record] = json.loads(export([bare])["exports/papers.json"])["papers"]
    assert record == {
        "id": "plain-paper", "title": "Plain Paper", "abstract": bare.abstract, "url": "papers/plain-paper/",
        "tldr": None, "topics": [], "topics_set_by": "rules", "datasets": [], "year": None, "venue": None,
        "authors": [], "arxiv": None, "code": "https://github.com/o/r", "code_official": None,
        "project_page": "https://o.github.io/p", "tags": [], "status": None, "related": [],
        "sources": [{"file": "corpus/raw/a.txt", "line": 1, "date": "Mar 12"}], "added": None, "annotated": None,
    }


def test_curated_fields_are_exported_as_the_curator_wrote_them():
    title = "Curated Paper"
    note = make_note(title, tldr="A summary of twenty characters.", arxiv="2403.01234", authors=("A B", "C D"),
                     code="https://github.com/x/y", code_official=False, status="featured", tags=("t1",),
                     venue="CVPR 2024")
    paper = make_paper(title, note, topics=("action-recognition",), topics_curated=True, datasets=("kinetics-400",),
                       links=(Link("https://github.com/x/y", "code"),), added="2024-03-01T10:00:00Z",
                       annotated="2024-03-02T10:00:00Z",
                       related=(Related("other", 0.123456, ("video",), pinned=True),))
    document = json.loads(export([paper], SITE)["exports/papers.json"])
    [record] = document["papers"]
    assert validate(document) == []
    assert record["url"] == "https://example.org/cards/papers/curated-paper/"
    assert (record["year"], record["arxiv"], record["venue"], record["authors"]) == (2024, "2403.01234", "CVPR 2024",
                                                                                     ["A B", "C D"])
    assert (record["code"], record["code_official"], record["status"]) == ("https://github.com/x/y", False, "featured")
    assert record["topics_set_by"] == "curator" and record["datasets"] == ["kinetics-400"]
    assert record["related"] == [{"id": "other", "score": 0.1235, "terms": ["video"], "pinned": True}]
    assert record["annotated"] == "2024-03-02T10:00:00Z"
    assert [t["papers"] for t in document["topics"]] == [1, 0]
    assert document["datasets"][0] == {"id": "kinetics-400", "name": "Kinetics-400", "aliases": ["Kinetics-400"],
                                       "homepage": "https://example.org/k", "description": "Clips.", "papers": 1}


def test_off_topic_cards_are_in_papers_json_but_not_in_the_bib_or_feed():
    off = make_paper("Off Paper", make_note("Off Paper", status="off-topic", reason="Not about video at all."),
                     added="2024-01-01T00:00:00Z")
    on = make_paper("On Paper", added="2024-01-01T00:00:00Z")
    out = export([off, on])
    assert [p["status"] for p in json.loads(out["exports/papers.json"])["papers"]] == ["off-topic", None]
    assert [e["ID"] for e in parse_bib(out["exports/papers.bib"])] == ["on-paper"]
    entries = ET.fromstring(out["exports/feed.xml"]).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["On Paper"]


# papers.bib

def test_the_real_bib_parses_with_one_entry_per_listed_card(real_site, real_exports):
    listed = [p for p in real_site.corpus.papers if not p.off_topic]
    entries = parse_bib(real_exports["exports/papers.bib"])
    keys = [entry["ID"] for entry in entries]
    assert len(entries) == len(listed) and len(set(keys)) == len(keys)
    assert keys == sorted(keys) and set(keys) == {bibtex_key(p.slug) for p in listed}
    assert all(re.fullmatch(r"[a-z0-9-]+(_[0-9a-f]{8})?", key) and len(key) <= 48 for key in keys)
    by_key = {bibtex_key(p.slug): p for p in listed}
    assert all(unescape(e["title"]) == " ".join(by_key[e["ID"]].title.split()) for e in entries)


def test_bib_keys_stay_the_same_across_builds_and_corpus_growth(real_site, real_exports):
    papers = real_site.corpus.papers
    newcomer = make_paper("A Newcomer Paper About Temporal Action Localization In Very Long Videos")
    grown = export((newcomer, *papers), topics=real_site.topics, datasets=real_site.datasets)
    again = export(papers, topics=real_site.topics, datasets=real_site.datasets)
    before = {e["ID"]: e["title"] for e in parse_bib(real_exports["exports/papers.bib"])}
    after = {e["ID"]: e["title"] for e in parse_bib(grown["exports/papers.bib"])}
    assert again == real_exports
    assert before.items() < after.items() and len(after) == len(before) + 1


def test_bib_keys_are_the_slug_or_its_first_words_and_a_hash():
    assert bibtex_key("videomae-masked-autoencoders") == "videomae-masked-autoencoders"
    long = "tsm-temporal-shift-module-for-efficient-video-understanding"
    assert bibtex_key(long) == "tsm-temporal-shift-module-for-efficient_" + hashlib.sha1(long.encode()).hexdigest()[:8]
    one_word = "x" * 60
    assert re.fullmatch(r"x{39}_[0-9a-f]{8}", bibtex_key(one_word))
    twins = [f"{'same-words-' * 6}{end}" for end in ("one", "two")]
    assert bibtex_key(twins[0]) != bibtex_key(twins[1])
    assert bibtex_key("a" * 48) == "a" * 48 and len(bibtex_key("a" * 49)) == 48


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_any_title_round_trips_through_bibtex(title):
    [entry] = parse_bib(bibtex_entry(make_paper(title), TEMPLATES))
    assert unescape(entry["title"]) == title
    assert set(entry) == {"ENTRYTYPE", "ID", "title"} and entry["ENTRYTYPE"] == "misc"


def test_hostile_titles_do_not_swallow_their_neighbours():
    titles = [f"Title {n}: {title}" for n, title in enumerate(HOSTILE_TITLES)]
    entries = parse_bib(export(make_paper(title) for title in titles)["exports/papers.bib"])
    assert sorted(unescape(e["title"]) for e in entries) == sorted(titles)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("aZ09 {}\\%&$#_~^@,=\"'é\n"), min_size=1).filter(str.strip))
def test_bibtex_escaping_round_trips_any_text(title):
    [entry] = parse_bib(bibtex_entry(make_paper(title), TEMPLATES))
    assert unescape(entry["title"]) == " ".join(title.split())


def test_titles_keep_their_capitals_in_braces():
    entry = bibtex_entry(make_paper("VideoMAE: Masked Autoencoders for 3D and {TACO}"), TEMPLATES)
    assert "title = {{VideoMAE:} Masked Autoencoders for {3D} and {{\\textbraceleft{}TACO\\textbraceright{}}}}," in entry


def test_bib_fields_are_only_the_known_ones():
    title = "Known Facts"
    full = make_paper(title, make_note(title, arxiv="2403.01234", authors=("Ann Lee", "Bob and Co", "C_D"),
                                       venue="CVPR & co"))
    [entry] = parse_bib(bibtex_entry(full, TEMPLATES))
    assert entry["author"] == "Ann Lee and {Bob and Co} and C\\_D"
    assert (entry["year"], entry["eprint"], entry["archiveprefix"]) == ("2024", "2403.01234", "arXiv")
    assert entry["url"] == "https://arxiv.org/abs/2403.01234" and entry["howpublished"] == "CVPR \\& co"
    curated_year = make_paper(title, make_note(title, year=2021, tldr="Twenty characters or more."))
    [entry] = parse_bib(bibtex_entry(curated_year, TEMPLATES))
    assert set(entry) == {"ENTRYTYPE", "ID", "title", "year"} and entry["year"] == "2021"


def test_the_card_entry_is_the_one_in_papers_bib():
    papers = [make_paper("First Paper"), make_paper("Second Paper", make_note("Second Paper", year=2020))]
    assert export(papers)["exports/papers.bib"] == "\n".join(bibtex_entry(p, TEMPLATES) for p in papers)


# feed.xml

def feed_entries(text: str) -> tuple[ET.Element, list[ET.Element]]:
    root = ET.fromstring(text)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def test_the_real_feed_is_atom(real_site, real_exports):
    root, entries = feed_entries(real_exports["exports/feed.xml"])
    for name in ("id", "title", "updated", "author/" + ATOM + "name"):
        assert root.findtext(ATOM + name), name
    assert {link.get("rel") for link in root.findall(f"{ATOM}link")} == {"self", "alternate"}
    dated = [p for p in real_site.corpus.papers if not p.off_topic and p.updated]
    assert len(entries) == min(50, len(dated))
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert root.findtext(f"{ATOM}updated") == (updated[0] if updated else "1970-01-01T00:00:00Z")
    for entry in entries:
        assert entry.findtext(f"{ATOM}id") and entry.findtext(f"{ATOM}title") and entry.findtext(f"{ATOM}summary")
        assert entry.find(f"{ATOM}link").get("href").startswith("../papers/")


def test_the_feed_holds_the_50_newest_dated_cards():
    papers = [make_paper(f"Paper number {n}", added=f"2024-01-{n % 28 + 1:02d}T00:00:00Z", line=n)
              for n in range(60)]
    undated = make_paper("Never committed paper", line=99)
    annotated = make_paper("Annotated later", make_note("Annotated later"), added="2023-01-01T00:00:00Z",
                           annotated="2025-01-01T00:00:00Z")
    root, entries = feed_entries(export([*papers, undated, annotated])["exports/feed.xml"])
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert len(entries) == 50 and "Never committed paper" not in titles
    assert titles[0] == "Annotated later" and updated[0] == root.findtext(f"{ATOM}updated") == "2025-01-01T00:00:00Z"
    assert entries[0].findtext(f"{ATOM}published") == "2023-01-01T00:00:00Z"
    assert updated == sorted(updated, reverse=True)
    assert titles[1:4] == ["Paper number 55", "Paper number 27", "Paper number 54"]  # ties: later line first


def test_an_empty_feed_is_still_valid_and_dated_by_no_clock():
    root, entries = feed_entries(export([make_paper("Undated")])["exports/feed.xml"])
    assert entries == [] and root.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_feed_ids_and_links_with_and_without_a_site_url():
    paper = make_paper("Some Paper", added="2024-01-01T00:00:00Z")
    root, [entry] = feed_entries(export([paper], SITE)["exports/feed.xml"])
    assert root.findtext(f"{ATOM}id") == "https://example.org/cards/exports/feed.xml"
    assert entry.findtext(f"{ATOM}id") == "https://example.org/cards/papers/some-paper/"
    assert entry.find(f"{ATOM}link").get("href") == "https://example.org/cards/papers/some-paper/"
    assert root.findtext(f"{ATOM}title") == "cards & <more>"
    root, [entry] = feed_entries(export([paper, make_paper("Other")])["exports/feed.xml"])
    assert root.findtext(f"{ATOM}id") == "tag:papercards,2024:feed"
    assert entry.findtext(f"{ATOM}id") == "tag:papercards,2024:papers/some-paper"
    assert entry.find(f"{ATOM}link").get("href") == "../papers/some-paper/"


def test_feed_summaries_authors_and_categories():
    title = "With Authors"
    noted = make_paper(title, make_note(title, tldr="Curated summary of the paper.", authors=("A & B", "C <D>")),
                       topics=("action-recognition", "hostile"), added="2024-01-02T00:00:00Z")
    long = make_paper("Long Abstract", abstract="word " * 300, added="2024-01-01T00:00:00Z")
    _, (first, second) = feed_entries(export([noted, long])["exports/feed.xml"])
    assert first.findtext(f"{ATOM}summary") == "Curated summary of the paper."
    assert [a.findtext(f"{ATOM}name") for a in first.findall(f"{ATOM}author")] == ["A & B", "C <D>"]
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == ["Action recognition", "<b>Bold</b> &  co"]
    summary = second.findtext(f"{ATOM}summary")
    assert len(summary) <= 500 and summary.endswith("word…") and second.findall(f"{ATOM}author") == []


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "a & b &amp; c", "nul\x00 vt\x0b ff\x0c end",
                                  "]]> <![CDATA[ x", "\ufffe\uffff bad", "quote \" and ' apostrophe"])
def test_hostile_text_is_escaped_and_the_feed_still_parses(text):
    paper = make_paper(f"T {text}", make_note(f"T {text}", tldr=f"S {text}", authors=(f"N {text}",)),
                       added="2024-01-01T00:00:00Z")
    xml = export([paper])["exports/feed.xml"]
    _, [entry] = feed_entries(xml)
    legal = re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)
    for name, prefix in (("title", "T"), ("summary", "S"), (f"author/{ATOM}name", "N")):
        assert " ".join(entry.findtext(ATOM + name).split()) == " ".join(f"{prefix} {legal}".split())
    assert "<script>" not in xml


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1))
def test_any_title_gives_a_parsable_feed(title):
    paper = make_paper(title, added="2024-01-01T00:00:00Z")
    _, [entry] = feed_entries(export([paper])["exports/feed.xml"])
    def squash(text: str) -> str:  # what must survive: every character XML allows, but white space
        return re.sub(r"\s+", "", re.sub("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text))

    assert squash(entry.findtext(f"{ATOM}title") or "") == squash(title)


# JSON-LD and citation meta tags

def test_json_ld_describes_the_paper():
    title = "Linked Data"
    paper = make_paper(title, make_note(title, arxiv="2403.01234", authors=("Ann Lee",), tags=("tag",)),
                       topics=("action-recognition",))
    data = json.loads(json_ld(paper, {t.id: t for t in TOPICS}, SITE))
    assert data == {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "name": title, "abstract": "An abstract.",
        "keywords": ["Action recognition", "tag"], "url": "https://example.org/cards/papers/linked-data/",
        "sameAs": "https://arxiv.org/abs/2403.01234", "author": [{"@type": "Person", "name": "Ann Lee"}],
        "datePublished": "2024",
    }
    assert json.loads(json_ld(make_paper(title), {}, SiteSettings())) == {
        "@context": "https://schema.org", "@type": "ScholarlyArticle", "name": title, "abstract": "An abstract."}


def test_json_ld_cannot_close_its_script_element():
    title = "</script><script>alert(1)</script> & <!-- \u2028 \u2029"
    text = json_ld(make_paper(title, abstract="</SCRIPT>"), {}, SITE)
    assert "</script" not in text.lower() and not set("<>&\u2028\u2029") & set(text)
    data = json.loads(text)
    assert (data["name"], data["abstract"]) == (" ".join(title.split()), "</SCRIPT>")


def test_citation_meta_needs_an_arxiv_id():
    assert citation_meta(make_paper("No Note")) == ()
    assert citation_meta(make_paper("Noted", make_note("Noted", year=2020, authors=("A B",)))) == ()
    noted = make_paper("On arXiv", make_note("On arXiv", arxiv="2403.01234", authors=("A B", "C D")))
    assert citation_meta(noted) == (
        ("citation_title", "On arXiv"), ("citation_author", "A B"), ("citation_author", "C D"),
        ("citation_publication_date", "2024"), ("citation_arxiv_id", "2403.01234"),
        ("citation_pdf_url", "https://arxiv.org/pdf/2403.01234"),
    )


# determinism

def test_exports_are_the_same_twice(real_site, real_exports):
    papers = real_site.corpus.papers
    again = export(tuple(reversed(papers)), topics=real_site.topics, datasets=real_site.datasets)
    assert again == real_exports


DIGEST = """
import hashlib
from generator.export import export_site
from generator.pipeline import check
from generator.store import Project, read_schema, read_templates, read_site_settings
project = Project(__import__("pathlib").Path({root!r}))
site = check(project)
out = export_site(site.corpus.papers, site.topics, site.datasets, read_site_settings(project),
                  read_templates(), read_schema("papers-export"))
print(hashlib.sha256("\\0".join(out[k] for k in sorted(out)).encode()).hexdigest())
"""


def test_exports_do_not_depend_on_the_hash_seed():
    script = DIGEST.format(root=str(ROOT))
    digests = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120,
                       env={**os.environ, "PYTHONHASHSEED": seed}, cwd=ROOT).stdout.strip()
        for seed in ("0", "1", "4242")
    }
    assert len(digests) == 1 and len(digests.pop()) == 64


# docs/data.md

def _type_text(spec: dict) -> str:
    if "$ref" in spec:
        spec = {**SCHEMA["$defs"][spec["$ref"].split("/")[-1]], **spec}
    if "enum" in spec:
        return " or ".join(json.dumps(value) for value in spec["enum"])
    types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
    return " or ".join(f"array of {_type_text(spec['items'])}s" if t == "array" else t for t in types)


def _schema_rows(properties: dict, prefix: str = "") -> list[tuple[str, str, str]]:
    rows = []
    for name, spec in properties.items():
        rows.append((prefix + name, _type_text(spec), spec["description"]))
        ref = spec.get("items", {}).get("$ref", "").split("/")[-1]
        if ref in ("related", "source"):
            rows += _schema_rows(SCHEMA["$defs"][ref]["properties"], f"{name}[].")
    return rows


@pytest.mark.parametrize(("heading", "properties"), [
    ("### The file", SCHEMA["properties"]),
    ("### Each paper", SCHEMA["$defs"]["paper"]["properties"]),
    ("### Each topic", SCHEMA["$defs"]["topic"]["properties"]),
    ("### Each dataset", SCHEMA["$defs"]["dataset"]["properties"]),
])
def test_the_data_page_lists_exactly_the_schema_fields(heading, properties):
    page = (ROOT / "docs" / "data.md").read_text("utf-8")
    start = page.index(heading)
    end = page.find("\n### ", start + 1)
    section = page[start:end if end > 0 else None]
    assert ROW.findall(section) == [(name, kind, meaning) for name, kind, meaning in _schema_rows(properties)]


def test_the_data_page_links_every_export_and_is_in_the_nav():
    page = (ROOT / "docs" / "data.md").read_text("utf-8")
    linked = set(re.findall(r"\]\((exports/[^)]+)\)", page))
    assert linked == set(export([]))
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "  - Data and exports: data.md\n" in nav
