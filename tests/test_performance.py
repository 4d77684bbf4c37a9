"""performance: the benchmark's figures as tables and a log-log SVG, whatever the results file holds."""

from __future__ import annotations

import copy
import html
import json
import math
import xml.etree.ElementTree as ET

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from generator.jinja import environment
from generator.performance import performance_view, render_performance
from generator.render import text
from generator.store import read_templates

from .conftest import ROOT
from .htmltext import elements, texts

SVG = "{http://www.w3.org/2000/svg}"
STAGES = {"read": 0.5, "parse": 0.1, "render": 1.0}


def _size(size: str, papers: int, seconds: float, site: dict | None = None) -> dict:
    return {
        "size": size, "papers": papers,
        "generate": {"seconds": seconds, "peak_mb": papers / 100 + 50.4, "written": papers + 98, "unchanged": 0,
                     "removed": 0, "stages": {name: share * papers / 1000 for name, share in STAGES.items()},
                     "files": papers + 98, "bytes": papers * 13_000},
        "again": {"seconds": seconds * 0.9, "peak_mb": 80.0, "written": 0, "unchanged": papers + 98, "removed": 0},
        "edit": {"seconds": seconds * 0.95, "peak_mb": 80.0, "written": 4, "unchanged": papers + 94, "removed": 0},
        "site": site or {},
    }


def _results(platform: str = "Linux-6.1-x86_64") -> dict:
    """The newest format: search timings and the bare MkDocs build on the smaller sizes."""
    site = {"seconds": 4.5, "peak_mb": 90.0, "bare_seconds": 1.5, "ratio": 3.0, "pages": 410,
            "search": {"page_load_ms": 300.2, "load_to_result_ms": 120.4, "first_result_ms": 420.6,
                       "typing_to_result_ms": 80.0, "answer_ms": 10.0, "fetched_bytes": 900_000,
                       "requests": 3, "load_fetched_bytes": 12_345, "load_requests": 1,
                       "index_bytes": 868_000, "index_files": 1}}
    return {"machine": {"cores": 4, "python": "3.12.1", "platform": platform},
            "results": [_size("real", 307, 1.5, site), _size("10000", 10_000, 26.0, {**copy.deepcopy(site), "seconds": 60.0}),
                        _size("100000", 100_000, 255.0)]}


def _page(results: dict | None) -> str:
    env = environment(read_templates(), escaped=("md.j2",), escape_strings=True)
    env.filters["text"] = text
    return render_performance(results, env)


def _tables(page: str) -> list[dict[str, list[str]]]:
    """Each Markdown table of the page as {first cell: the other cells}, entities decoded."""
    tables, current = [], None
    for line in page.splitlines():
        if not line.startswith("| "):
            current = None
            continue
        cells = [html.unescape(cell.strip()) for cell in line.strip("|").split(" | ")]
        if current is None:
            current = {}
            tables.append(current)
        if cells[0] != "---":
            current[cells[0]] = cells[1:]
    return tables


def _svg(page: str) -> ET.Element:
    return ET.fromstring(page[page.index("<svg"):page.index("</svg>") + len("</svg>")])


def _series_points(svg: ET.Element, key: str) -> list[tuple[float, float]]:
    group = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == f"pc-plot__series pc-plot__series--{key}"
                 and g.find(f"{SVG}polyline") is not None)
    return [tuple(map(float, pair.split(","))) for pair in group.find(f"{SVG}polyline").get("points").split()]


def _number(cell: str) -> float:
    return float(cell.replace(",", "").removeprefix("×"))


@pytest.fixture(scope="module")
def md():
    config = load_config(str(ROOT / "mkdocs.yml"))
    return lambda: markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def test_the_figures_table_shows_each_sizes_figures_from_the_results():
    results = _results()
    figures = _tables(_page(results))[0]
    assert figures["Papers"] == ["307 (real corpus)", "10,000", "100,000"]
    for column, size in enumerate(results["results"]):
        generate, site = size["generate"], size["site"]
        assert _number(figures["Generate, s"][column]) == round(generate["seconds"], 2)
        assert _number(figures["Generate, peak memory MB"][column]) == round(generate["peak_mb"])
        assert _number(figures["Output files"][column]) == generate["files"]
        assert _number(figures["Output MB"][column]) == round(generate["bytes"] / 1e6, 1)
        assert _number(figures["No-change run, s"][column]) == round(size["again"]["seconds"], 2)
        assert _number(figures["No-change run, files rewritten"][column]) == size["again"]["written"]
        assert _number(figures["One-edit run, s"][column]) == round(size["edit"]["seconds"], 2)
        assert _number(figures["One-edit run, files rewritten"][column]) == size["edit"]["written"]
        if site:
            assert _number(figures["Site build, s"][column]) == site["seconds"]
            assert figures["Site build over bare MkDocs"][column] == "×3.0"
            assert figures["Page load ms"][column] == "300"
            assert figures["Search, page load to first result ms"][column] == "120"
            assert figures["Search, first key to first result ms"][column] == "80"
            assert figures["Search, last key to its answer ms"][column] == "10"
            assert figures["Search, KB fetched for it"][column] == "900"
            assert figures["Search, KB a page load fetches for it"][column] == "12.3"
            assert _number(figures["Search index, bytes per paper"][column]) == round(868_000 / size["papers"])


