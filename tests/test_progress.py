"""progress: a line on a terminal for slow runs only, redrawn at most ten times a second, erased at the end."""

from __future__ import annotations

import io

import pytest

from generator.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves; counts how often it is read."""

    def __init__(self) -> None:
        self.now, self.reads = 0.0, 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now


def _screen(written: str) -> list[str]:
    """Each redraw, as the terminal shows it (trailing spaces cleared)."""
    return [part.rstrip() for part in written.split("\r") if part.strip()]


def _slow_render(progress: Progress, clock: Clock, items: int = 100, seconds_each: float = 0.05) -> None:
    progress.stage("render", total=items, unit="pages")
    for _ in range(items):
        clock.now += seconds_each
        progress.advance()


def test_a_stream_that_is_not_a_terminal_gets_nothing_and_the_clock_is_never_read():
    stream, clock = io.StringIO(), Clock()
    with Progress(stream, clock=clock) as progress:
        _slow_render(progress, clock, items=1000, seconds_each=1.0)
    assert stream.getvalue() == "" and clock.reads == 0


def test_a_closed_stream_or_one_without_isatty_counts_as_not_a_terminal():
    closed = io.StringIO()
    closed.close()
    for stream in (closed, object()):
        progress = Progress(stream, clock=Clock())  # type: ignore[arg-type]
        progress.stage("read")
        progress.advance()
        progress.close()


def test_a_terminal_sees_nothing_when_the_run_ends_within_the_delay():
    stream, clock = Terminal(), Clock()
    with Progress(stream, clock=clock, width=100) as progress:
        _slow_render(progress, clock, items=39)  # 1.95 s
        progress.stage("write")
    assert stream.getvalue() == ""


def test_a_slow_run_shows_the_stage_its_count_and_the_seconds_so_far():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, width=100)
    progress.stage("read")
    clock.now = 1.5
    _slow_render(progress, clock, items=80, seconds_each=0.0625)  # to 6.5 s
    progress.stage("relate", unit="papers")
    progress.advance(1000)
    clock.now = 7.0
    progress.advance(234)
    progress.stage("write")
    clock.now = 7.5
    progress.stage("export")
    lines = _screen(stream.getvalue())
    assert lines[0] == "papercards: render  8/80 pages  2.0 s"
    assert "papercards: render  80/80 pages  6.5 s" in lines
    assert "papercards: relate  1,234 papers  7.0 s" in lines
    assert lines[-1] == "papercards: export  7.5 s"
    assert "\n" not in stream.getvalue()


def test_redraws_come_at_most_once_per_interval():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, width=100)
    clock.now = 2.0
    _slow_render(progress, clock, items=1024, seconds_each=1 / 128)  # 8 s, an item every 8 ms
    lines = _screen(stream.getvalue())
    assert 60 <= len(lines) <= 81  # 10 a second at most; and it does keep redrawing
    seconds = [float(line.split()[-2]) for line in lines]
    assert all(b - a >= 0.1 - 1e-9 for a, b in zip(seconds, seconds[1:], strict=False))


def test_fast_items_read_the_clock_rarely():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, width=100)
    progress.stage("render", total=1_000_000)
    for _ in range(1_000_000):
        clock.now += 1e-7  # 0.1 s in all
        progress.advance()
    assert clock.reads < 100


def test_a_shorter_line_clears_what_is_left_of_the_longer_one():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, width=100, delay=0.0)
    progress.stage("render", total=100_000, unit="pages")
    first = stream.getvalue()
    clock.now = 1.0
    progress.stage("write")
    redraw = stream.getvalue()[len(first):]
    assert redraw == "\r" + "papercards: write  1.0 s".ljust(len(first) - 1)


def test_lines_are_cut_to_the_terminal_width():
    stream, clock = Terminal(), Clock()
    progress = Progress(stream, clock=clock, width=20, delay=0.0)
    progress.stage("render", total=100_000, unit="pages")
    assert _screen(stream.getvalue()) == ["papercards: render "[:19].rstrip()]


def test_close_erases_the_line_and_later_calls_write_nothing():
    stream, clock = Terminal(), Clock()
    with Progress(stream, clock=clock, width=100, delay=0.0) as progress:
        progress.stage("render", total=10, unit="pages")
        shown = stream.getvalue()
    width = len(shown) - 1
    assert stream.getvalue() == shown + "\r" + " " * width + "\r"
    clock.now = 10.0
    progress.stage("write")
    progress.advance()
    assert stream.getvalue() == shown + "\r" + " " * width + "\r"


def test_an_error_inside_the_block_still_erases_the_line():
    stream, clock = Terminal(), Clock()
    with pytest.raises(KeyError), Progress(stream, clock=clock, width=100, delay=0.0) as progress:
        progress.stage("annotate")
        raise KeyError("x")
    assert _screen(stream.getvalue()) == ["papercards: annotate  0.0 s"]
    assert stream.getvalue().endswith(" \r")


def test_generate_shows_its_stages_in_order_and_counts_the_cards(fixture_project):
    """The pipeline's wiring: every stage is named as it starts, the cards are counted."""
    from generator.pipeline import generate

    terminal = Terminal()
    with Progress(terminal, delay=0, interval=0, width=200) as progress:
        site, _ = generate(fixture_project, progress)
    stages = []
    for line in _screen(terminal.getvalue()):
        stage = line.removeprefix("papercards: ").split("  ")[0]
        if not stages or stages[-1] != stage:
            stages.append(stage)
    assert stages == ["read", "parse", "dedupe", "read", "annotate", "enrich", "relate", "prepare", "render",
                      "export", "write"]
    cards = len(site.corpus.papers)
    assert f"papercards: render  {cards:,}/{cards:,} cards" in "\n".join(_screen(terminal.getvalue()))
