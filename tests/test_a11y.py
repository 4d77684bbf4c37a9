"""Accessibility of the built site: axe-core (through axe-playwright-python) on one page of each kind,
in the light and the dark palette, in a real browser.

A test fails on any violation axe rates "serious" or "critical" and prints, for each, the rule, its
impact, what to do and the first elements it found. `pytest -s` also prints a summary per page:
violations by impact, and how many rules passed or need a person to look (axe's "incomplete").
"""

from __future__ import annotations

from collections import Counter

import pytest

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError:  # reported by the `browser` fixture (tests/conftest.py)
    Axe = expect = None

pytestmark = pytest.mark.slow
PAGES = ("home", "topic", "card", "papers", "dataset")  # keys of the `tour` fixture (tests/conftest.py)
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's palette
BLOCKING = ("critical", "serious")
IMPACTS = (*BLOCKING, "moderate", "minor")
OPTIONS = {"resultTypes": ["violations"]}  # passes and incomplete are still listed, without their elements


@pytest.fixture(scope="module")
def summary():
    """Collects one line per page and palette; printed once the module's tests have run."""
    lines = {}
    yield lines
    if not lines:
        return
    print("\naxe-core results (violations by impact; rules passed; rules needing review):")
    order = (*PAGES, "search")
    for name, scheme in sorted(lines, key=lambda key: (order.index(key[0]), list(SCHEMES).index(key[1]))):
        print(f"  {lines[name, scheme]}")


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])} elements, e.g. "
                     f"{', '.join(' '.join(n['target']) for n in v['nodes'][:3])})" for v in violations)


def summarise(where: str, results: dict) -> str:
    impacts = Counter(v["impact"] for v in results["violations"])
    counts = ", ".join(f"{impact} {impacts[impact]}" for impact in IMPACTS)
    rules = " ".join(f"{v['id']}({v['impact']})" for v in results["violations"])
    review = " ".join(r["id"] for r in results["incomplete"])
    return (f"{where:<14} violations: {counts}; passes {len(results['passes'])}; "
            f"incomplete {len(results['incomplete'])}" + (f" ({review})" if review else "")
            + (f"; {rules}" if rules else ""))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violations(page, server, tour, name, scheme, summary):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}{tour[name]}")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    if name == "papers":  # the filter form only shows once papers-table.js has run
        expect(page.locator("#pc-filter")).to_be_visible()
    results = Axe().run(page, options=OPTIONS).response
    summary[(name, scheme)] = summarise(f"{name} {scheme}", results)
    blocking = [v for v in results["violations"] if v["impact"] in BLOCKING]
    if blocking:
        pytest.fail(f"axe on {tour[name] or 'the home page'} ({scheme}):\n{describe(blocking)}", pytrace=False)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_no_violations_with_the_search_open_and_results_shown(page, server, tour, scheme, summary):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}{tour['card']}")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", SCHEMES[scheme])
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("skeleton graph")
    expect(page.locator("#pc-search-list[data-query='skeleton graph'] mark").first).to_be_visible()
    page.keyboard.press("ArrowDown")  # a result focused, as a keyboard user has it
    results = Axe().run(page, options=OPTIONS).response
    summary[("search", scheme)] = summarise(f"search {scheme}", results)
    if results["violations"]:
        pytest.fail(f"axe with the search open ({scheme}):\n{describe(results['violations'])}", pytrace=False)
