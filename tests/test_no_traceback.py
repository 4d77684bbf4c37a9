"""Any input is either read or refused with clear `FILE:LINE: ...` problems, never a traceback:
hypothesis writes arbitrary corpus files and annotation files into the fixture project (whole
pages with their bytes cut, flipped or spliced, and YAML made of the pieces curators write) and
runs every check `generate` makes on its inputs."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import GeneratorError
from generator.pipeline import check
from generator.store import Project

from .catalogue import ABSTRACT, TAL, TAL_TITLE, TLDR, daily, dated
from .conftest import FIXTURE_PROJECT
from .strategies import unicode_text

CORPUS_FILE = "corpus/raw/fuzz.txt"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """A copy of the fixture project, whose fuzzed file each example writes again."""
    root = tmp_path_factory.mktemp("fuzz") / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    return Project(root)


def _mutated(data: bytes, draw) -> bytes:
    """`data` with a few bytes replaced, removed or inserted, or cut short."""
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["replace", "remove", "insert", "cut"]))
        piece = draw(st.binary(min_size=1, max_size=3))
        data = {"replace": data[:at] + piece + data[at + 1:], "remove": data[:at] + data[at + 3:],
                "insert": data[:at] + piece + data[at:], "cut": data[:at]}[kind]
    return data


@st.composite
def listing_files(draw) -> bytes:
    """A listing page of either layout with arbitrary titles and abstracts, maybe mutated; or bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    pairs = draw(st.lists(st.tuples(unicode_text(60), unicode_text(200) | st.just(ABSTRACT)), min_size=0, max_size=4))
    page = draw(st.sampled_from([dated, daily]))(*pairs)
    return _mutated(page.encode("utf-8"), draw)


YAML_PIECES = [f"title: {TAL_TITLE}\n", f"tldr: {TLDR}\n", "topics: [temporal-localization]\n", "year: 2024\n",
               "tags: [a, b]\n", "code:\n  url: https://github.com/a/b\n", "notes: |\n  - x\n", "related: [x]\n",
               "status: off-topic\n", "reason: Not about video at all.\n", "- x\n", "&a [1]\n", "*a\n", "!!binary x\n",
               "? [a]\n: b\n", "{a: 1}\n", "'\n", '"\\x\n', "\t\n", "---\n", "...\n", "%YAML 1.1\n", "datasets: ~\n"]


@st.composite
def annotation_files(draw) -> bytes:
    """YAML made of pieces curators write (and some they should not), with unicode values, maybe mutated."""
    pieces = draw(st.lists(st.sampled_from(YAML_PIECES) | unicode_text(40).map(lambda text: f"venue: {text}\n"),
                           max_size=8))
    return _mutated("".join(pieces).encode("utf-8"), draw)


def _checked(project: Project) -> None:
    """Every check of `generate` on the inputs; a refusal must be problems naming a file."""
    try:
        check(project)
    except GeneratorError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file and problem.message and "\n" not in str(problem)
            assert problem.line is None or problem.line >= 1


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=listing_files())
def test_any_corpus_file_is_read_or_refused_with_a_clear_error(project, data):
    (project.root / CORPUS_FILE).write_bytes(data)
    _checked(project)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=annotation_files())
def test_any_annotation_file_is_read_or_refused_with_a_clear_error(project, data):
    (project.root / CORPUS_FILE).unlink(missing_ok=True)
    (project.root / TAL).write_bytes(data)
    _checked(project)


TAXONOMY_PIECES = ["topics:\n", "datasets:\n", "  - id: a\n", "  - id: b\n", "    title: A\n", "    name: A\n",
                   "    parent: a\n", "    parent: b\n", "    description: What it is.\n", "    match:\n",
                   "      text: [video]\n", "      title: ['skeleton*']\n", "      min_hits: 2\n", "      min_hits: x\n",
                   "    aliases: [A, NTU-60]\n", "    homepage: https://example.org/a\n", "  - 1\n", "  - [x]\n",
                   "topics: x\n", "    id: c\n", "- a\n", "    match: ~\n", "      text: ['*']\n", "      text: ['(']\n"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=st.sampled_from(["annotations/topics.yml", "annotations/datasets.yml"]),
       pieces=st.lists(st.sampled_from(TAXONOMY_PIECES), max_size=14))
def test_any_topics_or_datasets_file_is_read_or_refused_with_a_clear_error(project, name, pieces):
    (project.root / CORPUS_FILE).unlink(missing_ok=True)
    original = (FIXTURE_PROJECT / name).read_bytes()
    try:
        (project.root / name).write_text("".join(pieces), "utf-8")
        _checked(project)
    finally:
        (project.root / name).write_bytes(original)
