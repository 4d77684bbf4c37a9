"""The Performance page: the benchmark's figures (`make bench` -> bench/results.json) as tables and
a plot.

    performance.md    what was measured and on what machine; a table of figures with a column per
                      corpus size; the seconds of each stage, with their growth between the two
                      largest sizes; seconds against papers as an inline log-log SVG

`render_performance(results, env)` renders templates/performance.md.j2 with the environment of
the other pages (its `text` filter escapes the strings that come from the results file). Without
results (None, or no size in them) the page says how to make them.

Older results files lack some figures (the site's search timing, the bare MkDocs build): any
figure that is missing, or is not a number, shows as "–". Stages are listed in the order the file
gives them. Numbers have fixed formats, and sizes keep the file's order: the same results give the
same page, byte for byte.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from .plot import Plot, Series, loglog_plot

MISSING = "–"
TEMPLATE = "performance.md.j2"


@dataclass(frozen=True)
class Row:
    label: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class PerformanceView:
    machine: tuple[str, ...]  # what the file says of it: "2 cores", "Python 3.11.7", the platform
    sizes: tuple[str, ...]  # the column headings: "307 (real corpus)", "10,000"
    figures: tuple[Row, ...]
    stages: tuple[Row, ...]  # a cell per size, then the growth between the two largest sizes
    growth: str | None  # "10,000 → 100,000 papers (×10.0)"; None with fewer than two sizes
    plot: Plot | None


def render_performance(results: dict | None, env: jinja2.Environment) -> str:
    """The Markdown of performance.md; `env` is the page environment (with the `text` filter)."""
    return env.get_template(TEMPLATE).render(view=performance_view(results))


def performance_view(results: dict | None) -> PerformanceView | None:
    """What the page shows, every figure formatted; None when there are no results."""
    sizes = _sizes(results)
    if not sizes:
        return None
    largest = _two_largest(sizes)
    return PerformanceView(
        machine=_machine(results.get("machine")),
        sizes=tuple(_heading(r) for r in sizes),
        figures=tuple(Row(label, tuple(fmt(get(r)) for r in sizes)) for label, get, fmt in FIGURES),
        stages=_stage_rows(sizes, largest),
        growth=_growth_heading(largest) if largest else None,
        plot=_plot(sizes),
    )


def _sizes(results: dict | None) -> list[dict]:
    """Each size's results, in the file's order."""
    listed = results.get("results") if _is_dict(results) else None
    return [r for r in listed if _is_dict(r)] if isinstance(listed, list) else []


def _at(*path: str) -> Callable[[dict], float | None]:
    """A getter of the number at `path` in one size's results (None if missing)."""
    def get(result: dict) -> float | None:
        value: object = result
        for key in path:
            value = value.get(key) if _is_dict(value) else None
        return _number(value)
    return get


def _site_ratio(result: dict) -> float | None:
    ratio, seconds, bare = _at("site", "ratio")(result), _at("site", "seconds")(result), \
        _at("site", "bare_seconds")(result)
    return ratio if ratio is not None else _divide(seconds, bare)


def _search_bytes_per_paper(result: dict) -> float | None:
    """The search index's bytes over the papers (older files: the figure they kept)."""
    for index in (_at("site", "search", "index_bytes")(result), _at("site", "search_index_bytes")(result)):
        if index is not None:
            return _divide(index, _at("papers")(result))
    return _at("site", "search_index_bytes_per_paper")(result)


def _scaled(get: Callable[[dict], float | None], unit: float) -> Callable[[dict], float | None]:
    """A getter of what `get` gives, in `unit`s (bytes -> MB: 1e6)."""
    def scaled(result: dict) -> float | None:
        value = get(result)
        return None if value is None else value / unit
    return scaled


def _formatter(spec: str, prefix: str = "") -> Callable[[float | None], str]:
    return lambda value: MISSING if value is None else prefix + format(value, spec)


