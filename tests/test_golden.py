"""Golden pages: the fixture project's generated Markdown, compared byte for byte.

After an intended change to templates or rendering, refresh them with `make golden`
(pytest tests/test_golden.py --update-goldens) and review the diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.pipeline import build

GOLDEN = Path(__file__).parent / "golden"


def test_generated_pages_match_the_goldens(fixture_project, request):
    pages = build(fixture_project).pages
    if request.config.getoption("--update-goldens"):
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8", newline="")
        pytest.skip("goldens rewritten; review `git diff tests/golden`")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for rel, text in pages.items():
        assert text == expected[rel], f"{rel} differs from tests/golden/{rel}; run `make golden` if intended"
