"""Named errors. Stages raise them; only the CLI (and the MkDocs hook) turn them into output.

Every error knows where it happened (file and line) so a curator can go from the message
straight to the fix: ``corpus/raw/003.txt:41: expected a title ...``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input, at one place."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class GeneratorError(Exception):
    """Base class: carries every problem found, so all of them are reported in one run."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class CorpusError(GeneratorError):
    """A raw listing file cannot be read or parsed."""


class AnnotationError(GeneratorError):
    """An annotation file (topics, papers, datasets) is malformed or points nowhere."""


class SlugError(GeneratorError):
    """Two distinct papers would share one URL."""


class OutputError(GeneratorError):
    """The generated pages could not be written; the previous output is left as it was."""
