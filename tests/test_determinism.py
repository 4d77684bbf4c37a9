"""Deterministic output: the same pages, byte for byte, whatever order the file system lists the
corpus and annotation files in, whenever those files were written, and run after run from nothing.
(Across PYTHONHASHSEED values: test_cli.py.)"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import store
from generator.cli import main

from .conftest import FIXTURE_PROJECT, copy_checkout, file_tree

# The folders whose files the generator reads one by one, in the order it finds them.
LISTED = ("corpus/raw", "annotations/papers")
# A tmpfs lists a folder's files in the order they were made (newest or oldest first, by kernel);
# ext4 and most disk file systems list them by a hash of their names, whatever that order was.
TMPFS = Path("/dev/shm")

Order = Callable[[list], list]  # sorted names -> the same names in the order to give them in
ORDERS: dict[str, Order] = {
    "reversed": lambda names: names[::-1],
    "shuffled": lambda names: random.Random(2026).sample(names, len(names)),
}


def _generate(root: Path) -> dict[str, bytes]:
    """`generate` run in this process on the checkout at `root`: the docs/ tree it leaves."""
    assert main(["generate", "--root", str(root), "--quiet"]) == 0
    return file_tree(root / "docs")


def _assert_same_pages(actual: dict[str, bytes], expected: dict[str, bytes]) -> None:
    only = sorted(actual.keys() ^ expected.keys())
    assert not only, f"{len(only)} files are in one docs/ tree only, such as {only[:5]}"
    differ = sorted(path for path in expected if actual[path] != expected[path])
    assert not differ, f"{len(differ)} of {len(expected)} files differ, such as {differ[:5]}"


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    """The real checkout without generated pages, committed at a fixed time: copy it, never change it."""
    return copy_checkout(tmp_path_factory.mktemp("checkout"))


@pytest.fixture(scope="module")
def pages(checkout, tmp_path_factory) -> dict[str, bytes]:
    """The docs/ tree of a first run on a copy of `checkout`."""
    root = tmp_path_factory.mktemp("first") / "checkout"
    shutil.copytree(checkout, root)
    tree = _generate(root)
    assert len([path for path in tree if path.startswith("papers/")]) > 300
    return tree


@pytest.fixture
def scratch(tmp_path):
    """A folder for copies of a project: on a tmpfs when there is one with room (two copies of the
    checkout, generated, take 25 MB), where the order files are made in is the order they are
    listed in."""
    if TMPFS.is_dir() and os.access(TMPFS, os.W_OK) and shutil.disk_usage(TMPFS).free > 256 * 2**20:
        with tempfile.TemporaryDirectory(dir=TMPFS, prefix="papercards-test-") as folder:
            yield Path(folder)
    else:
        yield tmp_path


def test_two_runs_from_nothing_write_the_same_pages(checkout, pages, tmp_path):
    root = tmp_path / "checkout"
    shutil.copytree(checkout, root)
    _assert_same_pages(_generate(root), pages)


def _remake(root: Path, order: Order, mtime: Callable[[int], int]) -> None:
    """Make the files of corpus/raw/ and annotations/papers/ again, one by one in `order`, the
    i-th made with the modification time `mtime(i)` (ns)."""
    for folder in LISTED:
        here = root / folder
        files = {path.name: path.read_bytes() for path in here.iterdir()}
        shutil.rmtree(here)
        here.mkdir()
        for i, name in enumerate(order(sorted(files))):
            (here / name).write_bytes(files[name])
            os.utime(here / name, ns=(mtime(i), mtime(i)))


SECOND, DAY = 10**9, 86_400 * 10**9  # in ns
JAN_2020, JUN_2024 = 1_577_836_800 * SECOND, 1_717_200_000 * SECOND


@pytest.mark.parametrize("project", ["fixture", "real"])
def test_the_pages_do_not_depend_on_the_order_or_the_times_the_input_files_were_made(project, scratch, request):
    """Two copies, one with its corpus and annotation files made in name order a second apart,
    the other the other way round a day apart, years later: the same pages. (On a tmpfs the
    copies are listed in those two orders; a disk lists both in one order of its own.)"""
    source = FIXTURE_PROJECT if project == "fixture" else request.getfixturevalue("checkout")
    made = [(lambda names: names, lambda i: JAN_2020 + i * SECOND),
            (ORDERS["reversed"], lambda i: JUN_2024 + i * DAY)]
    roots = [scratch / "in-name-order", scratch / "the-other-way-round"]
    for root, (order, mtime) in zip(roots, made, strict=True):
        shutil.copytree(source, root)
        (root / "docs").mkdir(exist_ok=True)
        _remake(root, order, mtime)
    if scratch.is_relative_to(TMPFS):
        listed = [[os.listdir(root / folder) for folder in LISTED] for root in roots]
        assert all(first != second for first, second in zip(*listed, strict=True)), listed
    first, second = (_generate(root) for root in roots)
    _assert_same_pages(second, first)
    assert any(path.startswith("papers/") for path in first)


class _Listing:
    """What `os.scandir` gives (an iterator, and a context manager that closes it), from a list."""

    def __init__(self, entries: list):
        self._entries = iter(entries)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._entries)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def close(self) -> None:
        self._entries = iter(())


def _list_in(monkeypatch: pytest.MonkeyPatch, order: Order) -> None:
    """Make `os.listdir`, `os.scandir` and `Path.iterdir` give every folder's entries in `order`
    of their names instead of the file system's (whichever of them calls another, the order is
    the same: it depends on the names only)."""
    listdir, scandir, iterdir = os.listdir, os.scandir, Path.iterdir

    def arranged(entries) -> list:
        by_name = {getattr(entry, "name", entry): entry for entry in entries}  # DirEntry, Path or name
        return [by_name[name] for name in order(sorted(by_name))]

    monkeypatch.setattr(os, "listdir", lambda *args, **kwargs: arranged(listdir(*args, **kwargs)))
    monkeypatch.setattr(os, "scandir", lambda *args, **kwargs: _Listing(arranged(scandir(*args, **kwargs))))
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(arranged(iterdir(self))))


@pytest.mark.parametrize("order", ORDERS)
def test_the_pages_are_the_same_whatever_order_the_folders_are_listed_in(checkout, pages, tmp_path, monkeypatch,
                                                                        order):
    root = tmp_path / "checkout"
    shutil.copytree(checkout, root)
    project = store.Project(root)
    names = {folder: sorted(os.listdir(root / folder)) for folder in LISTED}
    with monkeypatch.context() as patch:
        _list_in(patch, ORDERS[order])
        for folder, sorted_names in names.items():  # what the reading code sees
            assert [path.name for path in (root / folder).iterdir()] == ORDERS[order](sorted_names) != sorted_names
            assert list(store.stamps(project, root / folder)) == [f"{folder}/{name}" for name in
                                                                   ORDERS[order](sorted_names)]
        tree = _generate(root)
    _assert_same_pages(tree, pages)
