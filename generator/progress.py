"""A progress line for long runs (`generate` at 100,000 papers takes a minute), on a terminal only.

    with Progress(sys.stderr) as progress:
        progress.stage("render", total=len(papers), unit="pages")
        for paper in papers:
            ...
            progress.advance()

    papercards: render  45,000/100,000 pages  12.3 s

Nothing is written unless the stream is a terminal and the run has lasted `delay` seconds (2): a
quick run, a pipe, a log file, CI and the tests see nothing. Then one line is redrawn in place (a
carriage return, then spaces over what is left of the previous line), at most once per `interval`
(0.1 s), with the time since the Progress was made. `close()` (or leaving the `with` block, by an
error too) erases the line, so what is printed next starts on a clean line: close it before
printing anything else to the same terminal.

`advance()` only adds to a counter and compares it with the next count at which to read the
clock; that count adapts so the clock is read about every interval / 4 (and once per call only
when each item takes that long). A Progress that shows nothing never reads the clock at all.
Single-threaded: call it from the thread that does the work.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY = 2.0  # seconds of quiet before the line appears
INTERVAL = 0.1  # seconds between redraws, at least
MAX_STRIDE = 1 << 20  # items between two looks at the clock, at most
DEFAULT_WIDTH = 80
NEVER = 1 << 62  # a count never reached: an int, as comparing an int with math.inf is slower


class Progress:
    """A one-line progress display on `stream` (stderr by default), when it is a terminal."""

    def __init__(self, stream: TextIO | None = None, *, clock: Callable[[], float] = time.monotonic,
                 delay: float = DELAY, interval: float = INTERVAL, width: int | None = None,
                 label: str = "papercards") -> None:
        self._stream = sys.stderr if stream is None else stream
        self._enabled = _is_terminal(self._stream)
        self._clock, self._delay, self._interval, self._label = clock, delay, interval, label
        self._width = width or (_terminal_width(self._stream) if self._enabled else DEFAULT_WIDTH)
        self._started = self._last_look = clock() if self._enabled else 0.0
        self._next_draw = self._started + delay
        self._stage, self._total, self._unit = "", None, ""
        self._done, self._stride, self._shown = 0, 1, 0
        self._look_at = 1 if self._enabled else NEVER  # the count at which to read the clock

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        """A new stage: `name`, and `total` items of `unit` to come (if known)."""
        self._stage, self._total, self._unit, self._done = name, total, unit, 0
        if self._enabled:
            self._stride = 1
            self._look()

    def advance(self, n: int = 1) -> None:
        """`n` more items of the current stage done."""
        self._done += n
        if self._done >= self._look_at:
            self._look()

    def close(self) -> None:
        """Erase the line, if shown; later calls write nothing."""
        if self._shown:
            self._stream.write("\r" + " " * self._shown + "\r")
            self._stream.flush()
            self._shown = 0
        self._enabled, self._look_at = False, NEVER

    def _line(self, now: float) -> str:
        """The text shown at time `now`: label, stage, count, seconds since the start."""
        parts = [f"{self._label}: {self._stage}" if self._stage else f"{self._label}:"]
        if self._total is not None:
            parts.append(f"{self._done:,}/{self._total:,} {self._unit}".rstrip())
        elif self._done:
            parts.append(f"{self._done:,} {self._unit}".rstrip())
        parts.append(f"{now - self._started:.1f} s")
        return "  ".join(parts)[: self._width - 1]

    def _look(self) -> None:
        """Read the clock: redraw if it is time, and set when to look next."""
        now = self._clock()
        self._stride = _next_stride(self._stride, now - self._last_look, self._interval / 4)
        self._last_look, self._look_at = now, self._done + self._stride
        if now >= self._next_draw:
            self._draw(self._line(now))
            self._next_draw = now + self._interval

    def _draw(self, line: str) -> None:
        self._stream.write("\r" + line + " " * (self._shown - len(line)))
        self._stream.flush()
        self._shown = len(line)


def _next_stride(stride: int, elapsed: float, target: float) -> int:
    """Items until the next look at the clock, so that looks come about `target` seconds apart:
    at most twice as many as last time, at least one."""
    wanted = stride * target / elapsed if elapsed > 0 else math.inf
    return max(1, int(min(wanted, 2 * stride, MAX_STRIDE)))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no isatty, or a closed stream
        return False


def _terminal_width(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, OSError, ValueError):
        return DEFAULT_WIDTH
