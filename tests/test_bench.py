"""bench.run measures what it says: a tiny synthetic corpus through generate, again, one edit."""

from __future__ import annotations

import json

import pytest

from bench import run

pytestmark = pytest.mark.slow


def test_the_benchmark_reports_every_figure_for_a_small_corpus(tmp_path, capsys):
    output = tmp_path / "results.json"
    assert run.main(["--sizes", "200", "--site-sizes", "", "--output", str(output)]) == 0
    report = json.loads(output.read_text())
    assert report["machine"]["cores"] >= 1
    (result,) = report["results"]
    assert (result["size"], result["papers"]) == ("200", 200)
    first, again, edit = result["generate"], result["again"], result["edit"]
    assert first["written"] == first["files"] > 200 and first["bytes"] > 0 and first["peak_mb"] > 10
    assert list(first["stages"]) == ["read", "parse", "dedupe", "annotate", "enrich", "relate", "prepare", "render",
                                     "export", "write"]
    assert (again["written"], again["removed"]) == (0, 0)
    assert 1 <= edit["written"] < 20  # the card, its listings, the exports; not the whole site
    assert result["site"] == {}
    printed = capsys.readouterr().out
    assert "seconds per stage" in printed and f"written to {output}" in printed
