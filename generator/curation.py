"""Paper annotations (``annotations/papers/<slug>.yml``) -> `Annotation`s, checked against the
schema and against the data; every problem is one line with the file and the key's line:

    annotations/papers/x.yml:4: topics[1]: 'skeleton' is not a topic id (did you mean 'skeleton-based'?)
    annotations/papers/x.yml:2: title: this annotates the card 'videomae'; name the file
        annotations/papers/videomae.yml

`load_annotations` returns the problems instead of raising, so `report` can list them; the build
and `validate` fail on any.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator

from .errors import Problem
from .models import Annotation, Paper
from .notes import notes_problems
from .schema import check_schema, did_you_mean, field_name
from .slugs import title_key
from .yamldoc import YamlDoc

FOLDER = "annotations/papers"


def load_annotations(docs: list[YamlDoc], schema: dict, papers: tuple[Paper, ...], topic_ids: set[str],
                     dataset_ids: set[str], check: Callable[[YamlDoc, dict], list[Problem]] = check_schema
                     ) -> tuple[dict[str, Annotation], list[Problem]]:
    """Annotations by paper key, and every problem found (files with problems are left out).
    `check` is `schema.check_schema`, or a function that answers as it does."""
    by_key = {paper.key: paper for paper in papers}
    slugs = {paper.slug for paper in papers}
    annotations: dict[str, Annotation] = {}
    owners: dict[str, str] = {}
    problems: list[Problem] = []
    for doc in docs:
        found = list(check(doc, schema))
        data = doc.data if isinstance(doc.data, dict) else {}
        title = data.get("title")
        paper = by_key.get(title_key(title)) if isinstance(title, str) else None
        found += _data_problems(doc, paper, by_key, slugs, topic_ids, dataset_ids, owners)
        if paper is not None:
            owners.setdefault(paper.key, doc.name)
        if found:
            problems += found
        else:
            annotations[paper.key] = to_annotation(doc)
    return annotations, problems


def to_annotation(doc: YamlDoc) -> Annotation:
    data = doc.data
    code = data.get("code", {})
    return Annotation(
        file=doc.name,
        title=data["title"],
        tldr=data.get("tldr"),
        topics=tuple(data.get("topics", ())),
        tags=tuple(data.get("tags", ())),
        venue=data.get("venue"),
        year=data.get("year"),
        arxiv=data.get("arxiv"),
        authors=tuple(data.get("authors", ())),
        code=code.get("url"),
        code_official=code.get("official", True),
        project_page=data.get("project_page"),
        datasets=tuple(data.get("datasets", ())),
        related=tuple(data.get("related", ())),
        status=data.get("status"),
        reason=data.get("reason"),
        notes=data.get("notes"),
    )


def _data_problems(doc: YamlDoc, paper: Paper | None, by_key: dict[str, Paper], slugs: set[str],
                   topic_ids: set[str], dataset_ids: set[str], owners: dict[str, str]) -> list[Problem]:
    """What the schema cannot see: does everything this file names exist, and fit together?
    Fields of the wrong type are left to the schema's messages."""
    data = doc.data if isinstance(doc.data, dict) else {}

    def problem(path: tuple, message: str) -> Problem:
        return Problem(doc.name, doc.line_of(path), f"{field_name(path)}: {message}")

    problems = []
    if paper is None and isinstance(data.get("title"), str):
        hint = did_you_mean(data["title"], {p.title for p in by_key.values()})
        problems.append(problem(("title",), f"no paper in the corpus has this title{hint}"))
    elif paper is not None:
        problems += _identity_problems(doc, paper, owners, problem)
    problems += _id_problems(data, "topics", topic_ids, "topic id", problem)
    problems += _id_problems(data, "datasets", dataset_ids, "dataset id", problem)
    problems += _id_problems(data, "related", slugs, "card's slug", problem)
    related = _strings(data, "related")
    if paper is not None and paper.slug in related:
        where = ("related", related.index(paper.slug))
        problems.append(problem(where, "a paper cannot be related to itself"))
    problems += _status_problems(data, problem)
    notes = data.get("notes")
    if isinstance(notes, str):
        problems += [problem(("notes",), message) for message in notes_problems(notes)]
    return problems


def _strings(data: dict, field: str) -> list:
    """The field's list items, or nothing when the field is not a list (the schema reports that)."""
    value = data.get(field)
    return value if isinstance(value, list) else []


def _identity_problems(doc: YamlDoc, paper: Paper, owners: dict[str, str], problem) -> Iterator[Problem]:
    expected = f"{FOLDER}/{paper.slug}.yml"
    if doc.name != expected:
        yield problem(("title",), f"this annotates the card {paper.slug!r}; name the file {expected}")
    if paper.key in owners:
        yield problem(("title",), f"this paper is already annotated in {owners[paper.key]}; "
                                  "keep one file per paper")


def _id_problems(data: dict, field: str, known: set[str], what: str, problem) -> Iterator[Problem]:
    for index, value in enumerate(_strings(data, field)):
        if isinstance(value, str) and value not in known:
            yield problem((field, index), f"{value!r} is not a {what}{did_you_mean(value, known)}")


def _status_problems(data: dict, problem) -> Iterator[Problem]:
    if "reason" in data and data.get("status") != "off-topic":
        yield problem(("reason",), "a reason is only given with status: off-topic")
    if data.get("status") == "off-topic" and "topics" in data:
        yield problem(("topics",), "an off-topic paper has no topics; remove them or the status")


def find_papers(query: str, papers: tuple[Paper, ...], limit: int = 10) -> list[Paper]:
    """Papers a curator may mean by `query` (a slug, a title, or some of its words), best first:
    one paper when the query names it exactly, several when it is ambiguous, none when nothing
    is close."""
    wanted = title_key(query)
    exact = [p for p in papers if p.slug == query.strip() or p.key == wanted]
    if exact:
        return exact
    words = wanted.split()
    containing = [p for p in papers if words and all(_has_word_prefix(p.key, word) for word in words)]
    if containing:
        return sorted(containing, key=lambda p: (len(p.key), p.key))[:limit]
    keys = {p.key: p for p in papers}
    return [keys[key] for key in difflib.get_close_matches(wanted, list(keys), n=limit, cutoff=0.5)]


def _has_word_prefix(key: str, word: str) -> bool:
    return any(part.startswith(word) for part in key.split())
