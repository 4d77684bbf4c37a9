"""yamldoc: curator YAML with the line of every key, read by libyaml when it can."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import yamldoc
from generator.errors import AnnotationError
from generator.yamldoc import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "annotations").rglob("*.yml"))


def _slow(monkeypatch: pytest.MonkeyPatch, text: str, name: str = "x.yml"):
    monkeypatch.setattr(yamldoc, "FastLoader", yamldoc._PlainLoader)
    return load_yaml(name, text)


def test_libyaml_is_there_so_the_fast_way_is_taken():
    assert yamldoc.FastLoader is yaml.CSafeLoader


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_both_ways_read_every_annotation_file_alike(path, monkeypatch):
    text = path.read_text("utf-8")
    fast = load_yaml(path.name, text)
    assert fast == _slow(monkeypatch, text, path.name)
    assert fast.lines  # the line of every key, for messages


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",                   # an alias: refused, with its line
    "a: 1\na: 2\n",                            # a duplicate key
    "a: !!python/object:os.system x\n",        # a Python tag
    "a: [1, 2\n",                              # a syntax error
    "a:\n\t- 1\n",                             # a tab
    "? [1, 2]\n: x\n",                         # a key that is not text
])
def test_problems_read_the_same_either_way(text, monkeypatch):
    with pytest.raises(AnnotationError) as fast:
        load_yaml("x.yml", text)
    with pytest.raises(AnnotationError) as slow:
        _slow(monkeypatch, text)
    assert [str(p) for p in fast.value.problems] == [str(p) for p in slow.value.problems]


def test_an_alias_names_the_line_where_it_is_used():
    with pytest.raises(AnnotationError) as error:
        load_yaml("x.yml", "a: &x [1, 2]\nb: *x\n")
    assert [str(p) for p in error.value.problems] == [
        "x.yml:2: YAML anchors and aliases are not allowed; write the value out"]


@pytest.mark.parametrize("text", ["a: " + "[" * 100_000 + "]" * 100_000, "a: " + "- " * 3000 + "x"])
def test_deep_nesting_is_a_problem_not_a_crash(text, tmp_path):
    """libyaml's composer crashes the interpreter on deep nesting; such files take the slow way."""
    script = ("import sys\nfrom generator.yamldoc import load_yaml\nfrom generator.errors import AnnotationError\n"
              "try:\n    load_yaml('x.yml', sys.stdin.read())\nexcept AnnotationError as e:\n"
              "    print(*e.problems)\n")
    done = subprocess.run([sys.executable, "-c", script], input=text, capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.startswith("x.yml:")