def test_missing_and_malformed_figures_show_a_dash_and_never_fail():
    results = _results()
    del results["machine"]["python"]
    real = results["results"][0]
    del real["generate"]["bytes"], real["again"], real["site"]["ratio"], real["site"]["search"]["load_to_result_ms"]
    real["edit"]["seconds"] = "fast"
    real["generate"]["peak_mb"] = True
    del results["results"][1]["site"]["ratio"]
    results["results"][1]["site"]["bare_seconds"] = 0
    figures = _tables(page := _page(results))[0]
    assert "Machine: 4 cores, Linux&#45;6&#46;1&#45;x86&#95;64." in page  # no Python version: left out
    assert figures["Output MB"][0] == "–" and figures["No-change run, s"][0] == "–"
    assert figures["One-edit run, s"][0] == "–" and figures["Generate, peak memory MB"][0] == "–"
    assert figures["Site build over bare MkDocs"] == ["×3.0", "–", "–"]  # 4.5 s over 1.5 s; then over 0 s
    assert figures["Search, page load to first result ms"] == ["–", "120", "–"]
    assert figures["Site build, s"][2] == "–"


def test_an_older_results_file_shows_its_search_index_size_and_dashes_for_the_rest():
    older = {"machine": {"cores": 2}, "results": [  # before search timings and the bare build
        _size("real", 307, 1.5, {"seconds": 4.6, "peak_mb": 89.1, "search_index_bytes": 866_879,
                                 "search_index_bytes_per_paper": 2824}),
        _size("10000", 10_000, 26.4)]}
    figures = _tables(_page(older))[0]
    for column, size in enumerate(older["results"]):
        site = size["site"]
        expected = f"{site['search_index_bytes'] / size['papers']:,.0f}" if site else "–"
        assert figures["Search index, bytes per paper"][column] == expected
    assert set(figures["Search, page load to first result ms"]) == {"–"}


def test_the_stage_table_lists_the_stages_in_file_order_with_their_growth_between_the_two_largest_sizes():
    results = _results()
    results["results"][2]["generate"]["stages"]["render"] = 98.0  # grows ×9.8 from 10,000 to 100,000
    stages = _tables(page := _page(results))[1]
    assert list(stages) == ["Stage", "read", "parse", "render", "All stages"]
    assert stages["Stage"][-1] == "10,000 → 100,000 papers (×10.0)"
    assert stages["render"] == ["0.31", "10.00", "98.00", "×9.8"]
    assert stages["read"][-1] == "×10.0"
    assert _number(stages["All stages"][1]) == pytest.approx(16.0)
    assert "## Seconds per stage" in page


def test_stage_names_come_from_the_file_and_a_stage_missing_at_one_size_shows_a_dash():
    results = _results()
    results["results"][0]["generate"]["stages"] = {"load": 0.2, "read": 0.1}
    stages = _tables(_page(results))[1]
    assert list(stages) == ["Stage", "load", "read", "parse", "render", "All stages"]
    assert stages["load"] == ["0.20", "–", "–", "–"]
    assert stages["parse"][0] == "–"


def test_the_svg_is_xml_with_a_title_a_description_and_one_line_per_measured_series():
    svg = _svg(_page(_results()))
    assert svg.get("role") == "img" and svg.get("viewBox") == "0 0 600 350" and svg.get("width") == "100%"
    assert svg.find(f"{SVG}title").text == "Seconds against papers, log-log"
    description = svg.find(f"{SVG}desc").text
    assert "generate: 307 papers 1.50 s, 10,000 papers 26.00 s, 100,000 papers 255.00 s" in description
    assert "site build: 307 papers 4.50 s, 10,000 papers 60.00 s." in description
    assert len(_series_points(svg, "generate")) == 3 and len(_series_points(svg, "site")) == 2
    legend = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"generate", "one edit", "site build", "linear growth"} <= set(legend)
    assert {"300", "1k", "10k", "100k", "1 s", "10 s", "100 s", "1,000 s"} <= set(legend)


def test_points_move_right_with_papers_and_up_with_seconds():
    svg = _svg(_page(_results()))
    for key in ("generate", "edit", "site"):
        points = _series_points(svg, key)
        xs, ys = [x for x, _ in points], [y for _, y in points]
        assert xs == sorted(xs) and len(set(xs)) == len(xs)
        assert ys == sorted(ys, reverse=True)  # SVG's y grows downwards: more seconds, higher up


