"""A log-log line plot as plain geometry for an inline SVG (templates/_plot.md.j2 draws it): no
plotting library, nothing loaded from another host.

    plot = loglog_plot((Series("generate", "generate", "circle", ((307, 1.53), (3000, 9.32))),),
                       linear_from="generate", x_unit="papers")

Both axes are log scales: ten times the value is always the same step. The x axis starts at a
round value at or below the smallest x (300 for 307) and ends at the next power of ten; the y axis
spans whole powers of ten (with 2 and 5 ticks when it spans two decades or less). A dotted line
shows linear growth from the first point of the `linear_from` series. Values outside SHOWN are
left out. Coordinates are rounded to 0.1, so the same figures always give the same SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 600, 350
LEFT, RIGHT, TOP, BOTTOM = 64, WIDTH - 24, 44, HEIGHT - 60  # the plot area, inside the axes
LEGEND_Y = 16
CHAR_WIDTH = 8  # a 14-unit font's average character, for the legend's layout
ROUND_STEPS = (1, 2, 3, 5)
SHOWN = (1e-9, 1e12)  # values outside are left out of the plot (no benchmark figure comes near)


@dataclass(frozen=True)
class Series:
    """One line: `points` are (x, y) pairs; `key` names its CSS class, `marker` its point shape
    (circle, square or diamond), so the lines differ without colour too."""

    name: str
    key: str
    marker: str
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str  # "3,000 papers: 9.32 s"


@dataclass(frozen=True)
class Line:
    name: str
    key: str
    marker: str
    points: tuple[Point, ...]
    legend_x: float


@dataclass(frozen=True)
class Plot:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    legend_y: int
    title: str  # "Seconds against papers, log-log"
    caption: str
    x_label: str
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    lines: tuple[Line, ...]
    linear: tuple[Point, Point] | None  # the dotted reference line
    linear_legend_x: float
    description: str


def loglog_plot(series: tuple[Series, ...], linear_from: str, x_unit: str) -> Plot | None:
    """The plot of every series' positive points, or None when no point is left."""
    kept = tuple(s for s in (_positive(s) for s in series) if s.points)
    if not kept:
        return None
    xs = [x for s in kept for x, _ in s.points]
    start = next((s.points[0] for s in kept if s.key == linear_from and s.points[0][0] < max(xs)), None)
    linear = (start, (max(xs), start[1] * max(xs) / start[0])) if start else None
    ys = [y for s in kept for _, y in s.points] + ([linear[1][1]] if linear else [])
    x_lo, x_hi = _round_below(min(xs)), _decade_above(max(xs), min(xs))
    y_lo, y_hi = _number(1, math.floor(math.log10(min(ys)))), _decade_above(max(ys), min(ys))
    x_at, y_at = _scale(x_lo, x_hi, LEFT, RIGHT), _scale(y_lo, y_hi, BOTTOM, TOP)

    def point(x: float, y: float) -> Point:
        return Point(x_at(x), y_at(y), f"{x:,.0f} {x_unit}: {y:,.2f} s")

    lines, legend_x = [], float(LEFT)
    for s in kept:
        lines.append(Line(s.name, s.key, s.marker, tuple(point(x, y) for x, y in s.points), legend_x))
        legend_x += _legend_width(s.name)
    return Plot(
        width=WIDTH, height=HEIGHT, left=LEFT, right=RIGHT, top=TOP, bottom=BOTTOM, legend_y=LEGEND_Y,
        title=f"Seconds against {x_unit}, log-log", caption=_caption(x_unit, start),
        x_label=f"{x_unit} (log scale)",
        x_ticks=tuple(Tick(x_at(v), _count_label(v)) for v in _x_ticks(x_lo, x_hi)),
        y_ticks=tuple(Tick(y_at(v), _seconds_label(v)) for v in _y_ticks(y_lo, y_hi)),
        lines=tuple(lines), linear=(point(*linear[0]), point(*linear[1])) if linear else None,
        linear_legend_x=legend_x, description=_description(kept, x_unit, start),
    )


def _positive(series: Series) -> Series:
    """Log scales show positive values only (and none absurdly small or large); points in x order."""
    low, high = SHOWN
    points = tuple(sorted((x, y) for x, y in series.points if low <= x <= high and low <= y <= high))
    return Series(series.name, series.key, series.marker, points)


def _scale(lo: float, hi: float, start: float, end: float):
    """Value -> coordinate on a log scale from `lo` (at `start`) to `hi` (at `end`)."""
    span = math.log10(hi) - math.log10(lo)
    return lambda value: round(start + (math.log10(value) - math.log10(lo)) / span * (end - start), 1)


def _round_below(value: float) -> float:
    """The largest 1, 2, 3 or 5 times a power of ten at or below `value` (307 -> 300)."""
    exponent = math.floor(math.log10(value))
    return max(_number(step, exponent) for step in ROUND_STEPS if _number(step, exponent) <= value)


def _decade_above(value: float, low: float) -> float:
    """The smallest power of ten at or above `value`, and above `low`."""
    exponent = math.ceil(math.log10(value))
    return _number(1, exponent if _number(1, exponent) > low else exponent + 1)


def _x_ticks(lo: float, hi: float) -> list[float]:
    """The axis start, then every power of ten after it."""
    first, last = math.floor(math.log10(lo)) + 1, round(math.log10(hi))
    return [lo] + [_number(1, e) for e in range(first, last + 1) if _number(1, e) > lo]


def _y_ticks(lo: float, hi: float) -> list[float]:
    """Every power of ten from `lo` to `hi`; 2 and 5 between them when there are at most two."""
    first, last = round(math.log10(lo)), round(math.log10(hi))
    steps = (1, 2, 5) if last - first <= 2 else (1,)
    values = [_number(step, e) for e in range(first, last + 1) for step in steps]
    return [v for v in values if v <= hi]


def _number(step: int, exponent: int) -> float:
    """step × 10^exponent as the float its decimal spelling gives (0.1, not 0.1000000001)."""
    return float(f"{step}e{exponent}")


def _count_label(value: float) -> str:
    """300, 1k, 10k, 100k, 1M."""
    for size, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= size:
            return f"{value / size:g}{suffix}"
    return f"{value:g}"


def _seconds_label(value: float) -> str:
    return f"{value:,.0f} s" if value >= 1 else f"{value:g} s"


def _legend_width(name: str) -> float:
    """A legend entry: its swatch, its name, a gap."""
    return 28 + CHAR_WIDTH * len(name) + 20


def _caption(x_unit: str, start: tuple[float, float] | None) -> str:
    text = f"Seconds against {x_unit}, both on log scales: ten times the {x_unit} is always the same step."
    if start:
        text += f" The dotted line is linear growth from the first point ({start[0]:,.0f} {x_unit})."
    return text


def _description(lines: tuple[Series, ...], x_unit: str, start: tuple[float, float] | None) -> str:
    """Every figure the plot shows, in words, for screen readers."""
    parts = [f"{s.name}: " + ", ".join(f"{x:,.0f} {x_unit} {y:,.2f} s" for x, y in s.points) for s in lines]
    text = "Seconds against " + x_unit + ", both on log scales. " + "; ".join(parts) + "."
    if start:
        text += f" The dotted line is linear growth from {start[0]:,.0f} {x_unit}."
    return text
