"""Curator tooling: `new` finds a paper and writes its skeleton, `report` shows coverage."""

from __future__ import annotations

import subprocess
import sys

import yaml

TAL_SLUG = "temporal-action-localization-in-untrimmed-video"


def _run(project, *args: str):
    return subprocess.run([sys.executable, "-m", "generator", args[0], "--root", str(project.root), *args[1:]],
                          capture_output=True, text=True, timeout=120)


def test_new_finds_the_paper_by_words_and_writes_a_skeleton_that_validates(fixture_project):
    result = _run(fixture_project, "new", "untrimmed localization")
    assert result.returncode == 0, result.stderr
    path = fixture_project.papers_dir / f"{TAL_SLUG}.yml"
    assert result.stdout.splitlines()[0] == (f"wrote annotations/papers/{TAL_SLUG}.yml for "
                                             "'Temporal Action Localization in Untrimmed Video'")
    text = path.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../generator/schemas/paper.schema.json\n")
    assert yaml.safe_load(text) == {"title": "Temporal Action Localization in Untrimmed Video"}
    assert "# topics: [temporal-localization]   # found by the topic rules" in text
    assert "# project_page: https://tal-demo.github.io/page   # found in the abstract" in text
    assert "# The arXiv id, such as 2403.12345." in text  # each field explained from the schema
    assert _run(fixture_project, "validate").returncode == 0
    again = _run(fixture_project, "new", TAL_SLUG)
    assert again.returncode == 1
    assert again.stderr == (f"error: annotations/papers/{TAL_SLUG}.yml: already exists; "
                            "edit it (the card is annotated already)\n")
    assert path.read_text() == text


def test_new_lists_candidates_when_the_words_are_ambiguous(fixture_project):
    result = _run(fixture_project, "new", "action")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "error: 'action' could be any of these papers; give more words or the slug:",
        f"  {TAL_SLUG}",
        "      Temporal Action Localization in Untrimmed Video",
        "  skelnet-skeleton-based-action-recognition-with-graph-tricks",
        "      SkelNet: Skeleton-based Action Recognition with <Graph> Tricks",
    ]
    assert sorted(p.name for p in fixture_project.papers_dir.iterdir()) == [
        "a-recommender-for-playlists.yml", "skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"]


def test_new_tolerates_a_typo_and_says_when_nothing_is_close(fixture_project):
    fuzzy = _run(fixture_project, "new", "Temporal Action Localisation in Untrimed Video")
    assert fuzzy.returncode == 0, fuzzy.stderr
    assert (fixture_project.papers_dir / f"{TAL_SLUG}.yml").exists()
    none = _run(fixture_project, "new", "quantum chromodynamics")
    assert none.returncode == 1
    assert none.stderr == "error: no paper's slug or title is like 'quantum chromodynamics'\n"


def test_report_shows_coverage_and_lists_files_with_problems(fixture_project):
    (fixture_project.papers_dir / "lost.yml").write_text("title: A Paper Nobody Listed\n")
    result = _run(fixture_project, "report")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for expected in (
        "cards                            3  100%",
        "annotated by a curator           2   67%",
        "with a TL;DR                     1   33%",
        "listed, in no topic              0    0%",
        "off-topic                        1   33%",
        "corpus: 4 listings, 1 merges, 0 conflicts",
        "     1 (  1)  Skeleton-based recognition   <- fewer than 3",
        "  a-recommender-for-playlists: Music recommendation; no video or actions.",
        "annotation files left out because of problems (run `python -m generator validate`): 1",
        "  annotations/papers/lost.yml:1: title: no paper in the corpus has this title",
    ):
        assert expected in lines, expected
