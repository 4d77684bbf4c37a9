"""The datasets list (``annotations/datasets.yml``) -> `Dataset`s, checked against its schema and
itself: unique ids, and no alias claimed by two datasets. Every problem is reported.
"""

from __future__ import annotations

from .errors import AnnotationError, Problem
from .models import Dataset
from .schema import check_schema, field_name
from .yamldoc import YamlDoc


def load_datasets(doc: YamlDoc, schema: dict) -> tuple[Dataset, ...]:
    """Validate and build the datasets, sorted by name."""
    problems = check_schema(doc, schema)
    if problems:
        raise AnnotationError(problems)
    datasets = tuple(_dataset(entry) for entry in doc.data["datasets"])
    problems = _check_unique(doc, datasets)
    if problems:
        raise AnnotationError(problems)
    return tuple(sorted(datasets, key=lambda d: (d.name.casefold(), d.id)))


def _dataset(entry: dict) -> Dataset:
    return Dataset(
        id=entry["id"],
        name=entry["name"],
        aliases=tuple(entry["aliases"]),
        description=entry["description"],
        homepage=entry.get("homepage"),
    )


def _check_unique(doc: YamlDoc, datasets: tuple[Dataset, ...]) -> list[Problem]:
    problems = []
    ids: dict[str, int] = {}
    aliases: dict[str, tuple[int, str]] = {}
    for index, dataset in enumerate(datasets):
        if dataset.id in ids:
            first = doc.line_of(("datasets", ids[dataset.id], "id"))
            message = f"duplicate id {dataset.id!r} (first at line {first})"
            problems.append(_problem(doc, (index, "id"), message))
        ids.setdefault(dataset.id, index)
        for position, alias in enumerate(dataset.aliases):
            folded = " ".join(alias.replace("-", " ").split())
            if folded in aliases and aliases[folded][1] != dataset.id:
                owner = aliases[folded][1]
                problems.append(_problem(doc, (index, "aliases", position),
                                         f"the alias {alias!r} already belongs to {owner!r}"))
            aliases.setdefault(folded, (index, dataset.id))
    return problems


def _problem(doc: YamlDoc, path: tuple, message: str) -> Problem:
    full = ("datasets", *path)
    return Problem(doc.name, doc.line_of(full), f"{field_name(full)}: {message}")
