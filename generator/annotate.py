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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import islice

from .models import Annotation, Paper, Topic

WORD_SPLIT = re.compile(r"[\s-]+")  # between the words of a phrase; what its pattern allows there
SCAN_AFTER = 500  # papers matched topic by topic before `topic_rules` compiles its one-scan matcher


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

    def found(self, text: Text) -> bool:
        return self.reaches(text, 1)

    def reaches(self, text: Text, hits: int) -> bool:
        """Whether the phrases occur at least `hits` times in `text` (matches do not overlap)."""
        left = hits
        if left > 0:
            left -= _count(self.folded, self.folded_keys, text.folded_forms, left)
        if left > 0:
            left -= _count(self.acronyms, self.acronym_keys, text.acronym_forms, left)
        return left <= 0


def _count(pattern: re.Pattern[str] | None, keys: tuple[str, ...],
           forms: tuple[str, str, Mapping[str, list[int]] | None], most: int) -> int:
    """How many times `pattern` (the phrases with these keys) occurs in a text, counting no
    further than `most`. `forms` are the text, squeezed, and where the keys are in it (see
    `Text`; None: not known). 0 when the quick test says they cannot be there; else, where the
    keys are known, the pattern is tried only there."""
    text, squeezed, at = forms
    if not _may(keys, squeezed, at):
        return 0
    if at is None or "" in keys:
        return sum(1 for _ in islice(pattern.finditer(text), most))
    hits, end = 0, 0
    for place in sorted({place for key in keys for place in at.get(key, ())}):
        if hits < most and place >= end and (match := pattern.match(text, place)):
            hits, end = hits + 1, match.end()
    return hits


def _may(keys: tuple[str, ...], squeezed: str, at: Mapping[str, list[int]] | None) -> bool:
    """The quick test: whether any key is in the squeezed text. With `at`, when none of the keys
    is there (their phrases cannot match) it is not even asked, and otherwise first of those."""
    if at is None or "" in keys:
        return any(key in squeezed for key in keys)
    found = [key for key in keys if key in at]
    return bool(found) and (any(key in squeezed for key in found) or any(key in squeezed for key in keys))


@dataclass(frozen=True)
class Text:
    """A text in the forms the patterns and their quick test need. Made with `_KeyScan`s of the
    keys of all the phrases that will be asked about it, it also knows where each key they found
    is (`folded_at` in `lowered`, `acronyms_at` in `text`): the only places that a phrase can
    match at."""

    text: str
    lowered: str
    squeezed: str
    squeezed_lowered: str
    folded_at: Mapping[str, list[int]] | None = None
    acronyms_at: Mapping[str, list[int]] | None = None

    @classmethod
    def of(cls, text: str, folded: _KeyScan | None = None, acronyms: _KeyScan | None = None) -> Text:
        lowered, squeezed = text.lower(), squeeze(text)
        return cls(text, lowered, squeezed, squeezed.lower(),
                   folded.places(lowered) if folded else None, acronyms.places(text) if acronyms else None)

    @property
    def folded_forms(self) -> tuple[str, str, Mapping[str, list[int]] | None]:
        """What case-insensitive phrases are looked for in: lower-cased, squeezed, their keys' places."""
        return self.lowered, self.squeezed_lowered, self.folded_at

    @property
    def acronym_forms(self) -> tuple[str, str, Mapping[str, list[int]] | None]:
        """What acronyms are looked for in: the text, squeezed, their keys' places."""
        return self.text, self.squeezed, self.acronyms_at


def squeeze(text: str) -> str:
    """`text` without what `WORD_SPLIT` finds: `str.split` splits at the same whitespace, faster."""
    return "".join(text.replace("-", " ").split())


@dataclass(frozen=True)
class _KeyScan:
    """Squeezed keys in one pattern, to find in one pass over a text the places that a phrase
    could match at: where its key starts after no letter, digit or underscore, with any spaces and
    hyphens between its characters. At each place the pattern finds the longest key; the keys it
    begins with are there too (`prefixes`). The empty key is in no pattern."""

    pattern: re.Pattern[str] | None
    prefixes: dict[str, tuple[str, ...]]

    @classmethod
    def of(cls, keys: Iterable[str]) -> _KeyScan:
        keys = sorted(set(filter(None, keys)))
        trie: dict = {}
        for key in keys:
            node = trie
            for char in key:
                node = node.setdefault(char, {})
            node[""] = {}
        pattern = re.compile(r"\W(?=(" + "|".join(_branches(trie)) + "))") if trie else None  # \W: fast skip
        return cls(pattern, {key: tuple(k for k in keys if key.startswith(k)) for key in keys})

    def places(self, text: str) -> dict[str, list[int]]:
        """Each key found in `text`, and where."""
        found: dict[str, list[int]] = {}
        for match in self.pattern.finditer(" " + text) if self.pattern else ():
            for key in self.prefixes[squeeze(match.group(1))]:
                found.setdefault(key, []).append(match.start())  # just after the \W, once " " is gone
        return found


