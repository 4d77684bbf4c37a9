"""The cache of the last `generate`: a run that reuses it writes exactly what a run without it
writes, and renders only the cards, topic and dataset pages whose inputs changed."""

from __future__ import annotations

import gc
import os
import shutil
import time
from pathlib import Path

import jinja2
import pytest

from generator import jinja, pipeline, render, store
from generator.cache import PARTS, changed_parts, memo_calls, same
from generator.pipeline import fewer_collections, generate
from generator.store import Project

from .conftest import file_tree

CARD = "papers/skelnet-skeleton-based-action-recognition-with-graph-tricks.md"
CARD_LISTS = {"topics/skeleton-based.md", "topics/action-recognition.md",  # its topic and the parent topic
              "datasets/ntu-rgbd.md"}  # the pages that list that card
ALWAYS_MADE = set(render.INDEX_PAGES)  # pages of the whole corpus
NOTE = "annotations/papers/skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"


def _tree(project: Project) -> dict[str, bytes]:
    return file_tree(project.docs_dir)


def _cold(project: Project, tmp_path: Path) -> dict[str, bytes]:
    """What a run without a cache writes for the same inputs (in a copy)."""
    copy = tmp_path / "cold"
    shutil.copytree(project.root, copy, ignore=shutil.ignore_patterns(".cache", "docs"))
    (copy / "docs").mkdir()
    generate(Project(copy))
    return _tree(Project(copy))


@pytest.fixture
def rendered(monkeypatch):
    """The paths of the cards, topic and dataset pages (the pages that can be kept) each
    `render_pages` call renders."""
    calls: list[set[str]] = []
    real = render.render_pages

    def spy(*args, **kwargs):
        keyed: set[str] = set()
        calls.append(keyed)
        for path, page in real(*args, **kwargs):
            if path.startswith(("papers/", "topics/", "datasets/")) and path not in ALWAYS_MADE:
                keyed.add(path)
            yield path, page

    monkeypatch.setattr(pipeline, "render_pages", spy)
    return calls


def _edit(project: Project, old: str, new: str) -> None:
    path = project.root / NOTE
    text = path.read_text("utf-8")
    assert old in text
    text = text.replace(old, new)
    if "off-topic" in new:  # an off-topic paper has no topics
        text = text.replace("topics: [skeleton-based]\n", "")
    path.write_text(text, "utf-8")


def test_a_second_run_renders_no_card_topic_or_dataset_page_and_writes_nothing(fixture_project, rendered):
    generate(fixture_project)
    before = _tree(fixture_project)
    _, stats = generate(fixture_project)
    assert rendered[1] == set() and rendered[0] > CARD_LISTS and CARD in rendered[0]
    assert stats.written == 0 and stats.removed == 0 and stats.unchanged == len(before)
    assert _tree(fixture_project) == before



def test_the_next_run_compiles_no_template(fixture_project, monkeypatch):
    """The templates' compiled code is kept with the cache (generator/jinja.py): a new process,
    whose `jinja.COMPILED` starts empty, compiles none of them again."""
    monkeypatch.setattr(jinja, "COMPILED", {})
    generate(fixture_project)
    assert len(jinja.COMPILED) >= 10  # cards, topic and index pages, exports
    monkeypatch.setattr(jinja, "COMPILED", {})
    compiled, compile_ = [], jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return compile_(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    _, stats = generate(fixture_project)
    assert compiled == [] and stats.written == 0

@pytest.mark.parametrize(("old", "new"), [
    ("tldr: A graph network", "tldr: Edited. A graph network"),          # what the card shows
    ("venue: CVPR 2024", "venue: ICCV 2025"),                            # its BibTeX too
    ("related: [temporal-action-localization-in-untrimmed-video]\n", ""),  # pins: relate again
    ("status: featured\n", "status: off-topic\nreason: Not about video.\n"),  # off-topic: relate again
])
def test_after_an_edit_the_output_is_what_a_run_without_cache_writes(fixture_project, tmp_path, rendered,
                                                                      old, new):
    generate(fixture_project)
    _edit(fixture_project, old, new)
    generate(fixture_project)
    assert CARD in rendered[1]
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path)


