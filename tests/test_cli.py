"""The command line: help, counts, and errors that name file and line and leave output alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from generator import store
from generator.cli import main
from generator.render import OUTPUT_DIRS

from .conftest import ROOT, failing, file_tree


def _run(*args, cwd=ROOT, env=None):
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, env=env, timeout=120)




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
    previous = file_tree(fixture_project.docs_dir)
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
    assert file_tree(fixture_project.docs_dir) == previous


def test_output_is_byte_identical_across_hash_seeds(tmp_path, fixture_project):
    trees = []
    for seed in ("0", "1", "12345"):
        root = tmp_path / f"seed{seed}"
        shutil.copytree(fixture_project.root, root)
        shutil.copytree(ROOT / "corpus", root / "corpus", dirs_exist_ok=True)
        shutil.rmtree(root / "annotations")
        shutil.copytree(ROOT / "annotations", root / "annotations")
        result = _run("generate", "--root", str(root), env={**os.environ, "PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        trees.append(file_tree(root / "docs"))
    assert trees[0] == trees[1] == trees[2]
    assert len(trees[0]) > 300


def test_generate_can_print_the_time_of_each_stage(fixture_project):
    result = _run("generate", "--root", str(fixture_project.root), "--timings")
    assert result.returncode == 0, result.stderr
    stages = result.stdout.splitlines()[-1].removeprefix("stages: ").split(", ")
    assert [stage.split()[0] for stage in stages] == [
        "read", "parse", "dedupe", "annotate", "enrich", "relate", "prepare", "render", "export", "write"]
    assert all(float(stage.split()[1]) >= 0 and stage.endswith(" s") for stage in stages)


def _move_the_site(project) -> None:
    """An input change that rewrites five of the fixture's pages (feeds and citations)."""
    project.mkdocs_file.write_text(project.mkdocs_file.read_text().replace("example.org/cards/", "example.org/new/"))


def _interrupt_at(monkeypatch, at: int, error: BaseException | None = None) -> None:
    """Ctrl-C (or `error`) just after the `at`th rename the store makes."""
    monkeypatch.setattr(store.os, "replace", failing(os.replace, {at}, error or KeyboardInterrupt(), after=True))


def _main(*args: str) -> int:
    try:
        return main(list(args))
    except KeyboardInterrupt:
        pytest.fail("Ctrl-C got past the command line: a traceback")


def test_ctrl_c_in_the_middle_of_writing_is_one_line_exit_130_and_the_previous_output(fixture_project,
                                                                                      monkeypatch, capsys):
    root = str(fixture_project.root)
    assert _main("generate", "--root", root) == 0
    _move_the_site(fixture_project)
    previous = file_tree(fixture_project.docs_dir)
    capsys.readouterr()
    _interrupt_at(monkeypatch, 5)  # of ten: five pages moved aside and their new versions moved in
    assert _main("generate", "--root", root) == 130
    monkeypatch.undo()
    assert capsys.readouterr() == ("", "error: interrupted; the previous output is unchanged, unless all the "
                                       "new pages were written\n")
    assert file_tree(fixture_project.docs_dir) == previous
    assert not list(fixture_project.root.glob(".papercards-staging-*"))
    assert _main("generate", "--root", root) == 0
    assert "pages: 5 written, 14 unchanged, 0 removed" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["validate"], ["report"], ["new", "skelnet"]])
def test_ctrl_c_in_any_command_is_one_line_and_exit_130(fixture_project, monkeypatch, capsys, command):
    def interrupted(project):
        raise KeyboardInterrupt

    before = file_tree(fixture_project.root)
    monkeypatch.setattr(store, "read_corpus", interrupted)
    assert _main(*command, "--root", str(fixture_project.root)) == 130
    assert capsys.readouterr() == ("", "error: interrupted; nothing was written\n")
    assert file_tree(fixture_project.root) == before


KILLED_IN_THE_SWAP = """
import os, sys
from generator import store
from generator.cli import main

real_replace, real_swap_in, renames = os.replace, store._swap_in, [0]

def replace(src, dst):  # the renames of the swap, until the process dies as under SIGKILL
    if renames[0] == int(sys.argv[2]):
        os._exit(137)
    real_replace(src, dst)
    renames[0] += 1

def swap_in(*args):
    store.os.replace = replace
    real_swap_in(*args)

store._swap_in = swap_in
sys.exit(main(["generate", "--root", sys.argv[1]]))
"""


