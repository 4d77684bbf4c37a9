"""End to end: the real corpus through `mkdocs build --strict`, as `make site` does it."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.clean import clean_text
from generator.parse import parse_corpus
from generator.store import Project, read_corpus

from .conftest import copy_checkout, indexed
from .htmltext import elements, texts

pytestmark = pytest.mark.slow


def test_strict_build_succeeds_without_warnings(built):
    root, result = built
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))] == []
    assert "papercards: listings: 390, distinct papers: 307, merges: 83, conflicts: 0" in result.stderr


def test_every_distinct_paper_has_exactly_one_card_in_the_site_and_the_search_index(built, built_site):
    root, site = built[0], built_site
    site_dir = root / "site"
    cards = {p.parent.name for p in (site_dir / "papers").glob("*/index.html")}
    assert cards == {paper.slug for paper in site.corpus.papers}
    assert len(cards) == len(site.corpus.papers) == 307
    index = indexed(site_dir)
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(index) == len(list((site_dir / "pagefind" / "fragment").iterdir()))
    for paper in site.corpus.papers:
        html_page = (site_dir / "papers" / paper.slug / "index.html").read_text()
        assert texts(html_page, "h1") == [paper.title]
        assert texts(html_page, "p", "pc-abstract") == [paper.abstract]
        if paper.off_topic:
            assert f"/papers/{paper.slug}/" not in index
        else:
            record = index[f"/papers/{paper.slug}/"]
            assert record["meta"]["title"] == paper.title  # plain text: the search box shows it as text
            assert record["content"].startswith(paper.title) and " ".join(paper.abstract.split()) in record["content"]


def test_search_indexes_cards_topics_datasets_and_the_guides_and_only_what_readers_search(built, built_site, tour):
    site, site_dir = built_site, built[0] / "site"
    index = indexed(site_dir)
    assert set(index) == ({f"/papers/{p.slug}/" for p in site.corpus.papers if not p.off_topic}
                          | {f"/topics/{t.id}/" for t in site.topics} | {f"/datasets/{d.id}/" for d in site.datasets}
                          | {"/about/", "/contribute/", "/bad-input/", "/data/", "/performance/"})  # not the lists or home
    # A topic's or a dataset's title and description, not its papers (Pagefind ends the title with
    # a full stop unless it ends with punctuation).
    for url, title, description in ([(f"/topics/{t.id}/", t.title, t.description) for t in site.topics]
                                    + [(f"/datasets/{d.id}/", d.name, d.description) for d in site.datasets]):
        assert re.fullmatch(rf"{re.escape(title)}\.? {re.escape(description)}", index[url]["content"]), url
    paper = next(p for p in site.corpus.papers if tour["card"] == f"papers/{p.slug}/")
    content = index[f"/papers/{paper.slug}/"]["content"]
    wanted = [paper.annotation.tldr, *(t.title for t in site.topics if t.id in paper.topics),
              *(d.name for d in site.datasets if d.id in paper.datasets)]
    assert [text for text in wanted if " ".join(text.split()) not in content] == []
    for left_out in ("Related papers", "Cite", "Copy BibTeX", "@misc", "Where it was listed", "corpus/raw/",
                     "Edit this card", "How to contribute", "matched by the topic rules", "set by a curator",
                     "Featured", "Code: github.com", "(official)", "¶"):  # the code link line
        assert left_out not in content, left_out
    assert not [url for url, record in index.items() if "¶" in record["content"] + record["meta"]["title"]]
    assert "Unsorted" not in " ".join(record["content"] for url, record in index.items() if url.startswith("/papers/"))


def test_every_topic_has_a_page_listing_its_papers_and_unsorted_lists_the_rest(built, built_site):
    root, site = built[0], built_site
    for topic in site.topics:
        page = (root / "site" / "topics" / topic.id / "index.html").read_text()
        linked = {Path(a).name for a in _hrefs(page) if a.startswith("../../papers/") and "?" not in a}
        assert linked == {p.slug for p in site.corpus.papers if topic.id in p.topics}
        assert len(linked) >= 3, f"{topic.id} has fewer than 3 papers"
    unsorted = (root / "site" / "topics" / "unsorted" / "index.html").read_text()
    linked = {Path(a).name for a in _hrefs(unsorted) if a.startswith("../../papers/")}
    assert linked == {p.slug for p in site.corpus.papers if not p.topics and not p.off_topic}


def test_cards_stay_out_of_the_nav_and_topics_are_in_it(built):
    root, _ = built
    home = (root / "site" / "index.html").read_text()
    assert "papers/" in home and "topics/skeleton-based-recognition/" in home
    nav_links = [a for a in _hrefs(home, "md-nav__link") if a.startswith("papers/") and a != "papers/"]
    assert nav_links == []


def test_nothing_loads_from_another_host(built):
    root, _ = built
    for page in (root / "site").rglob("*.html"):
        html_text = page.read_text()
        for attr in ("src=", "<link "):
            for chunk in html_text.split(attr)[1:]:
                assert not chunk.lstrip("\"' ").startswith(("http://", "https://", "//")), (page, chunk[:80])
    assert "fonts.googleapis" not in (root / "site" / "index.html").read_text()


def test_a_second_generate_rewrites_nothing(built, built_site):
    root, _ = built
    result = subprocess.run([sys.executable, "-m", "generator", "generate"], cwd=root,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0
    pages = len(built_site.pages)
    site = built_site
    indexes, exports = 7, 4  # topics, unsorted, datasets, all papers, curation, home, performance; json, schema, bib, feed
    assert pages == len(site.corpus.papers) + len(site.topics) + len(site.datasets) + indexes + exports
    assert result.stdout.splitlines()[-1].startswith(f"pages: 0 written, {pages} unchanged, 0 removed")


def _hrefs(page: str, css_class: str | None = None) -> list[str]:
    if css_class:
        return re.findall(rf'<a href="([^"]*)" class="{css_class}', page)
    return [h.rstrip("/") for h in re.findall(r'<a href="([^"]*)"', page)]


def test_a_broken_input_stops_the_build_with_file_and_line(tmp_path):
    root = copy_checkout(tmp_path / "checkout")
    topics = root / "annotations" / "topics.yml"
    topics.write_text(topics.read_text().replace("min_hits: 2", "min_hits: two", 1))
    (root / "corpus" / "raw" / "999_truncated.txt").write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeA Title Without Its Abstract\n")
    (root / "annotations" / "papers" / "zz-missing.yml").write_text("title: Nobody Listed This Paper\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=300, env=_quiet_env())
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors[0].startswith("ERROR   -  annotations/topics.yml:")
    assert "min_hits: expected a whole number, got 'two'" in errors[0]
    assert errors[1] == ("ERROR   -  corpus/raw/999_truncated.txt:3: "
                         "the title 'A Title Without Its Abstract' has no abstract")
    assert "papercards: 2 problem(s) in the inputs" in result.stderr
    # The annotations are checked once the corpus parses: fix the corpus, and the build stops on them.
    (root / "corpus" / "raw" / "999_truncated.txt").unlink()
    topics.write_text(topics.read_text().replace("min_hits: two", "min_hits: 2"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=300, env=_quiet_env())
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("ERROR")][0] == (
        "ERROR   -  annotations/papers/zz-missing.yml:1: title: no paper in the corpus has this title")
    assert not (root / "site").exists()


def _quiet_env() -> dict:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_the_shipped_annotations_are_a_real_curated_layer(built_site):
    papers = built_site.corpus.papers
    health = built_site.health
    assert health.problems == ()
    with_tldr = [p for p in papers if p.annotation and p.annotation.tldr]
    assert len(with_tldr) >= 80
    assert all(20 <= len(p.annotation.tldr) <= 400 for p in with_tldr)
    assert health.no_topic == ()  # every on-topic paper has a topic
    assert health.thin_topics == ()
    assert len(health.off_topic) >= 20 and all(p.annotation.reason for p in health.off_topic)
    recommenders = [p for p in papers if "recommend" in p.title.lower()]
    assert recommenders and all(p.off_topic for p in recommenders)
    first_line = "# yaml-language-server: $schema=../../generator/schemas/paper.schema.json"
    for path in (Path(__file__).parent.parent / "annotations" / "papers").glob("*.yml"):
        assert path.read_text().splitlines()[0] == first_line, path


def test_validate_passes_on_the_shipped_annotations():
    result = subprocess.run([sys.executable, "-m", "generator", "validate"], cwd=Path(__file__).parent.parent,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"ok: 307 papers, \d+ topics, \d+ datasets, \d+ paper annotations; no problems\n",
                        result.stdout)


def test_edit_buttons_point_at_the_annotation_files(built, built_site):
    site_dir = built[0] / "site"
    repo = "https://github.com/papercards/papercards"
    for paper in built_site.corpus.papers[:40]:
        page = (site_dir / "papers" / paper.slug / "index.html").read_text()
        (button,) = re.findall(r'<a href="([^"]*)" title="Edit this page"', page)
        if paper.annotation:
            assert html.unescape(button) == f"{repo}/edit/main/annotations/papers/{paper.slug}.yml"
        else:
            assert html.unescape(button).startswith(f"{repo}/new/main/annotations/papers?filename={paper.slug}.yml&value=")
    assert 'title="Edit this page"' not in (site_dir / "papers" / "index.html").read_text()
    topic = (site_dir / "topics" / "egocentric-video" / "index.html").read_text()
    assert f'href="{repo}/edit/main/annotations/topics.yml" title="Edit this page"' in topic
    assert 'data-md-component="source"' not in topic  # it would fetch api.github.com


def test_the_curation_status_page_lists_every_off_topic_paper_with_its_reason(built, built_site):
    page = (built[0] / "site" / "curation" / "index.html").read_text()
    cells = texts(page, "td")
    for paper in built_site.health.off_topic:
        assert paper.title in cells and paper.annotation.reason in cells
    assert "Annotated by a curator" in cells


def test_every_dataset_has_a_page_listing_its_papers_and_cards_link_their_datasets(built, built_site):
    root, site = built[0], built_site
    listed = [p for p in site.corpus.papers if not p.off_topic]
    index = (root / "site" / "datasets" / "index.html").read_text()
    assert {Path(a).name for a in _hrefs(index) if not a.startswith(("..", "#", "http"))} >= {
        d.id for d in site.datasets}
    for dataset in site.datasets:
        page = (root / "site" / "datasets" / dataset.id / "index.html").read_text()
        linked = {Path(a).name for a in _hrefs(page) if a.startswith("../../papers/") and "?" not in a}
        assert linked == {p.slug for p in listed if dataset.id in p.datasets}, dataset.id
    with_datasets = [p for p in site.corpus.papers if p.datasets]
    assert len(with_datasets) > 50
    for paper in with_datasets:
        card = (root / "site" / "papers" / paper.slug / "index.html").read_text()
        assert [Path(a).name for a in _hrefs(card) if a.startswith("../../datasets/")] == list(paper.datasets)


def test_the_all_papers_table_has_a_row_per_listed_paper_with_its_filter_data(built, built_site):
    root, site = built[0], built_site
    page = (root / "site" / "papers" / "index.html").read_text()
    rows = [attrs for tag, attrs in elements(page) if tag == "tr" and "data-topics" in attrs]
    listed = sorted((p for p in site.corpus.papers if not p.off_topic), key=lambda p: (p.title.casefold(), p.slug))
    assert [r["data-topics"].split() for r in rows] == [list(p.topics) for p in listed]
    assert [r["data-datasets"].split() for r in rows] == [list(p.datasets) for p in listed]
    assert [r["data-year"] for r in rows] == [str(p.year or "") for p in listed]
    assert [r["data-code"] for r in rows] == ["1" if p.has_code else "0" for p in listed]
    assert sum(p.year is not None for p in listed) > 20
    body = page[page.index('<table id="pc-papers">'):page.index("</table>")]
    for href in re.findall(r'<a href="([^"]*)"', body):
        if not href.startswith("http"):
            assert (root / "site" / "papers" / href / "index.html").resolve().is_file(), href


def test_the_home_page_shows_the_counts_featured_and_recently_added_cards(built, built_site):
    root, site = built[0], built_site
    home = (root / "site" / "index.html").read_text()
    listed = [p for p in site.corpus.papers if not p.off_topic]
    counts = texts(home, "div", "pc-counts")[0]
    assert f"{len(listed)} papers" in counts and f"{len(site.topics)} topics" in counts
    assert f"{sum(p.has_code for p in listed)} with code" in counts
    linked = [a.removeprefix("papers/") for a in _hrefs(home) if a.startswith("papers/") and a != "papers"]
    featured = {p.slug for p in listed if p.featured}
    assert featured and featured <= set(linked)
    assert "Recently added" in home


def test_every_listed_card_links_five_related_cards_with_their_shared_terms(built, built_site):
    root, site = built[0], built_site
    by_slug = {p.slug: p for p in site.corpus.papers}
    for paper in site.corpus.papers:
        if paper.off_topic:
            continue
        assert len(paper.related) == 5 and paper.slug not in {r.slug for r in paper.related}
        card = (root / "site" / "papers" / paper.slug / "index.html").read_text()
        section = card[card.index('id="related-papers"'):card.index('id="cite"')]
        linked = [Path(a).name for a in _hrefs(section) if a.startswith("../")]
        assert linked == [r.slug for r in paper.related]
        for related, item in zip(paper.related, texts(section, "li"), strict=True):
            assert item.startswith(by_slug[related.slug].title)
            assert item.endswith("Shared: " + ", ".join(related.terms))


def test_cards_carry_json_ld_and_highwire_tags_only_with_an_arxiv_id(built, built_site):
    root, site = built[0], built_site
    with_arxiv = 0
    for paper in site.corpus.papers:
        page = (root / "site" / "papers" / paper.slug / "index.html").read_text()
        head = page[:page.index("</head>")]
        (ld,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL)
        data = json.loads(ld)
        assert (data["@type"], data["name"], data["abstract"]) == ("ScholarlyArticle", paper.title, paper.abstract)
        assert data["url"] == f"https://papercards.github.io/papercards/papers/{paper.slug}/"
        meta = {attrs["name"]: attrs["content"] for tag, attrs in elements(head)
                if tag == "meta" and attrs.get("name", "").startswith("citation_")}
        arxiv = paper.annotation.arxiv if paper.annotation else None
        if arxiv:
            with_arxiv += 1
            assert data["sameAs"] == f"https://arxiv.org/abs/{arxiv}"
            assert meta["citation_arxiv_id"] == arxiv and meta["citation_title"] == paper.title
        else:
            assert meta == {} and "sameAs" not in data
    assert with_arxiv >= 20


def test_the_exports_are_served_with_the_site(built, built_site):
    import xml.etree.ElementTree as ET

    import bibtexparser

    root, site = built[0], built_site
    exports = root / "site" / "exports"
    papers = json.loads((exports / "papers.json").read_text())["papers"]
    assert [p["id"] for p in papers] == sorted(p.slug for p in site.corpus.papers)
    bib = bibtexparser.loads((exports / "papers.bib").read_text())
    assert len(bib.entries) == sum(not p.off_topic for p in site.corpus.papers)
    feed = ET.parse(exports / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50


def test_every_page_has_a_description_a_favicon_and_link_preview_tags(built, built_site):
    root, site = built[0], built_site
    site_dir = root / "site"
    pages = [p for p in sorted(site_dir.rglob("index.html"))]
    assert len(pages) > 400
    for path in pages:
        head = path.read_text("utf-8").split("</head>")[0]
        tags = elements(head)
        meta = {attrs.get("property") or attrs.get("name"): attrs.get("content") for tag, attrs in tags if tag == "meta"}
        for name in ("description", "og:title", "og:description", "og:url", "og:image", "og:type", "twitter:card"):
            assert meta.get(name), f"{path.relative_to(site_dir)} has no {name}"
        assert meta["og:image"] == "https://papercards.github.io/papercards/assets/social.png"
        assert [a["href"] for t, a in tags if t == "link" and a.get("rel") == "icon"][0].endswith("assets/favicon.svg")
    card = next(p for p in site.corpus.papers if p.annotation and p.annotation.tldr)
    head = (site_dir / "papers" / card.slug / "index.html").read_text("utf-8").split("</head>")[0]
    meta = {a.get("property"): a.get("content") for t, a in elements(head) if t == "meta" and a.get("property")}
    assert (meta["og:title"], meta["og:type"]) == (card.title, "article")
    assert meta["og:description"].startswith(card.annotation.tldr[:100])
    assert meta["og:url"] == f"https://papercards.github.io/papercards/papers/{card.slug}/"
    assert (site_dir / "assets" / "favicon.svg").is_file() and (site_dir / "assets" / "social.png").is_file()


def test_the_links_the_pages_write_as_html_lead_to_built_pages(built):
    """Cards and lists are mostly raw HTML (cheaper for Markdown), whose links MkDocs does not
    check: every relative link in a page's article must reach a built page or file."""
    site_dir = built[0] / "site"
    checked = 0
    for page in sorted(site_dir.rglob("index.html")):
        text = page.read_text("utf-8")
        article = text[text.index("<article"):text.index("</article>")]
        for href in re.findall(r'<a href="([^"]*)"', article):
            path = html.unescape(href).split("#")[0].split("?")[0]
            if not path or path.startswith(("http://", "https://", "mailto:")):
                continue
            target = (page.parent / path).resolve()
            assert (target / "index.html").is_file() or target.is_file(), f"{page.relative_to(site_dir)}: {href}"
            checked += 1
    assert checked > 3000