def test_only_the_edited_card_and_the_pages_listing_it_are_rendered_again(fixture_project, rendered):
    generate(fixture_project)
    before = _tree(fixture_project)
    _edit(fixture_project, "tldr: A graph network", "tldr: Edited. A graph network")
    _, stats = generate(fixture_project)
    assert rendered[1] == {CARD} | CARD_LISTS
    after = _tree(fixture_project)
    changed = {path for path in after if after[path] != before.get(path)}
    # and what else shows a TL;DR: the home page (the paper is featured there) and papers.json
    assert changed == {CARD} | CARD_LISTS | {"_generated/home.md", "exports/papers.json"}
    assert stats.written == len(changed)


def test_a_page_changed_or_removed_by_hand_is_written_again(fixture_project, rendered):
    generate(fixture_project)
    expected = _tree(fixture_project)
    card = fixture_project.docs_dir / CARD
    card.write_text(card.read_text("utf-8") + "\nhand edit\n", "utf-8")
    other = sorted(p for p in expected if p.startswith("papers/") and p not in (CARD, "papers/index.md"))[0]
    (fixture_project.docs_dir / other).unlink()
    (fixture_project.docs_dir / "datasets/ntu-rgbd.md").unlink()
    generate(fixture_project)
    assert rendered[1] == {CARD, other, "datasets/ntu-rgbd.md"}
    assert _tree(fixture_project) == expected


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_cache_is_ignored(fixture_project, rendered, damage):
    generate(fixture_project)
    expected = _tree(fixture_project)
    for part in PARTS:
        fixture_project.cache_file(part).write_bytes(damage)
    generate(fixture_project)
    assert rendered[1] == rendered[0]  # everything rendered again
    assert _tree(fixture_project) == expected


def test_a_cache_from_other_generator_code_is_ignored(fixture_project, rendered, monkeypatch):
    generate(fixture_project)
    monkeypatch.setattr(store, "_code_version", lambda: "another version")
    generate(fixture_project)
    assert rendered[1] == rendered[0]


def test_the_cache_lives_in_dot_cache_which_git_ignores():
    root = Path(__file__).resolve().parent.parent
    assert Project(root).cache_dir.relative_to(root).parts[0] == ".cache"
    assert "/.cache/" in (root / ".gitignore").read_text("utf-8").splitlines()


@pytest.mark.parametrize(("file", "old", "new"), [
    ("annotations/topics.yml", 'text: ["action localization", "untrimmed"]', 'text: ["untrimmed"]'),  # rules
    ("annotations/datasets.yml", 'aliases: ["NTU RGB+D", "NTU-60"]', 'aliases: ["NTU-60"]'),       # aliases
    ("corpus/raw/b_daily.txt", "transformer", "convolutional transformer"),                         # a text
])
def test_after_a_taxonomy_datasets_or_corpus_edit_the_output_is_what_a_run_without_cache_writes(
        fixture_project, tmp_path, file, old, new):
    generate(fixture_project)
    path = fixture_project.root / file
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")
    generate(fixture_project)
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path)



def _age(project: Project, seconds: int = 86_400) -> None:
    """Sets the inputs' modification times back, as for files last changed long before a run."""
    past = time.time_ns() - seconds * 1_000_000_000
    for folder in (project.corpus_dir, project.papers_dir):
        for path in folder.iterdir():
            os.utime(path, ns=(past, past))


@pytest.fixture
def reads(monkeypatch):
    """The names of the corpus and paper annotation files read since (topics.yml and datasets.yml
    are always read)."""
    names: list[str] = []
    read_corpus, read_yaml = store.read_corpus, store.read_yaml

    def corpus(project):
        names.extend(project.name(path) for path in sorted(project.corpus_dir.iterdir()))
        return read_corpus(project)

    def yaml(project, path, *args):
        if path.parent == project.papers_dir:
            names.append(project.name(path))
        return read_yaml(project, path, *args)

    monkeypatch.setattr(store, "read_corpus", corpus)
    monkeypatch.setattr(store, "read_yaml", yaml)
    return names


def test_files_unchanged_since_the_last_run_are_not_read_again(fixture_project, tmp_path, reads):
    _age(fixture_project)
    generate(fixture_project)
    assert NOTE in reads and "corpus/raw/b_daily.txt" in reads
    reads.clear()
    generate(fixture_project)
    assert reads == []
    _edit(fixture_project, "tldr: A graph network", "tldr: Edited. A graph network")
    generate(fixture_project)
    assert reads == [NOTE]  # only the edited file
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path)