def test_a_run_killed_in_the_middle_of_writing_is_set_right_by_the_next_run(tmp_path, fixture_project):
    root, docs = fixture_project.root, fixture_project.docs_dir
    shutil.rmtree(root / "annotations")
    shutil.copytree(ROOT / "annotations", root / "annotations")
    shutil.copytree(ROOT / "corpus", root / "corpus", dirs_exist_ok=True)
    assert _run("generate", "--root", str(root)).returncode == 0
    for listing in ("a_dated.txt", "b_daily.txt"):  # the fixture's own papers leave: their cards go
        (root / "corpus" / "raw" / listing).unlink()
    _move_the_site(fixture_project)  # and most pages change
    before = file_tree(docs)

    killed = subprocess.run([sys.executable, "-c", KILLED_IN_THE_SWAP, str(root), "301"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert killed.returncode == 137, killed.stderr
    mixed = file_tree(docs)
    clean = tmp_path / "clean"
    for name in ("corpus", "annotations"):
        shutil.copytree(root / name, clean / name)
    shutil.copy(root / "mkdocs.yml", clean / "mkdocs.yml")
    (clean / "docs").mkdir()
    assert _run("generate", "--root", str(clean)).returncode == 0
    expected = file_tree(clean / "docs")
    pages = set(before) | set(expected)
    assert sum(mixed.get(page) == expected.get(page) != before.get(page) for page in pages) > 50  # new,
    assert sum(mixed.get(page) == before.get(page) != expected.get(page) for page in pages) > 50  # old,
    assert any(page not in mixed for page in set(before) & set(expected))  # and one moved aside: gone
    assert len(list(root.glob(".papercards-staging-*"))) == 1  # the dead run's, left behind

    again = _run("generate", "--root", str(root))
    assert again.returncode == 0, again.stderr
    assert file_tree(docs) == expected
    assert not list(root.glob(".papercards-staging-*"))


LINKED = "a symbolic link; the generator writes only into real folders under docs/ (remove the link)"


@pytest.mark.parametrize("link, target", [("docs", "elsewhere"), ("docs/papers", "../elsewhere"),
                                          ("docs/topics", "..")])
def test_generate_refuses_a_linked_output_folder_and_touches_nothing(fixture_project, capsys, link, target):
    root = fixture_project.root
    assert _main("generate", "--root", str(root)) == 0
    (fixture_project.docs_dir / "index.md").write_text("hand-written home\n")
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "mine.md").write_text("not the generator's\n")
    if link == "docs":
        os.rename(fixture_project.docs_dir, root / "elsewhere" / "docs")
        target = "elsewhere/docs"
    else:
        shutil.rmtree(root / link)
    (root / link).symlink_to(target, target_is_directory=True)
    _move_the_site(fixture_project)  # so that pages would be written, and stale ones removed
    before = file_tree(root)
    capsys.readouterr()
    assert _main("generate", "--root", str(root)) == 1
    assert capsys.readouterr() == ("", f"error: {link}: {LINKED}\n1 problem; nothing was written\n")
    assert file_tree(root) == before


def test_hand_written_pages_keep_their_bytes_and_times_through_every_kind_of_run(fixture_project, monkeypatch,
                                                                               capsys):
    root, docs = str(fixture_project.root), fixture_project.docs_dir
    for rel in ("index.md", "about.md", "assets/site.css", "assets/img/logo.svg", "notes/mine.md"):
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(f"hand-written {rel}\n")
        os.utime(docs / rel, ns=(1_600_000_000_000_000_000, 1_600_000_000_000_000_000))

    def hand_written() -> dict[str, tuple[bytes, int]]:
        return {rel: ((docs / rel).read_bytes(), (docs / rel).stat().st_mtime_ns)
                for rel in file_tree(docs) if rel.split("/")[0] not in OUTPUT_DIRS}

    before = hand_written()
    assert len(before) == 5
    assert _main("generate", "--root", root) == 0
    assert hand_written() == before
    datasets = fixture_project.datasets_file.read_text()
    fixture_project.datasets_file.write_text(datasets[:datasets.index("  - id: thumos14")])
    assert _main("generate", "--root", root) == 0
    assert ", 1 removed in " in capsys.readouterr().out  # datasets/thumos14.md
    assert hand_written() == before
    _move_the_site(fixture_project)
    _interrupt_at(monkeypatch, 3)
    assert _main("generate", "--root", root) == 130
    _interrupt_at(monkeypatch, 3, OSError(28, "No space left on device"))
    assert _main("generate", "--root", root) == 1
    monkeypatch.undo()
    assert hand_written() == before
    fixture_project.topics_file.write_text("topics: [\n")
    assert _main("generate", "--root", root) == 1
    assert hand_written() == before