def _branches(node: dict) -> list[str]:
    """A trie node's children as pattern branches: each child's character, then (after any spaces
    and hyphens) its own children, optional where a key ends; greedy, so the longest key wins."""
    branches = []
    for char, child in sorted(node.items()):
        if char:
            tail = _branches(child)
            rest = r"[\s-]*(?:" + "|".join(tail) + ")" if tail else ""
            branches.append(re.escape(char) + (f"(?:{rest})?" if rest and "" in child else rest))
    return branches


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
        result.append(paper.evolve(topics=topic_ids, annotation=annotation, topics_curated=curated))
    return tuple(result)


def _topic_ids(paper: Paper, annotation: Annotation | None, match: Callable[[str, str], frozenset[str]]
               ) -> set[str]:
    """The curator's topics when given (none for an off-topic paper), else the rules' matches."""
    if annotation is not None and annotation.status == "off-topic":
        return set()
    if annotation is not None and annotation.topics:
        return set(annotation.topics)
    return set(match(paper.title, paper.abstract))


def topic_rules(topics: tuple[Topic, ...], scan_after: int = SCAN_AFTER
                ) -> Callable[[str, str], frozenset[str]]:
    """A function from a paper's title and abstract to the ids of the topics whose rules find it
    (without their parents). Nothing is compiled until it is first asked (a run whose answers
    all come from the cache compiles nothing); its first `scan_after` papers are checked topic
    by topic, the rest with one scan of each text for all the topics' phrases, whose patterns
    take longer to compile (0.1 s) than that saves on a few hundred papers. Both answer the same."""
    return _TopicRules(topics, scan_after)


class _TopicRules:
    """See `topic_rules`."""

    def __init__(self, topics: tuple[Topic, ...], scan_after: int) -> None:
        self.topics, self.scan_after, self.asked = topics, scan_after, 0
        self.compiled: list[_CompiledTopic] | None = None
        self.scanned: Callable[[str, str], frozenset[str]] | None = None

    def __call__(self, title: str, abstract: str) -> frozenset[str]:
        if self.compiled is None:
            self.compiled = [_compile(topic) for topic in self.topics]
        self.asked += 1
        if self.asked <= self.scan_after:
            title_text, text = Text.of(title), Text.of(f"{title} {abstract}")
            return frozenset(c.topic.id for c in self.compiled if _matches(c, title_text, text))
        if self.scanned is None:
            self.scanned = _scanned(self.compiled)
        return self.scanned(title, abstract)


def _scanned(compiled: list[_CompiledTopic]) -> Callable[[str, str], frozenset[str]]:
    """`topic_rules`' answer for many papers: each text scanned once for the keys of all the
    topics' phrases (`_KeyScan`), and only the topics whose keys it holds checked."""
    title_scans = _scans([c.title for c in compiled])
    text_scans = _scans([phrases for c in compiled for phrases in (c.text, c.exclude)])
    candidates = _candidates(compiled)

    def match(title: str, abstract: str) -> frozenset[str]:
        title_text = Text.of(title, *title_scans)
        text = Text.of(f"{title} {abstract}", *text_scans)
        return frozenset(c.topic.id for c in candidates(title_text, text) if _matches(c, title_text, text))

    return match


def _scans(phrases: list[_Phrases]) -> tuple[_KeyScan, _KeyScan]:
    """Scans for all the keys of `phrases`: folded ones, acronyms."""
    return (_KeyScan.of(key for p in phrases for key in p.folded_keys),
            _KeyScan.of(key for p in phrases for key in p.acronym_keys))


def _candidates(compiled: list[_CompiledTopic]) -> Callable[[Text, Text], list[_CompiledTopic]]:
    """A function from a title and a text (made with the scans of all the topics' keys) to the
    topics that may match them: those with a title or text phrase whose key was found. No other
    topic can (exclude phrases only veto), but for those whose text phrases need no hits at all
    and those with an empty phrase (which the scans leave out: it matches in any text)."""
    title = (_owners(compiled, "title", "folded_keys"), _owners(compiled, "title", "acronym_keys"))
    text = (_owners(compiled, "text", "folded_keys"), _owners(compiled, "text", "acronym_keys"))
    always = {n for n, c in enumerate(compiled) if (c.topic.match.text and c.topic.match.min_hits <= 0)
              or "" in c.title.folded_keys + c.text.folded_keys}

    def candidates(title_text: Text, text_text: Text) -> list[_CompiledTopic]:
        found = set(always)
        for (folded, acronyms), searched in ((title, title_text), (text, text_text)):
            found.update(n for key in searched.folded_at for n in folded.get(key, ()))
            found.update(n for key in searched.acronyms_at for n in acronyms.get(key, ()))
        return [compiled[n] for n in sorted(found)]

    return candidates


def _owners(compiled: list[_CompiledTopic], part: str, keys: str) -> dict[str, list[int]]:
    """Each key of the topics' `part` phrases (title or text; `keys`: folded or acronym), and the
    positions of the topics that have it."""
    owners: dict[str, list[int]] = {}
    for n, c in enumerate(compiled):
        for key in getattr(getattr(c, part), keys):
            owners.setdefault(key, []).append(n)
    return owners


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
    return bool(rules.text) and compiled.text.reaches(text, rules.min_hits)


def _ancestors(topic_id: str, parents: dict[str, str | None]) -> list[str]:
    chain = []
    parent = parents.get(topic_id)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = parents.get(parent)
    return chain
