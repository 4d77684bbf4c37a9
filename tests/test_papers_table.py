"""The "All papers" table's filters and sorting (docs/assets/papers-table.js) in a real browser.

Expectations come from the built page's HTML: its rows' data attributes and its filter options.
The `browser`, `server` and `page` fixtures (tests/conftest.py) fail rather than skip with CI=true,
and `page` fails a test on any console error or request to another host.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from .htmltext import elements

try:
    from playwright.sync_api import expect
except ImportError:  # reported by the `browser` fixture
    expect = None

pytestmark = pytest.mark.slow
SHOWN = "rows => rows.filter(row => row.getClientRects().length).map(row => new URL(row.querySelector('a').href).pathname)"


@dataclass(frozen=True)
class Row:
    href: str
    topics: tuple[str, ...]
    datasets: tuple[str, ...]
    year: str
    code: bool


@dataclass(frozen=True)
class Table:
    rows: list[Row]
    options: dict[str, list[str]]  # select name -> option values, "" (all) left out

    def hrefs(self, keep=lambda row: True) -> list[str]:
        return [row.href for row in self.rows if keep(row)]


def parse_table(page_html: str) -> Table:
    """The rows (in page order) and the filter options of the "All papers" page."""
    rows, options, attrs, select = [], {}, None, None
    for tag, found in elements(page_html):
        if tag == "tr" and "data-topics" in found:
            attrs = found
        elif tag == "a" and attrs is not None:  # the row's first link is its card
            rows.append(Row(found["href"], tuple(attrs["data-topics"].split()), tuple(attrs["data-datasets"].split()),
                            attrs["data-year"], attrs["data-code"] == "1"))
            attrs = None
        elif tag == "select":
            select = options.setdefault(found["name"], [])
        elif tag == "option" and found["value"]:
            select.append(found["value"])
    return Table(rows, options)


@pytest.fixture(scope="session")
def table(built) -> Table:
    return parse_table((built[0] / "site" / "papers" / "index.html").read_text(encoding="utf-8"))


def shown(page) -> list[str]:
    """The card links of the rows a reader sees, top to bottom, relative to /papers/ as the page writes
    them (Material makes links absolute)."""
    return [path.removeprefix("/papers/") for path in page.eval_on_selector_all("#pc-papers tbody tr", SHOWN)]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def expect_count(page, shown_rows: int, total: int):
    expect(page.locator("#pc-filter-count")).to_have_text(f"Showing {shown_rows} of {total} papers")


def a_topic_with_some_code(table: Table) -> tuple[str, list[str], list[str]]:
    """The first topic that some but not all papers have, where some but not all of those have code:
    (topic, its rows, its rows with code)."""
    for topic in table.options["topic"]:
        rows = table.hrefs(lambda row, topic=topic: topic in row.topics)
        with_code = table.hrefs(lambda row, topic=topic: topic in row.topics and row.code)
        if 0 < len(with_code) < len(rows) < len(table.rows):
            return topic, rows, with_code
    raise AssertionError("no topic has papers with and without code")


def test_without_javascript_the_form_stays_hidden_and_every_row_shows(browser, server, table):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}papers/?topic={table.options['topic'][0]}")
    assert page.locator("#pc-filter").is_hidden()
    assert shown(page) == table.hrefs()
    assert page.locator("#pc-papers th button").count() == 0
    context.close()


def test_a_topic_narrows_the_rows_to_its_papers_and_goes_in_the_address(page, server, table):
    topic, rows, _ = a_topic_with_some_code(table)
    page.goto(f"{server}papers/")
    expect_count(page, len(table.rows), len(table.rows))
    page.select_option("#pc-filter select[name=topic]", topic)
    expect_count(page, len(rows), len(table.rows))
    assert shown(page) == rows
    assert query(page) == {"topic": [topic]}
    expect(page.locator(".pc-filter-empty")).to_be_hidden()


def test_topic_and_code_intersect_and_a_reload_restores_them(page, server, table):
    topic, _, with_code = a_topic_with_some_code(table)
    page.goto(f"{server}papers/")
    page.select_option("#pc-filter select[name=topic]", topic)
    page.check("#pc-filter input[name=code]")
    expect_count(page, len(with_code), len(table.rows))
    assert shown(page) == with_code
    assert query(page) == {"topic": [topic], "code": ["1"]}
    page.goto(page.url)
    expect_count(page, len(with_code), len(table.rows))
    assert shown(page) == with_code
    assert page.input_value("#pc-filter select[name=topic]") == topic
    assert page.is_checked("#pc-filter input[name=code]")


def test_an_address_with_a_dataset_and_a_year_applies_on_load(page, server, table):
    dataset, year, rows = next((d, y, table.hrefs(lambda r, d=d, y=y: d in r.datasets and r.year == y))
                               for y in table.options["year"] for d in table.options["dataset"]
                               if any(d in r.datasets and r.year == y for r in table.rows))
    page.goto(f"{server}papers/?{urlencode({'dataset': dataset, 'year': year})}")
    expect_count(page, len(rows), len(table.rows))
    assert shown(page) == rows
    assert page.input_value("#pc-filter select[name=dataset]") == dataset
    assert page.input_value("#pc-filter select[name=year]") == year


def test_values_that_match_no_option_are_ignored(page, server, table):
    page.goto(f"{server}papers/?topic=no-such-topic&dataset=kinetics%20x&year=1800&code=yes&sort=nope")
    expect_count(page, len(table.rows), len(table.rows))
    assert shown(page) == table.hrefs()
    assert page.input_value("#pc-filter select[name=topic]") == ""
    assert query(page) == {}


def test_a_filter_that_matches_nothing_says_so(page, server, table):
    topic, dataset = next((t, d) for t in table.options["topic"] for d in table.options["dataset"]
                          if not any(t in r.topics and d in r.datasets for r in table.rows))
    page.goto(f"{server}papers/?{urlencode({'topic': topic, 'dataset': dataset})}")
    expect_count(page, 0, len(table.rows))
    expect(page.locator(".pc-filter-empty")).to_have_text("No paper matches these filters.")


def test_sorting_by_year_by_click_and_by_keyboard(page, server, table):
    ascending = [r.href for r in sorted(table.rows, key=lambda r: (not r.year, int(r.year or 0)))]
    descending = [r.href for r in sorted(table.rows, key=lambda r: (not r.year, -int(r.year or 0)))]
    assert ascending != descending and "" in {r.year for r in table.rows}
    page.goto(f"{server}papers/")
    year, paper = (page.locator("#pc-papers th", has_text=name) for name in ("Year", "Paper"))
    year.locator("button").click()
    expect(year).to_have_attribute("aria-sort", "ascending")
    assert shown(page) == ascending
    year.locator("button").click()
    expect(year).to_have_attribute("aria-sort", "descending")
    assert shown(page) == descending  # empty years last both ways; ties keep the title order
    assert query(page) == {"sort": ["year"], "order": ["desc"]}
    year.locator("button").focus()
    page.keyboard.press("Enter")
    expect(year).to_have_attribute("aria-sort", "ascending")
    assert shown(page) == ascending
    assert query(page) == {"sort": ["year"]}
    paper.locator("button").focus()
    page.keyboard.press("Enter")
    expect(paper).to_have_attribute("aria-sort", "ascending")
    assert year.get_attribute("aria-sort") is None
    by_title = shown(page)
    page.keyboard.press("Enter")
    expect(paper).to_have_attribute("aria-sort", "descending")
    assert shown(page) == by_title[::-1]
    assert sorted(by_title) == sorted(table.hrefs())


def test_clear_resets_the_rows_and_the_address(page, server, table):
    topic, _, with_code = a_topic_with_some_code(table)
    page.goto(f"{server}papers/?topic={topic}&code=1&sort=paper&order=desc")
    expect_count(page, len(with_code), len(table.rows))
    expect(page.locator("#pc-papers th", has_text="Paper")).to_have_attribute("aria-sort", "descending")
    page.click("#pc-filter button[type=reset]")
    expect_count(page, len(table.rows), len(table.rows))
    assert shown(page) == table.hrefs()
    assert query(page) == {}
    assert page.input_value("#pc-filter select[name=topic]") == ""
    assert not page.is_checked("#pc-filter input[name=code]")
    assert page.locator("#pc-papers th[aria-sort]").count() == 0


def test_instant_navigation_sets_the_table_up_once_per_visit(instant_page, server, table):
    page = instant_page
    with page.expect_response(f"{server}sitemap.xml"):  # links go instant once Material has read it
        page.goto(server)
    page.evaluate("window.pcSamePage = true")  # gone if the browser loads a whole new page
    nav = page.locator(".md-nav--primary a.md-nav__link")
    links = [page.locator("article a[href$='/papers/']").first,  # the home page hides the nav
             nav.filter(has_text="All papers").first]
    for link in links:  # from the home page, then away and back through the nav
        link.click()
        page.wait_for_url("**/papers/")
        expect(page.locator("#pc-filter")).to_be_visible()
        expect_count(page, len(table.rows), len(table.rows))
        assert page.evaluate("window.pcSamePage") is True
        assert page.locator(".pc-filter-empty").count() == 1
        assert page.locator("#pc-papers th button").count() == 3
        nav.filter(has_text="About").first.click()
        page.wait_for_url("**/about/")
    page.go_back()
    page.wait_for_url("**/papers/")
    expect_count(page, len(table.rows), len(table.rows))
    assert page.evaluate("window.pcSamePage") is True