SECONDS, WHOLE, ONE_DECIMAL = _formatter(",.2f"), _formatter(",.0f"), _formatter(",.1f")
TIMES = _formatter(",.1f", "×")
FIGURES: tuple[tuple[str, Callable[[dict], float | None], Callable[[float | None], str]], ...] = (
    ("Generate, s", _at("generate", "seconds"), SECONDS),
    ("Generate, peak memory MB", _at("generate", "peak_mb"), WHOLE),
    ("Output files", _at("generate", "files"), WHOLE),
    ("Output MB", _scaled(_at("generate", "bytes"), 1e6), ONE_DECIMAL),
    ("No-change run, s", _at("again", "seconds"), SECONDS),
    ("No-change run, files rewritten", _at("again", "written"), WHOLE),
    ("One-edit run, s", _at("edit", "seconds"), SECONDS),
    ("One-edit run, files rewritten", _at("edit", "written"), WHOLE),
    ("Site build, s", _at("site", "seconds"), SECONDS),
    ("Site build, peak memory MB", _at("site", "peak_mb"), WHOLE),
    ("Bare MkDocs build of as many pages, s", _at("site", "bare_seconds"), SECONDS),
    ("Site build over bare MkDocs", _site_ratio, TIMES),
    ("Page load ms", _at("site", "search", "page_load_ms"), WHOLE),
    ("Search, page load to first result ms", _at("site", "search", "load_to_result_ms"), WHOLE),
    ("Search, first key to first result ms", _at("site", "search", "typing_to_result_ms"), WHOLE),
    ("Search, last key to its answer ms", _at("site", "search", "answer_ms"), WHOLE),
    ("Search, KB fetched for it", _scaled(_at("site", "search", "fetched_bytes"), 1e3), WHOLE),
    ("Search, KB a page load fetches for it", _scaled(_at("site", "search", "load_fetched_bytes"), 1e3),
     ONE_DECIMAL),
    ("Search index, bytes per paper", _search_bytes_per_paper, WHOLE),
)


def _stage_rows(sizes: list[dict], largest: tuple[dict, dict] | None) -> tuple[Row, ...]:
    """Seconds per stage for each size, then the growth between the two largest sizes."""
    names = list(dict.fromkeys(name for r in sizes for name in _stages(r)))
    rows = [_stage_row(name, sizes, largest, lambda r, name=name: _number(_stages(r).get(name)))
            for name in names]
    if names:
        rows.append(_stage_row("All stages", sizes, largest, _stages_total))
    return tuple(rows)


def _stage_row(label: str, sizes: list[dict], largest: tuple[dict, dict] | None,
               seconds: Callable[[dict], float | None]) -> Row:
    cells = tuple(SECONDS(seconds(r)) for r in sizes)
    if largest:
        cells += (TIMES(_divide(seconds(largest[1]), seconds(largest[0]))),)
    return Row(label, cells)


def _stages(result: dict) -> dict:
    stages = result.get("generate", {}).get("stages") if _is_dict(result.get("generate")) else None
    return stages if _is_dict(stages) else {}


def _stages_total(result: dict) -> float | None:
    seconds = [s for s in map(_number, _stages(result).values()) if s is not None]
    return sum(seconds) if seconds else None


def _two_largest(sizes: list[dict]) -> tuple[dict, dict] | None:
    """The two sizes with the most papers (distinct counts), smaller first."""
    papers = _at("papers")
    counted = sorted((r for r in sizes if (papers(r) or 0) > 0), key=papers)
    by_count = list({papers(r): r for r in counted}.values())
    return (by_count[-2], by_count[-1]) if len(by_count) >= 2 else None


def _growth_heading(largest: tuple[dict, dict]) -> str:
    small, large = (_at("papers")(r) for r in largest)
    return f"{small:,.0f} → {large:,.0f} papers ({TIMES(large / small)})"


def _heading(result: dict) -> str:
    papers = WHOLE(_at("papers")(result))
    return f"{papers} (real corpus)" if result.get("size") == "real" else papers


def _plot(sizes: list[dict]) -> Plot | None:
    """Seconds against papers: generate, one edit and the site build (where measured)."""
    def points(*path: str) -> tuple[tuple[float, float], ...]:
        pairs = ((_at("papers")(r), _at(*path)(r)) for r in sizes)
        return tuple((n, s) for n, s in pairs if n is not None and s is not None)

    series = (Series("generate", "generate", "circle", points("generate", "seconds")),
              Series("one edit", "edit", "square", points("edit", "seconds")),
              Series("site build", "site", "diamond", points("site", "seconds")))
    return loglog_plot(series, linear_from="generate", x_unit="papers")


def _number(value: object) -> float | None:
    """A finite int or float (not a bool) as a float, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _divide(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _machine(machine: object) -> tuple[str, ...]:
    """The facts the file gives: cores, Python version, platform (the template escapes them)."""
    facts = machine if _is_dict(machine) else {}
    worded = (("cores", "{} cores"), ("python", "Python {}"), ("platform", "{}"))
    return tuple(form.format(facts[key]) for key, form in worded
                 if isinstance(facts.get(key), str | int | float) and not isinstance(facts[key], bool))


def _is_dict(value: object) -> bool:
    return isinstance(value, dict)