def test_a_file_changed_right_after_a_run_is_read_again_even_with_the_same_stamp(fixture_project, tmp_path):
    """A file written twice within the file system's time granularity, with the same size, keeps
    its stamp: files changed less than `pipeline.SETTLED` before a run are read again next run."""
    _age(fixture_project)
    path = fixture_project.root / NOTE
    path.write_text(path.read_text("utf-8").replace("tldr: A graph network", "tldr: A graph networx"), "utf-8")
    generate(fixture_project)  # the file is younger than SETTLED
    stamp = path.stat()
    path.write_text(path.read_text("utf-8").replace("networx", "network"), "utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same size and time: the same stamp
    generate(fixture_project)
    card = (fixture_project.docs_dir / CARD).read_text("utf-8")
    assert "A graph network" in card and "networx" not in card
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path)


def test_a_corpus_file_added_changed_or_removed_is_read(fixture_project, tmp_path, reads):
    _age(fixture_project)
    generate(fixture_project)
    corpus = fixture_project.corpus_dir
    added = corpus / "z_added.txt"
    shutil.copy(corpus / "b_daily.txt", added)
    generate(fixture_project)
    assert "corpus/raw/z_added.txt" in reads
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path / "added")
    _age(fixture_project)
    generate(fixture_project)
    reads.clear()
    added.unlink()
    generate(fixture_project)
    assert "corpus/raw/b_daily.txt" in reads
    assert _tree(fixture_project) == _cold(fixture_project, tmp_path / "removed")

def test_memo_calls_answers_known_calls_from_the_cache_and_keeps_only_this_runs():
    calls = []

    def square(n):
        calls.append(n)
        return n * n

    cache: dict = {}
    first = memo_calls(cache, "square", "v1", square)
    assert [first(2), first(3), first(2)] == [4, 9, 4] and calls == [2, 3]
    second = memo_calls(cache, "square", "v1", square)
    assert second(3) == 9 and calls == [2, 3]  # from the cache
    assert list(cache["square"][1].values()) == [9]  # 2 was not asked this time: dropped
    third = memo_calls(cache, "square", "v2", square)  # another key: nothing reused
    assert third(3) == 9 and calls == [2, 3, 3]



def test_a_part_of_the_cache_is_written_again_only_when_an_entry_of_it_changed():
    def square(n):
        return n * n

    loaded = {"corpus": ("k", ("papers",)), "links": ("", {("a",): [1], ("b",): [2]}),
              "pages": {"x.md": ("k", 1, 2)}}
    entries = dict(loaded)
    links = memo_calls(entries, "links", "", square, same)  # the same calls, answered from the cache
    assert links("a") == [1] and links("b") == [2]
    entries["pages"] = {"x.md": tuple(["k", 1, 2])}  # equal, but made again: its part counts as changed
    assert changed_parts(entries, loaded) == {"run": {"pages": entries["pages"]}}
    for change in ({"corpus": ("other key", ("papers",))},  # a memo computed again
                   {"links": ("", {("a",): loaded["links"][1][("a",)]})},  # fewer calls
                   {"links": ("", {**loaded["links"][1], ("c",): [3]})},  # more
                   {"links": ("", {("a",): [1], ("b",): [2]})}):  # as many, answered anew
        assert "corpus" in changed_parts({**entries, **change}, loaded), change
    assert set(changed_parts(entries, {})) == {"corpus", "run"}  # nothing loaded: all written


def test_after_an_annotation_edit_the_corpus_part_of_the_cache_is_not_written_again(fixture_project):
    generate(fixture_project)
    corpus, run = (fixture_project.cache_file(part).stat() for part in ("corpus", "run"))
    _edit(fixture_project, "tldr: A graph network", "tldr: Edited. A graph network")
    generate(fixture_project)
    assert fixture_project.cache_file("corpus").stat().st_ino == corpus.st_ino  # not replaced
    assert fixture_project.cache_file("run").stat().st_ino != run.st_ino
    path = fixture_project.root / "corpus/raw/b_daily.txt"
    path.write_text(path.read_text("utf-8").replace("transformer", "convolutional transformer"), "utf-8")
    generate(fixture_project)
    assert fixture_project.cache_file("corpus").stat().st_ino != corpus.st_ino

def test_the_collector_runs_less_during_a_run_and_as_before_after_it():
    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    kept = [{"entry": n} for n in range(1000)]
    with fewer_collections():
        assert gc.get_freeze_count() >= before + len(kept)  # out of its sight
        assert gc.get_threshold()[0] > thresholds[0]
    assert gc.get_freeze_count() == before and gc.get_threshold() == thresholds
