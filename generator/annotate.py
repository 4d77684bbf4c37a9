"""Stage 4, annotate: give each paper the topics whose match rules find it, plus their parents;
then apply the curators' annotations: a paper's curated topics replace the matched ones, and an
off-topic paper has none.

Rules (``annotations/topics.yml``)::

    match:
      title: ["action segmentation"]      # any phrase in the title
      text: ["skeleton*", "pose sequence"] # counted over title + abstract ...
      min_hits: 2                          # ... this many occurrences needed (default 1)
      exclude: ["recommendation"]          # any phrase here vetoes the topic

A phrase is case-insensitive and word-bounded; spaces and hyphens between its words are
interchangeable (``self-supervised`` finds "self supervised"); a trailing ``*`` matches any
ending; a phrase without lower-case letters and with two or more capitals (``TAL``) is an acronym
and matches case-sensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .models import Annotation, Paper, Topic

WORD_SPLIT = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class _Phrases:
    """Phrases compiled in two parts: case-insensitive ones run on lower-cased text (fast),
    acronyms on the original text."""

    folded: re.Pattern[str] | None
    acronyms: re.Pattern[str] | None

    def count(self, text: str, lowered: str) -> int:
        hits = sum(1 for _ in self.folded.finditer(lowered)) if self.folded else 0
        return hits + (sum(1 for _ in self.acronyms.finditer(text)) if self.acronyms else 0)

    def found(self, text: str, lowered: str) -> bool:
        if self.folded and self.folded.search(lowered):
            return True
        return bool(self.acronyms and self.acronyms.search(text))


@dataclass(frozen=True)
class _CompiledTopic:
    topic: Topic
    title: _Phrases
    text: _Phrases
    exclude: _Phrases


def annotate(papers: tuple[Paper, ...], topics: tuple[Topic, ...],
             annotations: dict[str, Annotation] | None = None) -> tuple[Paper, ...]:
    """Papers with their `topics` set, in taxonomy order, and their annotation (by paper key)."""
    annotations = annotations or {}
    compiled = [_compile(topic) for topic in topics]
    parents = {topic.id: topic.parent for topic in topics}
    order = {topic.id: index for index, topic in enumerate(topics)}
    result = []
    for paper in papers:
        annotation = annotations.get(paper.key)
        curated = annotation is not None and bool(annotation.topics)
        found = _topic_ids(paper, annotation, compiled)
        found |= {ancestor for topic_id in found for ancestor in _ancestors(topic_id, parents)}
        topic_ids = tuple(sorted(found, key=order.__getitem__))
        result.append(replace(paper, topics=topic_ids, annotation=annotation, topics_curated=curated))
    return tuple(result)


def _topic_ids(paper: Paper, annotation: Annotation | None, compiled: list[_CompiledTopic]) -> set[str]:
    """The curator's topics when given (none for an off-topic paper), else the rules' matches."""
    if annotation is not None and annotation.status == "off-topic":
        return set()
    if annotation is not None and annotation.topics:
        return set(annotation.topics)
    text = f"{paper.title} {paper.abstract}"
    searched = (paper.title, paper.title.lower(), text, text.lower())
    return {c.topic.id for c in compiled if _matches(c, *searched)}


def compile_phrases(phrases: tuple[str, ...]) -> _Phrases:
    """Patterns that find any of `phrases` (see the module doc for the rules)."""
    folded = [_phrase(p.lower()) for p in phrases if not _is_acronym(p)]
    acronyms = [_phrase(p) for p in phrases if _is_acronym(p)]
    return _Phrases(_alternation(folded), _alternation(acronyms))


def _is_acronym(phrase: str) -> bool:
    return not any(c.islower() for c in phrase) and sum(c.isupper() for c in phrase) >= 2


def _alternation(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None


def _phrase(phrase: str) -> str:
    words = [re.escape(w) for w in WORD_SPLIT.split(phrase.rstrip("*").strip()) if w]
    return r"[\s-]*".join(words) + ("" if phrase.endswith("*") else r"(?!\w)")


def _compile(topic: Topic) -> _CompiledTopic:
    rules = topic.match
    return _CompiledTopic(topic, compile_phrases(rules.title), compile_phrases(rules.text),
                          compile_phrases(rules.exclude))


def _matches(compiled: _CompiledTopic, title: str, title_lowered: str, text: str, lowered: str) -> bool:
    """Whether a paper gets this topic; `text` is its title and abstract, `lowered` the same
    lower-cased."""
    if compiled.exclude.found(text, lowered):
        return False
    if compiled.title.found(title, title_lowered):
        return True
    rules = compiled.topic.match
    return bool(rules.text) and compiled.text.count(text, lowered) >= rules.min_hits


def _ancestors(topic_id: str, parents: dict[str, str | None]) -> list[str]:
    chain = []
    parent = parents.get(topic_id)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = parents.get(parent)
    return chain