def test_a_sitemap_over_the_protocols_limit_becomes_an_index_of_sitemaps(built, tmp_path):
    """MkDocs writes one sitemap.xml; past SITEMAP_URLS (here 100) URLs the hook splits it, every
    URL kept once, in order (the real site's 405 stay in one file)."""
    from xml.dom import minidom

    from generator.mkdocs_hook import split_sitemap

    site = built[0] / "site"
    original = (site / "sitemap.xml").read_text("utf-8")
    locs = [node.firstChild.data for node in minidom.parseString(original).getElementsByTagName("loc")]
    assert len(locs) > 300 and split_sitemap(site, "https://x.org/p/") == 0  # under 50,000: as it was
    assert (site / "sitemap.xml").read_text("utf-8") == original
    (tmp_path / "sitemap.xml").write_text(original, "utf-8")
    files = split_sitemap(tmp_path, "https://x.org/p/", most=100)
    assert files == -(-len(locs) // 100)
    index = minidom.parse(str(tmp_path / "sitemap.xml"))
    assert index.documentElement.tagName == "sitemapindex"
    assert [node.firstChild.data for node in index.getElementsByTagName("loc")] == [
        f"https://x.org/p/sitemap-{n}.xml" for n in range(1, files + 1)]
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()) == (tmp_path / "sitemap.xml").read_bytes()
    parts = [minidom.parse(str(tmp_path / f"sitemap-{n}.xml")).getElementsByTagName("loc") for n in range(1, files + 1)]
    assert all(len(part) <= 100 for part in parts)
    assert [node.firstChild.data for part in parts for node in part] == locs