def test_both_axes_are_log_scales_ten_times_the_value_is_the_same_step():
    results = {"results": [_size(str(n), n, n / 100) for n in (100, 1000, 10_000, 100_000)]}
    points = _series_points(_svg(_page(results)), "generate")
    x_steps = {round(b[0] - a[0]) for a, b in zip(points, points[1:], strict=False)}
    y_steps = {round(a[1] - b[1]) for a, b in zip(points, points[1:], strict=False)}
    assert len(x_steps) == 1 and len(y_steps) == 1
    ticks = {t.text: float(t.get("x")) for t in _svg(_page(results)).iter(f"{SVG}text") if t.text in ("1k", "10k")}
    assert ticks["10k"] - ticks["1k"] == pytest.approx(points[2][0] - points[1][0], abs=0.2)


def test_the_linear_reference_starts_at_the_smallest_generate_point():
    results = {"results": [_size(str(n), n, n / 100) for n in (300, 3000)]}
    svg = _svg(_page(results))
    generate = _series_points(svg, "generate")
    line = next(e for e in svg.iter(f"{SVG}line") if e.get("class") == "pc-plot__linear" and e.get("x1") != "0")
    start, end = (float(line.get("x1")), float(line.get("y1"))), (float(line.get("x2")), float(line.get("y2")))
    assert start == generate[0] and end == generate[1]  # these times do grow linearly


def test_the_svg_block_has_no_blank_line_and_markdown_passes_it_through_unchanged(md):
    page = _page(_results())
    figure = page[page.index("<figure"):page.index("</figure>") + len("</figure>")]
    assert "\n\n" not in figure
    assert figure in md().convert(page.split("---\n", 2)[2])


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", "a | b", "*x* `y` [z](javascript:x)",
                                     "--8<-- \"home.md\"", "&amp; \" ' </svg>"])
def test_strings_from_the_results_file_show_as_text(md, hostile):
    results = _results(platform=hostile)
    results["machine"]["cores"] = hostile
    results["results"][0]["generate"]["stages"] = {hostile: 1.0}
    results["results"][0]["size"] = hostile
    page = _page(results)
    _svg(page)  # still well-formed
    body = md().convert(page.split("---\n", 2)[2])
    tags = [tag for tag, _ in elements(body)]
    assert "script" not in tags and "em" not in tags and "y" not in texts(body, "code")
    assert not [attrs for tag, attrs in elements(body) if tag == "a" and "javascript" in attrs.get("href", "")]
    assert f"Machine: {hostile} cores, Python 3.12.1, {hostile}." in " ".join(texts(body, "p")[0].split())
    assert hostile in texts(body, "td")
    assert list(_tables(page)[1])[1] == hostile


def test_without_results_the_page_says_how_to_make_them():
    for nothing in (None, {}, {"results": []}, {"results": "none"}, {"results": [1, "x"]}):
        page = _page(nothing)
        assert "No benchmark results are committed yet" in page and "`make bench`" in page
        assert "<svg" not in page and "| Papers" not in page
    assert performance_view(None) is None


def test_the_same_results_give_the_same_page_byte_for_byte():
    results = _results()
    first = _page(results)
    assert _page(copy.deepcopy(results)) == first
    assert _page(json.loads(json.dumps(results))) == first
    assert performance_view(results) == performance_view(copy.deepcopy(results))


def test_the_committed_results_render_with_a_plot_of_every_measured_size():
    committed = json.loads((ROOT / "bench" / "results.json").read_text())
    page = _page(committed)
    svg = _svg(page)
    sized = committed["results"]
    assert len(_series_points(svg, "generate")) == len(sized)
    assert len(_series_points(svg, "site")) == sum(1 for r in sized if r["site"])


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=12)
FIGURE = st.one_of(st.none(), st.integers(-5, 10**6), st.floats(allow_nan=True), st.text(max_size=4))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "size": JSON, "papers": FIGURE,
    "generate": st.fixed_dictionaries({"seconds": FIGURE, "stages": st.dictionaries(st.text(max_size=6), FIGURE)}),
    "edit": JSON | st.fixed_dictionaries({"seconds": FIGURE}),
    "site": JSON | st.fixed_dictionaries({"seconds": FIGURE, "search": JSON}),
}), max_size=4), JSON)
def test_any_results_file_renders_a_page_whose_svg_is_well_formed(sizes, machine):
    page = _page({"machine": machine, "results": sizes})
    if "<svg" in page:
        svg = _svg(page)
        for point in svg.iter(f"{SVG}circle"):
            assert math.isfinite(float(point.get("cx"))) and math.isfinite(float(point.get("cy")))
