"""The topic taxonomy (``annotations/topics.yml``) -> `Topic`s, checked against its schema and
itself: unique ids, parents that exist and come first, no cycles. Every problem is reported.
"""

from __future__ import annotations

from .errors import AnnotationError, Problem
from .models import MatchRules, Topic
from .schema import check_schema, did_you_mean
from .yamldoc import YamlDoc

RESERVED_IDS = frozenset({"index", "unsorted"})  # names of generated pages in docs/topics/


def load_taxonomy(doc: YamlDoc, schema: dict) -> tuple[Topic, ...]:
    """Validate and build the topics, in file order."""
    problems = check_schema(doc, schema)
    if problems:
        raise AnnotationError(problems)
    entries = doc.data["topics"]
    topics = tuple(_topic(entry) for entry in entries)
    problems = _check_ids(doc, topics)
    if problems:
        raise AnnotationError(problems)
    return topics


def _topic(entry: dict) -> Topic:
    match = entry.get("match", {})
    return Topic(
        id=entry["id"],
        title=entry["title"],
        description=entry["description"],
        parent=entry.get("parent"),
        match=MatchRules(
            title=tuple(match.get("title", ())),
            text=tuple(match.get("text", ())),
            min_hits=match.get("min_hits", MatchRules.min_hits),
            exclude=tuple(match.get("exclude", ())),
        ),
    )


def _check_ids(doc: YamlDoc, topics: tuple[Topic, ...]) -> list[Problem]:
    problems = []
    defined: dict[str, int] = {}
    every_id = {topic.id for topic in topics}
    for index, topic in enumerate(topics):
        for field, message in _id_problems(topic, defined, every_id, doc):
            line = doc.line_of(("topics", index, field))
            problems.append(Problem(doc.name, line, f"topics[{index}].{field}: {message}"))
        defined.setdefault(topic.id, index)
    return problems


def _id_problems(topic: Topic, defined: dict[str, int], every_id: set[str], doc: YamlDoc):
    """(field, message) for what is wrong with one topic's id and parent."""
    if topic.id in RESERVED_IDS:
        yield "id", f"{topic.id!r} is reserved for a generated page; choose another id"
    elif topic.id in defined:
        first = doc.line_of(("topics", defined[topic.id], "id"))
        yield "id", f"duplicate id {topic.id!r} (first at line {first})"
    if topic.parent is not None and topic.parent not in defined:
        if topic.parent in every_id:
            yield "parent", f"{topic.parent!r} must be defined above this topic"
        else:
            yield "parent", f"{topic.parent!r} is not a topic id{did_you_mean(topic.parent, every_id)}"
