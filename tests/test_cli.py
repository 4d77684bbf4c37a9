"""The command line: help, counts, and errors that name file and line and leave output alone."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def _run(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)


def _tree(root):
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_help_lists_every_command_with_an_example():
    result = _run("--help")
    assert result.returncode == 0
    assert "generate" in result.stdout and "example" in result.stdout
    sub = _run("generate", "--help")
    assert sub.returncode == 0 and "python -m generator generate" in sub.stdout


def test_no_command_is_a_usage_error():
    result = _run()
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_generate_prints_the_counts(fixture_project):
    result = _run("generate", "--root", str(fixture_project.root))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "listings: 4, distinct papers: 3, merges: 1, conflicts: 0"
    assert lines[1] == "topics: 3, papers in no topic: 0, off-topic: 1, annotated: 2"
    assert lines[2].split() == ["1", "Action", "recognition"]
    assert lines[-1].startswith("pages: 19 written, 0 unchanged, 0 removed in ")
    again = _run("generate", "--root", str(fixture_project.root))
    assert again.stdout.splitlines()[-1].startswith("pages: 0 written, 19 unchanged, 0 removed")


def test_every_error_is_reported_once_and_the_previous_output_is_kept(fixture_project):
    assert _run("generate", "--root", str(fixture_project.root)).returncode == 0
    previous = _tree(fixture_project.docs_dir)
    (fixture_project.corpus_dir / "c_broken.txt").write_text(
        "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\n"
        "SubscribeA Title\nIts abstract.\nAn Orphan Title\n")
    topics = fixture_project.topics_file.read_text().replace("min_hits: 2", "min_hits: two")
    fixture_project.topics_file.write_text(topics)
    result = _run("generate", "--root", str(fixture_project.root))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: annotations/topics.yml:19: topics[2].match.min_hits: expected a whole number, got 'two'",
        "error: corpus/raw/c_broken.txt:5: the title 'An Orphan Title' has no abstract",
        "2 problems; nothing was written",
    ]
    assert _tree(fixture_project.docs_dir) == previous


def test_output_is_byte_identical_across_hash_seeds(tmp_path, fixture_project):
    import os
    import shutil

    trees = []
    for seed in ("0", "1", "12345"):
        root = tmp_path / f"seed{seed}"
        shutil.copytree(fixture_project.root, root)
        shutil.copytree(ROOT / "corpus", root / "corpus", dirs_exist_ok=True)
        shutil.rmtree(root / "annotations")
        shutil.copytree(ROOT / "annotations", root / "annotations")
        result = _run("generate", "--root", str(root), env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        trees.append(_tree(root / "docs"))
    assert trees[0] == trees[1] == trees[2]
    assert len(trees[0]) > 300


def test_generate_can_print_the_time_of_each_stage(fixture_project):
    result = _run("generate", "--root", str(fixture_project.root), "--timings")
    assert result.returncode == 0, result.stderr
    stages = result.stdout.splitlines()[-1].removeprefix("stages: ").split(", ")
    assert [stage.split()[0] for stage in stages] == [
        "read", "parse", "dedupe", "annotate", "enrich", "relate", "prepare", "render", "export", "write"]
    assert all(float(stage.split()[1]) >= 0 and stage.endswith(" s") for stage in stages)