LISTED_AT = re.compile(r"(?P<file>\S+), line (?P<line>[0-9]+)(?:, listed (?P<date>.+))?")


def _where_listed(page: str) -> list[tuple[str, int, str | None]] | None:
    """(file, line, listing date) of each item of a built card's "Where it was listed" list, read
    from its visible text; None without that list."""
    if 'id="where-it-was-listed"' not in page:
        return None
    start = page.index('id="where-it-was-listed"')
    items = texts(page[start:page.index("</ul>", start)], "li")
    unreadable = [item for item in items if not LISTED_AT.fullmatch(item)]
    assert not unreadable, f"not a file and line: {unreadable}"
    return [(match["file"], int(match["line"]), match["date"]) for match in map(LISTED_AT.fullmatch, items)]


def test_every_raw_listing_is_on_exactly_one_card_which_shows_its_cleaned_title_and_abstract(built):
    """From the corpus files and the built HTML alone (not the pipeline's papers): each listing
    (file, line) is on the "Where it was listed" list of one card, in file-then-line order, and
    the card's title and abstract are the first listing's, cleaned. A paper's repeats in the real
    corpus are exact after cleaning (the curation page reports no conflict: same title, different
    abstract), so a card is one cleaned title and one cleaned abstract."""
    root, result = built
    assert result.returncode == 0, result.stderr
    site_dir = root / "site"
    raw = {(x.source.file, x.source.line): x for x in parse_corpus(read_corpus(Project(root)))}
    assert len(raw) == 390
    pages = {path.parent.name: path.read_text("utf-8") for path in (site_dir / "papers").glob("*/index.html")}
    cards = {slug: _where_listed(page) for slug, page in pages.items()}
    assert [slug for slug, places in cards.items() if not places] == [], "cards without a listing"
    on: dict[tuple[str, int], list[str]] = {}
    for slug, places in cards.items():
        for file, line, _ in places:
            on.setdefault((file, line), []).append(slug)
    missing, unknown = sorted(raw.keys() - on.keys()), sorted(on.keys() - raw.keys())
    assert not missing, f"{len(missing)} listings are on no card, such as {missing[:3]}"
    assert not unknown, f"cards list {len(unknown)} places where the corpus has no listing: {unknown[:3]}"
    repeated = {place: slugs for place, slugs in on.items() if len(slugs) > 1}
    assert not repeated, f"{len(repeated)} listings are listed more than once, such as {list(repeated.items())[:3]}"
    titles = {clean_text(listing.title) for listing in raw.values()}
    assert len(cards) == len(titles) == 307, "a card per distinct (cleaned) title"
    wrong = {slug: problem for slug, places in cards.items()
             if (problem := _card_problem(pages[slug], [(file, line) for file, line, _ in places], raw))}
    assert not wrong, f"{len(wrong)} cards do not show their listings, such as {list(wrong.items())[:3]}"
    dates = [(file, line, date) for places in cards.values() for file, line, date in places
             if date != raw[file, line].source.date]
    assert not dates, f"listing dates that are not the page's: {dates[:3]}"
    curation = texts((site_dir / "curation" / "index.html").read_text("utf-8"), "p")
    assert any("390 listings, 83 merged as repeats of the same paper, 0 conflicts" in text for text in curation)


def _card_problem(page: str, places: list[tuple[str, int]], raw: dict) -> str | None:
    """What a built card shows wrongly of its listings (`places`, keys of `raw`), if anything."""
    if places != sorted(places):
        return f"listed out of file-then-line order: {places}"
    first = raw[places[0]]
    if texts(page, "h1") != [clean_text(first.title)]:
        return f"the title {texts(page, 'h1')} is not the first listing's {clean_text(first.title)!r}"
    if texts(page, "p", "pc-abstract") != [clean_text(first.abstract)]:
        return f"the abstract is not the first listing's ({places[0]})"
    for field in ("title", "abstract"):
        if len({clean_text(getattr(raw[place], field)) for place in places}) > 1:
            return f"its listings' cleaned {field}s differ, with no conflict reported"
    return None
