"""Golden pages: the fixture project's generated pages and exports, compared byte for byte.

After an intended change to templates or rendering, refresh them with `make golden`
(pytest tests/test_golden.py --update-goldens) and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import build

from .conftest import commit_all

GOLDEN = Path(__file__).parent / "golden"


def test_generated_pages_match_the_goldens(fixture_project, request):
    commit_all(fixture_project.root, "2026-03-02T10:00:00Z")  # dates for the feed and "Recently added"
    pages = build(fixture_project).pages
    if request.config.getoption("--update-goldens"):
        for old in _files(GOLDEN):
            old.unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8", newline="")
        pytest.skip("goldens rewritten; review `git diff tests/golden`")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in _files(GOLDEN)}
    assert sorted(pages) == sorted(expected)
    for rel, text in pages.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/{rel}; run `make golden` if intended"


def _files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]
