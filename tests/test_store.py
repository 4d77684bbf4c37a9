"""write: atomic, minimal, and never touching hand-written pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from generator import store
from generator.errors import OutputError
from generator.store import write_pages

from .conftest import failing, file_tree, git

OWNED = ("papers", "topics")


def _failing_replace(monkeypatch, error: BaseException, at: set[int], renamed: bool = False) -> None:
    """os.replace, as the store calls it, raising `error` at its calls numbered `at`: before
    renaming, or just after it with `renamed`."""
    monkeypatch.setattr(store.os, "replace", failing(os.replace, at, error, after=renamed))


@pytest.fixture
def docs(fixture_project):
    (fixture_project.docs_dir / "index.md").write_text("hand-written home\n")
    (fixture_project.docs_dir / "about.md").write_text("hand-written about\n")
    return fixture_project


def test_first_write_creates_the_pages(docs):
    stats = write_pages(docs, {"papers/a.md": "A\n", "topics/t.md": "T\n"}, OWNED)
    assert (stats.written, stats.unchanged, stats.removed) == (2, 0, 0)
    assert (docs.docs_dir / "papers/a.md").read_text() == "A\n"


def test_unchanged_pages_are_not_rewritten(docs):
    pages = {"papers/a.md": "A\n", "papers/b.md": "B\n"}
    write_pages(docs, pages, OWNED)
    before = {p: os.stat(docs.docs_dir / p) for p in pages}
    stats = write_pages(docs, {**pages, "papers/b.md": "B2\n"}, OWNED)
    assert (stats.written, stats.unchanged) == (1, 1)
    after_a = os.stat(docs.docs_dir / "papers/a.md")
    assert (after_a.st_ino, after_a.st_mtime_ns) == (before["papers/a.md"].st_ino, before["papers/a.md"].st_mtime_ns)


def test_pages_that_left_the_corpus_are_removed_and_hand_written_pages_kept(docs):
    write_pages(docs, {"papers/a.md": "A\n", "papers/gone.md": "G\n", "topics/old/x.md": "X\n"}, OWNED)
    hand_written = file_tree(docs.docs_dir)
    stats = write_pages(docs, {"papers/a.md": "A\n"}, OWNED)
    assert stats.removed == 2
    assert not (docs.docs_dir / "papers/gone.md").exists()
    assert not (docs.docs_dir / "topics").exists()  # emptied folders go too
    assert (docs.docs_dir / "index.md").read_text() == "hand-written home\n"
    assert {k: v for k, v in file_tree(docs.docs_dir).items() if not k.startswith(OWNED)} == {
        k: v for k, v in hand_written.items() if not k.startswith(OWNED)}


def test_a_page_in_pieces_is_written_whole_and_left_alone_when_unchanged(docs):
    stats = write_pages(docs, {"papers/big.json": ["{\n", "\"é\": 1", "\n}\n"]}, OWNED)
    assert stats.written == 1 and (docs.docs_dir / "papers/big.json").read_bytes() == '{\n"é": 1\n}\n'.encode()
    before = os.stat(docs.docs_dir / "papers/big.json")
    stats = write_pages(docs, {"papers/big.json": ["{\n\"é\": 1", "\n}\n"]}, OWNED)  # the same text, cut elsewhere
    assert (stats.written, stats.unchanged) == (0, 1)
    assert os.stat(docs.docs_dir / "papers/big.json").st_mtime_ns == before.st_mtime_ns
    stats = write_pages(docs, {"papers/big.json": ["{\n", "\"é\": 2", "\n}\n"]}, OWNED)
    assert stats.written == 1 and (docs.docs_dir / "papers/big.json").read_text("utf-8") == '{\n"é": 2\n}\n'


def test_only_the_folders_left_empty_are_removed(docs):
    write_pages(docs, {"topics/a/b/c/x.md": "X\n", "topics/a/y.md": "Y\n", "papers/p/z.md": "Z\n"}, OWNED)
    write_pages(docs, {"topics/a/y.md": "Y\n"}, OWNED)
    assert (docs.docs_dir / "topics/a/y.md").is_file()
    assert not (docs.docs_dir / "topics/a/b").exists()
    assert not (docs.docs_dir / "papers").exists()


def test_writing_outside_the_generated_folders_is_refused(docs):
    for bad in ("index.md", "papers/../index.md"):
        with pytest.raises(ValueError):
            write_pages(docs, {bad: "x"}, OWNED)
    assert (docs.docs_dir / "index.md").read_text() == "hand-written home\n"


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 5, 6])  # six renames in all
def test_a_failure_in_the_middle_of_writing_leaves_the_previous_output_intact(docs, monkeypatch, fail_at):
    write_pages(docs, {"papers/a.md": "A\n", "papers/b.md": "B\n", "papers/c.md": "C\n"}, OWNED)
    previous = file_tree(docs.docs_dir)
    _failing_replace(monkeypatch, OSError(28, "No space left on device"), {fail_at})
    new = {"papers/a.md": "A2\n", "papers/b.md": "B2\n", "papers/d.md": "D\n"}  # c.md leaves
    with pytest.raises(OutputError) as caught:
        write_pages(docs, new, OWNED)
    assert "the previous output is unchanged" in str(caught.value)
    monkeypatch.undo()
    assert file_tree(docs.docs_dir) == previous
    assert not list(docs.root.glob(".papercards-staging-*"))


def test_a_failure_while_staging_touches_nothing(docs, monkeypatch):
    write_pages(docs, {"papers/a.md": "A\n"}, OWNED)
    previous = file_tree(docs.docs_dir)

    def no_space(self, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.Path, "write_bytes", no_space)
    with pytest.raises(OutputError):
        write_pages(docs, {"papers/a.md": "A2\n", "papers/b.md": "B\n"}, OWNED)
    monkeypatch.undo()
    assert file_tree(docs.docs_dir) == previous


THREE = {"papers/a.md": "A\n", "papers/b.md": "B\n", "papers/c.md": "C\n"}
NEXT = {"papers/a.md": "A2\n", "papers/b.md": "B2\n", "papers/d.md": "D\n"}  # c.md leaves: six renames in all


@pytest.mark.parametrize("renamed", [False, True])
@pytest.mark.parametrize("at", [1, 2, 3, 4, 5, 6])
def test_an_interrupt_in_the_middle_of_writing_puts_every_page_back(docs, monkeypatch, at, renamed):
    write_pages(docs, THREE, OWNED)
    previous = file_tree(docs.docs_dir)
    _failing_replace(monkeypatch, KeyboardInterrupt(), {at}, renamed)
    with pytest.raises(KeyboardInterrupt):  # raised as it came, once all is back
        write_pages(docs, NEXT, OWNED)
    monkeypatch.undo()
    assert file_tree(docs.docs_dir) == previous
    assert not list(docs.root.glob(".papercards-staging-*"))


@pytest.mark.parametrize("renamed", [False, True])
@pytest.mark.parametrize("at", [2, 3, 4, 5, 6])
def test_ctrl_c_pressed_again_while_pages_are_put_back_does_not_stop_that(docs, monkeypatch, at, renamed):
    write_pages(docs, THREE, OWNED)
    previous = file_tree(docs.docs_dir)
    _failing_replace(monkeypatch, KeyboardInterrupt(), {at, at + 1, at + 2}, renamed)  # then the roll back's
    with pytest.raises(KeyboardInterrupt):
        write_pages(docs, NEXT, OWNED)
    monkeypatch.undo()
    assert file_tree(docs.docs_dir) == previous


def test_an_interrupt_while_staging_touches_nothing(docs):
    write_pages(docs, THREE, OWNED)
    previous = file_tree(docs.docs_dir)

    def pages():
        yield "papers/a.md", "A2\n"
        yield "papers/d.md", "D\n"
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_pages(docs, pages(), OWNED)
    assert file_tree(docs.docs_dir) == previous
    assert not list(docs.root.glob(".papercards-staging-*"))


def test_staging_folders_are_named_after_their_process_and_removed_once_it_is_gone(docs):
    gone = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True).stdout)  # exited and reaped: no such process now
    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        left = [f".papercards-staging-{pid}-x1y2" for pid in (gone, alive.pid, os.getpid())]
        left.append(".papercards-staging-old7z9q")  # from before staging folders were named so
        for name in left:
            (docs.root / name / "papers").mkdir(parents=True)
            (docs.root / name / "papers" / "a.md").write_text("A\n")
        during = []

        def pages():
            during.extend(sorted(p.name for p in docs.root.glob(".papercards-staging-*")))
            yield "papers/a.md", "A\n"

        write_pages(docs, pages(), OWNED)
    finally:
        alive.kill()
        alive.wait()
    own = [name for name in during if name not in left]
    assert len(own) == 1 and own[0].startswith(f".papercards-staging-{os.getpid()}-")
    assert sorted(p.name for p in docs.root.glob(".papercards-staging-*")) == sorted(left[1:])
    assert (docs.root / left[1] / "papers" / "a.md").read_text() == "A\n"  # a live process's, untouched


@pytest.mark.parametrize("link, target", [
    ("docs", "elsewhere"),
    ("docs/papers", "../elsewhere"),
    ("docs/topics", ".."),  # docs/topics is docs/: its index.md would be the topics index page
    ("docs/topics/a", "../../elsewhere"),
])
def test_a_linked_docs_or_generated_folder_is_refused_before_anything_is_written(docs, link, target):
    write_pages(docs, {"papers/old.md": "O\n", "topics/t.md": "T\n"}, OWNED)
    elsewhere = docs.root / "elsewhere"
    (elsewhere / "papers").mkdir(parents=True)
    (elsewhere / "papers" / "x.md").write_text("not the generator's\n")
    (elsewhere / "notes.md").write_text("mine\n")
    if link == "docs":
        os.rename(docs.docs_dir, elsewhere / "docs")
        target = "elsewhere/docs"
    elif (docs.root / link).exists():
        shutil.rmtree(docs.root / link)  # the folder the generator made, replaced by the link
    (docs.root / link).symlink_to(target, target_is_directory=True)
    before = file_tree(docs.root)
    with pytest.raises(OutputError) as caught:
        write_pages(docs, {"papers/a.md": "A\n", "topics/index.md": "I\n", "topics/a/x.md": "X\n"}, OWNED)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{link}: a symbolic link; the generator writes only into real folders under docs/ (remove the link)"]
    assert file_tree(docs.root) == before
    assert not list(docs.root.glob(".papercards-staging-*"))


def test_links_among_the_pages_are_moved_as_links_and_what_they_point_to_is_kept(docs, monkeypatch):
    outside = docs.root / "outside.md"
    outside.write_text("mine\n")
    write_pages(docs, {"papers/a.md": "A\n"}, OWNED)
    papers = docs.docs_dir / "papers"
    (papers / "a.md").unlink()
    (papers / "a.md").symlink_to("../about.md")  # where a page goes: replaced by the page
    (papers / "to-outside.md").symlink_to(outside)
    (papers / "to-home.md").symlink_to("../index.md")
    (papers / "dangling.md").symlink_to("nowhere.md")
    before = file_tree(docs.root)
    _failing_replace(monkeypatch, OSError(28, "No space left on device"), {5})  # the last rename
    with pytest.raises(OutputError):
        write_pages(docs, {"papers/a.md": "A2\n"}, OWNED)
    monkeypatch.undo()
    assert file_tree(docs.root) == before  # the links put back as they were
    stats = write_pages(docs, {"papers/a.md": "A2\n"}, OWNED)
    assert (stats.written, stats.removed) == (1, 3)
    assert file_tree(docs.docs_dir / "papers") == {"a.md": b"A2\n"}
    assert file_tree(docs.root) == {**{k: v for k, v in before.items() if not k.startswith("docs/papers/")},
                                "docs/papers/a.md": b"A2\n"}


def test_an_interrupt_while_keeping_the_cache_leaves_the_last_one_and_no_temporary_file(fixture_project,
                                                                                        monkeypatch):
    store.write_cache(fixture_project, {"part": {"k": 1}})
    real_dump = store.pickle.dump

    def interrupted(value, file, **kwargs):
        file.write(b"half a pickle")
        raise KeyboardInterrupt

    monkeypatch.setattr(store.pickle, "dump", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.write_cache(fixture_project, {"part": {"k": 2}})
    monkeypatch.setattr(store.pickle, "dump", real_dump)
    assert store.read_cache(fixture_project, ["part"]) == {"k": 1}
    assert [p.name for p in fixture_project.cache_dir.iterdir()] == ["part.pickle"]


def test_site_settings_come_from_mkdocs_yml(fixture_project):
    from generator.errors import GeneratorError
    from generator.models import SiteSettings
    from generator.store import read_site_settings

    assert read_site_settings(fixture_project) == SiteSettings(
        "https://github.com/example/cards", "trunk", site_url="https://example.org/cards/", site_name="fixture")
    fixture_project.mkdocs_file.write_text("site_name: x\nsite_url: https://example.org/x\n")
    assert read_site_settings(fixture_project) == SiteSettings(site_url="https://example.org/x/", site_name="x")
    fixture_project.mkdocs_file.write_text("repo_url: [unclosed\n")
    with pytest.raises(GeneratorError) as caught:
        read_site_settings(fixture_project)
    assert str(caught.value.problems[0]).startswith("mkdocs.yml:2: YAML syntax: ")


def test_history_dates_files_by_the_commit_that_first_landed_them_on_the_main_line(fixture_project):
    root = fixture_project.root
    note = fixture_project.papers_dir / "skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "corpus", "mkdocs.yml")
    git(root, "commit", "-qm", "corpus", when="2026-01-05T08:00:00Z")
    git(root, "checkout", "-qb", "pr")
    git(root, "add", "annotations")
    git(root, "commit", "-qm", "annotations", when="2026-02-01T00:00:00Z")  # written on a branch...
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "pr", "-m", "merge", when="2026-03-01T12:30:00+02:00")  # ...landed
    note.write_text(note.read_text() + "# edited later\n")
    git(root, "commit", "-qam", "edit", when="2026-04-01T00:00:00Z")  # an edit is not an addition

    history = store.read_history(fixture_project)
    corpus_files = sorted(p.relative_to(root).as_posix() for p in fixture_project.corpus_dir.iterdir())
    assert {f: history[f] for f in corpus_files} == dict.fromkeys(corpus_files, "2026-01-05T08:00:00Z")
    assert history["annotations/papers/skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"] == "2026-03-01T10:30:00Z"
    assert "mkdocs.yml" not in history


def test_history_is_empty_outside_a_git_checkout(fixture_project):
    assert store.read_history(fixture_project) == {}


def test_pages_can_arrive_one_by_one_and_an_error_on_the_way_touches_nothing(docs):
    write_pages(docs, {"papers/a.md": "A\n", "papers/b.md": "B\n"}, OWNED)
    previous = file_tree(docs.docs_dir)

    def pages():
        yield "papers/a.md", "A2\n"
        raise RuntimeError("a template failed half way")

    with pytest.raises(RuntimeError):
        write_pages(docs, pages(), OWNED)
    assert file_tree(docs.docs_dir) == previous
    assert not list(docs.root.glob(".papercards-staging-*"))
    stats = write_pages(docs, iter([("papers/a.md", "A2\n")]), OWNED, kept=["papers/b.md"])
    assert (stats.written, stats.unchanged, stats.removed) == (1, 1, 0)
    assert file_tree(docs.docs_dir) == {**previous, "papers/a.md": b"A2\n"}
