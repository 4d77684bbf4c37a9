"""Curation health: what is annotated, what is not, and what needs a curator's look. Shown by
``python -m generator report`` and on the site's "Curation status" page (both templates).
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Problem
from .models import Corpus, Paper, Topic

MIN_TOPIC_PAPERS = 3  # fewer makes a topic page thin, unless the topic is a parent of others


@dataclass(frozen=True)
class TopicCount:
    topic: Topic
    papers: int
    curated: int  # of which a curator set the topic (or one of its subtopics)


@dataclass(frozen=True)
class Health:
    papers: int
    listed: int  # papers on the site's listings: all but the off-topic ones
    annotated: int
    with_tldr: int
    with_code: int
    featured: tuple[Paper, ...]
    off_topic: tuple[Paper, ...]
    no_topic: tuple[Paper, ...]  # listed papers with no topic
    per_topic: tuple[TopicCount, ...]
    thin_topics: tuple[TopicCount, ...]
    corpus: Corpus
    problems: tuple[Problem, ...]  # annotation files left out (only when checking leniently)

    def share(self, count: int) -> str:
        return f"{100 * count / self.papers:.0f}%" if self.papers else "0%"


def assess(corpus: Corpus, topics: tuple[Topic, ...], problems: tuple[Problem, ...] = ()) -> Health:
    papers = corpus.papers
    listed = tuple(p for p in papers if not p.off_topic)
    per_topic = tuple(_count(topic, listed) for topic in topics)
    parents = {topic.parent for topic in topics}
    return Health(
        papers=len(papers),
        listed=len(listed),
        annotated=sum(p.annotation is not None for p in papers),
        with_tldr=sum(bool(p.annotation and p.annotation.tldr) for p in papers),
        with_code=sum(p.has_code for p in listed),
        featured=_by_title(p for p in listed if p.featured),
        off_topic=_by_title(p for p in papers if p.off_topic),
        no_topic=_by_title(p for p in listed if not p.topics),
        per_topic=per_topic,
        thin_topics=tuple(c for c in per_topic if c.papers < MIN_TOPIC_PAPERS and c.topic.id not in parents),
        corpus=corpus,
        problems=problems,
    )


def _count(topic: Topic, papers: tuple[Paper, ...]) -> TopicCount:
    members = [p for p in papers if topic.id in p.topics]
    return TopicCount(topic, len(members), sum(p.topics_curated for p in members))


def _by_title(papers) -> tuple[Paper, ...]:
    return tuple(sorted(papers, key=lambda p: (p.title.casefold(), p.slug)))
