"""plot: log-log geometry, round axis ends, tick labels, and no failure on any figures."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.plot import BOTTOM, LEFT, RIGHT, TOP, Series, loglog_plot


def _plot(*series: tuple[tuple[float, float], ...]):
    keys = ("generate", "edit", "site")
    return loglog_plot(tuple(Series(k, k, "circle", points) for k, points in zip(keys, series, strict=False)),
                       linear_from="generate", x_unit="papers")


def test_ten_times_the_value_is_the_same_step_on_both_axes():
    plot = _plot(((100, 1), (1000, 10), (10_000, 100), (100_000, 1000)))
    points = plot.lines[0].points
    pairs = list(zip(points, points[1:], strict=False))
    assert [b.x - a.x for a, b in pairs] == pytest.approx([(RIGHT - LEFT) / 3] * 3, abs=0.1)  # coordinates round to 0.1
    assert [a.y - b.y for a, b in pairs] == pytest.approx([(BOTTOM - TOP) / 3] * 3, abs=0.1)


def test_the_axes_run_from_a_round_value_below_the_data_to_the_next_power_of_ten():
    plot = _plot(((307, 1.53), (10_000, 26.4), (100_000, 255.0)))
    assert [t.label for t in plot.x_ticks] == ["300", "1k", "10k", "100k"]
    assert [t.label for t in plot.y_ticks] == ["1 s", "10 s", "100 s", "1,000 s"]
    assert plot.x_ticks[0].position == LEFT and plot.x_ticks[-1].position == RIGHT
    assert plot.y_ticks[0].position == BOTTOM and plot.y_ticks[-1].position == TOP


def test_a_narrow_time_range_gets_2_and_5_ticks_and_small_times_their_decimals():
    plot = _plot(((200, 0.3), (2000, 4.0)))
    assert [t.label for t in plot.x_ticks] == ["200", "1k", "10k"]
    assert [t.label for t in plot.y_ticks] == ["0.1 s", "0.2 s", "0.5 s", "1 s", "2 s", "5 s", "10 s"]


def test_the_linear_line_runs_from_the_first_generate_point_to_the_largest_size():
    plot = _plot(((1000, 2.0), (10_000, 10.0)), ((1000, 5.0),))
    start, end = plot.linear
    assert (start.x, start.y) == (plot.lines[0].points[0].x, plot.lines[0].points[0].y)
    assert end.label == "10,000 papers: 20.00 s" and end.x == plot.lines[0].points[1].x
    assert "The dotted line is linear growth from 1,000 papers." in plot.description


def test_points_are_sorted_by_x_and_unplottable_values_left_out():
    plot = _plot(((3000, 9.0), (0, 1.0), (307, 1.5), (1000, -2.0), (5000, 0.0)))
    assert [p.label for p in plot.lines[0].points] == ["307 papers: 1.50 s", "3,000 papers: 9.00 s"]
    assert _plot(((0, 1.0),), ()) is None
    one = _plot(((307, 1.5),))
    assert one.linear is None and len(one.lines[0].points) == 1 and one.x_ticks[-1].label == "1k"


def test_legend_entries_do_not_overlap():
    plot = _plot(((300, 1),), ((300, 2),), ((300, 3),))
    starts = [line.legend_x for line in plot.lines] + [plot.linear_legend_x]
    assert starts == sorted(starts) and plot.linear_legend_x < RIGHT


VALUE = st.floats(min_value=0, allow_nan=False, allow_infinity=False) | st.integers(-10, 10**9)


@given(st.lists(st.lists(st.tuples(VALUE, VALUE), max_size=4).map(tuple), min_size=1, max_size=3))
def test_any_figures_give_a_plot_inside_its_area_or_none(series):
    plot = _plot(*series)
    if plot is None:
        return
    for line in plot.lines:
        for point in line.points:
            assert LEFT <= point.x <= RIGHT and TOP <= point.y <= BOTTOM
    assert all(math.isfinite(t.position) for t in plot.x_ticks + plot.y_ticks)


@pytest.mark.parametrize("value, label", [(300, "300"), (1000, "1k"), (20_000, "20k"), (1e6, "1M")])
def test_count_labels(value, label):
    assert _plot(((value, 1.0), (value * 10, 2.0))).x_ticks[0].label == label
