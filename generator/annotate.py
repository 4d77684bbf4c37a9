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
from collections.abc import Callable
from dataclasses import dataclass, replace

from .models import Annotation, Paper, Topic

WORD_SPLIT = re.compile(r"[\s-]+")  # between the words of a phrase; what its pattern allows there


@dataclass(frozen=True)
class _Phrases:
    """Phrases compiled in two parts: case-insensitive ones run on lower-cased text (fast),
    acronyms on the original text. Each part keeps its phrases squeezed (words joined, without
    the spaces and hyphens between them): a phrase can match only where its squeezed form is in
    the squeezed text, a quick test that spares most texts the patterns."""

    folded: re.Pattern[str] | None
    acronyms: re.Pattern[str] | None
    folded_keys: tuple[str, ...] = ()
    acronym_keys: tuple[str, ...] = ()

    def count(self, text: Text) -> int:
        hits = 0
        if self._may(self.folded_keys, text.squeezed_lowered):
            hits += len(self.folded.findall(text.lowered))
        if self._may(self.acronym_keys, text.squeezed):
            hits += len(self.acronyms.findall(text.text))
        return hits

    def found(self, text: Text) -> bool:
        if self._may(self.folded_keys, text.squeezed_lowered) and self.folded.search(text.lowered):
            return True
        return self._may(self.acronym_keys, text.squeezed) and bool(self.acronyms.search(text.text))

    @staticmethod
    def _may(keys: tuple[str, ...], squeezed: str) -> bool:
        return any(key in squeezed for key in keys)


@dataclass(frozen=True)
class Text:
    """A text in the forms the patterns and their quick test need."""

    text: str
    lowered: str
    squeezed: str
    squeezed_lowered: str

    @classmethod
    def of(cls, text: str) -> Text:
        squeezed = WORD_SPLIT.sub("", text)
        return cls(text, text.lower(), squeezed, squeezed.lower())


@dataclass(frozen=True)
class _CompiledTopic:
    topic: Topic
    title: _Phrases
    text: _Phrases
    exclude: _Phrases


def annotate(papers: tuple[Paper, ...], topics: tuple[Topic, ...],
             annotations: dict[str, Annotation] | None = None,
             match: Callable[[str, str], frozenset[str]] | None = None) -> tuple[Paper, ...]:
    """Papers with their `topics` set, in taxonomy order, and their annotation (by paper key).
    `match` is `topic_rules(topics)`, or a function that answers as it does."""
    annotations = annotations or {}
    match = match or topic_rules(topics)
    parents = {topic.id: topic.parent for topic in topics}
    order = {topic.id: index for index, topic in enumerate(topics)}
    result = []
    for paper in papers:
        annotation = annotations.get(paper.key)
        curated = annotation is not None and bool(annotation.topics)
        found = _topic_ids(paper, annotation, match)
        found |= {ancestor for topic_id in found for ancestor in _ancestors(topic_id, parents)}
        topic_ids = tuple(sorted(found, key=order.__getitem__))
        result.append(replace(paper, topics=topic_ids, annotation=annotation, topics_curated=curated))
    return tuple(result)


def _topic_ids(paper: Paper, annotation: Annotation | None, match: Callable[[str, str], frozenset[str]]
               ) -> set[str]:
    """The curator's topics when given (none for an off-topic paper), else the rules' matches."""
    if annotation is not None and annotation.status == "off-topic":
        return set()
    if annotation is not None and annotation.topics:
        return set(annotation.topics)
    return set(match(paper.title, paper.abstract))


def topic_rules(topics: tuple[Topic, ...]) -> Callable[[str, str], frozenset[str]]:
    """A function from a paper's title and abstract to the ids of the topics whose rules find it
    (without their parents)."""
    compiled = [_compile(topic) for topic in topics]

    def match(title: str, abstract: str) -> frozenset[str]:
        title_text, text = Text.of(title), Text.of(f"{title} {abstract}")
        return frozenset(c.topic.id for c in compiled if _matches(c, title_text, text))

    return match


def compile_phrases(phrases: tuple[str, ...]) -> _Phrases:
    """Patterns that find any of `phrases` (see the module doc for the rules)."""
    folded = [p.lower() for p in phrases if not _is_acronym(p)]
    acronyms = [p for p in phrases if _is_acronym(p)]
    return _Phrases(_alternation([_phrase(p) for p in folded]), _alternation([_phrase(p) for p in acronyms]),
                    _keys(folded), _keys(acronyms))


def _is_acronym(phrase: str) -> bool:
    return not any(c.islower() for c in phrase) and sum(c.isupper() for c in phrase) >= 2


def _alternation(parts: list[str]) -> re.Pattern[str] | None:
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")") if parts else None


def _phrase(phrase: str) -> str:
    words = [re.escape(w) for w in _words(phrase)]
    return r"[\s-]*".join(words) + ("" if phrase.endswith("*") else r"(?!\w)")


def _words(phrase: str) -> list[str]:
    return [w for w in WORD_SPLIT.split(phrase.rstrip("*").strip()) if w]


def _keys(phrases: list[str]) -> tuple[str, ...]:
    return tuple(sorted({_squeezed(p) for p in phrases}))


def _squeezed(phrase: str) -> str:
    """What any match of `phrase` becomes once `WORD_SPLIT` separators are taken out of the text."""
    return "".join(_words(phrase))


def _compile(topic: Topic) -> _CompiledTopic:
    rules = topic.match
    return _CompiledTopic(topic, compile_phrases(rules.title), compile_phrases(rules.text),
                          compile_phrases(rules.exclude))


def _matches(compiled: _CompiledTopic, title: Text, text: Text) -> bool:
    """Whether a paper gets this topic; `text` is its title and abstract."""
    if compiled.exclude.found(text):
        return False
    if compiled.title.found(title):
        return True
    rules = compiled.topic.match
    return bool(rules.text) and compiled.text.count(text) >= rules.min_hits


def _ancestors(topic_id: str, parents: dict[str, str | None]) -> list[str]:
    chain = []
    parent = parents.get(topic_id)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = parents.get(parent)
    return chain
