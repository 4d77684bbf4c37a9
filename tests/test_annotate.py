"""annotate: topic match rules, exactly as annotations/topics.yml documents them."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.annotate import Text, annotate, compile_phrases
from generator.models import MatchRules, Paper, Topic


def _finds(phrase: str, text: str) -> bool:
    return compile_phrases((phrase,)).found(Text.of(text))


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("action segmentation", "Temporal Action Segmentation of videos", True),
        ("action segmentation", "action-segmentation", True),
        ("self-supervised", "a self supervised method", True),
        ("self-supervised", "selfsupervised", True),
        ("skeleton", "skeletons", False),
        ("skeleton*", "skeletons and skeleton-based", True),
        ("action", "transactions", False),
        ("TAL", "TAL benchmarks", True),
        ("TAL", "a total of tal", False),
        ("NTU RGB+D", "on NTU RGB+D 120", True),
        ("VLM*", "VLMs", True),
        ("VLM*", "vlms", False),
        ("egocentric", "EGOCENTRIC video", True),
    ],
)
def test_phrase_rules(phrase, text, found):
    assert _finds(phrase, text) is found


def _paper(title, abstract="") -> Paper:
    return Paper(key=title.lower(), slug=title.lower(), title=title, abstract=abstract, sources=())


TOPICS = (
    Topic("recognition", "Recognition", "d", match=MatchRules(text=("action recognition",))),
    Topic("skeleton", "Skeleton", "d", parent="recognition", match=MatchRules(title=("skeleton*",))),
    Topic("joints", "Joints", "d", parent="skeleton", match=MatchRules(text=("joint*",), min_hits=2)),
    Topic("video", "Video", "d", match=MatchRules(text=("video",), exclude=("recommendation",))),
    Topic("parent-only", "Parent only", "d"),
)


def _topics(title, abstract=""):
    (paper,) = annotate((_paper(title, abstract),), TOPICS)
    return paper.topics


def test_title_rule_and_parents_in_taxonomy_order():
    assert _topics("Skeleton Graphs") == ("recognition", "skeleton")


def test_min_hits_counts_every_occurrence_in_title_and_abstract():
    assert _topics("Joint models", "nothing else") == ()
    assert _topics("Joint models", "jointly with joints") == ("recognition", "skeleton", "joints")


def test_exclude_vetoes_the_topic():
    assert _topics("Video models") == ("video",)
    assert _topics("Video models", "for music recommendation") == ()


def test_a_topic_without_rules_matches_nothing_by_itself():
    assert "parent-only" not in _topics("Parent only paper", "parent only")


# The quick test (squeezed phrases in the squeezed text) may only skip the patterns when they
# cannot match: gated and ungated phrases agree on any text, counts included.
PIECES = ["action", "Action", "self", "supervised", "TAL", "tal", "skeleton", "skeletons", "-", " ", "  ",
          "\t", "--", "video", "transaction", "recognition", "é", "İ", ".", "(", "RGB+D", "NTU"]
PHRASES = ["action recognition", "self-supervised", "TAL", "skeleton*", "video", "NTU RGB+D", "é*",
           "action-recognition", "supervised video", "i̇"]


@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join),
       phrases=st.lists(st.sampled_from(PHRASES), min_size=1, max_size=4, unique=True))
def test_the_quick_test_never_changes_what_phrases_find(text, phrases):
    gated = compile_phrases(tuple(phrases))
    ungated = replace(gated, folded_keys=("",) if gated.folded else (), acronym_keys=("",) if gated.acronyms else ())
    searched = Text.of(text)
    assert gated.found(searched) == ungated.found(searched)
    assert gated.count(searched) == ungated.count(searched)


def test_the_quick_test_skips_the_patterns_when_no_phrase_can_match():
    phrases = compile_phrases(("action recognition", "TAL"))
    assert phrases.folded_keys == ("actionrecognition",) and phrases.acronym_keys == ("TAL",)
    assert not phrases._may(phrases.folded_keys, Text.of("action and recognition").squeezed_lowered)
    assert phrases._may(phrases.folded_keys, Text.of("Action -Recognition").squeezed_lowered)
