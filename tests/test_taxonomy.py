"""Loading annotations/topics.yml: every mistake is one line FILE:LINE: field: what is wrong."""

from __future__ import annotations

import textwrap

import pytest

from generator.errors import AnnotationError
from generator.store import read_schema
from generator.taxonomy import load_taxonomy
from generator.yamldoc import load_yaml

NAME = "annotations/topics.yml"
GOOD = """\
topics:
  - id: recognition
    title: Recognition
    description: What happens.
    match:
      text: ["action recognition"]
  - id: skeleton
    title: Skeleton
    parent: recognition
    description: Joints.
    match:
      title: ["skeleton*"]
      min_hits: 2
"""


def _load(text: str):
    return load_taxonomy(load_yaml(NAME, textwrap.dedent(text)), read_schema("topics"))


def _errors(text: str) -> list[str]:
    with pytest.raises(AnnotationError) as caught:
        _load(text)
    return [str(p) for p in caught.value.problems]


def test_a_good_taxonomy_loads_in_order_with_defaults():
    topics = _load(GOOD)
    assert [t.id for t in topics] == ["recognition", "skeleton"]
    assert topics[0].match.min_hits == 1 and topics[1].match.min_hits == 2
    assert topics[1].parent == "recognition"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("min_hits: 2", "min_hits: two"), "annotations/topics.yml:13: topics[1].match.min_hits: expected a whole number, got 'two'"),
        (("      title: [", "      titel: ["), "annotations/topics.yml:12: topics[1].match.titel: unknown field 'titel' (did you mean 'title'?); allowed fields: exclude, min_hits, text, title"),
        (("parent: recognition", "parent: recognitoin"), "annotations/topics.yml:9: topics[1].parent: 'recognitoin' is not a topic id (did you mean 'recognition'?)"),
        (("id: skeleton", "id: recognition"), "annotations/topics.yml:7: topics[1].id: duplicate id 'recognition' (first at line 2)"),
        (("id: skeleton", "id: Skeleton Topic"), "annotations/topics.yml:7: topics[1].id: expected a lowercase-hyphenated id such as 'action-segmentation', got 'Skeleton Topic'"),
        (("id: skeleton", "id: index"), "annotations/topics.yml:7: topics[1].id: 'index' is reserved for a generated page; choose another id"),
        (("    description: Joints.\n", ""), "annotations/topics.yml:7: topics[1].description: required field is missing"),
        (("      text: [\"action recognition\"]", "      text: []"), "annotations/topics.yml:6: topics[0].match.text: must not be empty, got []"),
        (("    description: Joints.", "    description: Joints.\n    description: Bones."), "annotations/topics.yml:11: description: duplicate key (first at line 10)"),
        (("    title: Skeleton", "\ttitle: Skeleton"), "annotations/topics.yml:8: YAML syntax: a tab character; YAML indentation must use spaces"),
        (("    description: Joints.", "    description: !!python/object:os.system ls"), "annotations/topics.yml:10: the tag 'tag:yaml.org,2002:python/object:os.system' is not allowed; use plain YAML values"),
        (("    description: What happens.", "    description: &d What happens."), None),
    ],
)
def test_each_mistake_gives_its_exact_message(change, expected):
    old, new = change
    assert old in GOOD
    text = GOOD.replace(old, new)
    if expected is None:  # an unused anchor is harmless
        _load(text)
    else:
        assert _errors(text) == [expected]


def test_a_parent_defined_below_its_child():
    text = GOOD.replace("parent: recognition", "parent: later") + (
        "  - id: later\n    title: Later\n    description: x.\n")
    assert _errors(text) == ["annotations/topics.yml:9: topics[1].parent: 'later' must be defined above this topic"]


def test_aliases_and_anchor_bombs_are_refused():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntopics: [*c, *c]\n"
    errors = _errors(bomb)
    assert errors[0] == "annotations/topics.yml:2: YAML anchors and aliases are not allowed; write the value out"


def test_every_problem_is_reported_in_one_run():
    text = GOOD.replace("min_hits: 2", "min_hits: two").replace("id: skeleton", "id: Bad Id")
    assert len(_errors(text)) == 2


def test_the_shipped_taxonomy_loads(real_project):
    from generator.store import read_yaml

    topics = load_taxonomy(read_yaml(real_project, real_project.topics_file), read_schema("topics"))
    assert 15 <= len(topics) <= 30
