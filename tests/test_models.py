"""The data that flows between stages."""

from __future__ import annotations

import dataclasses

import pytest

from generator.models import Annotation, Paper, Provenance, Related


def _paper() -> Paper:
    return Paper("key", "a-paper", "A Paper", "Its abstract.", (Provenance("corpus/raw/a.txt", 3),),
                 annotation=Annotation("annotations/papers/a-paper.yml", "A Paper", status="featured"))


def test_evolve_is_dataclasses_replace():
    paper = _paper()
    changes = {"topics": ("action-recognition",), "related": (Related("b", 0.5),)}
    evolved = paper.evolve(**changes)
    assert evolved == dataclasses.replace(paper, **changes)
    assert type(evolved) is Paper and evolved.featured and evolved.topics == ("action-recognition",)
    assert paper.topics == () and paper.related == ()  # the original is unchanged
    with pytest.raises(dataclasses.FrozenInstanceError):
        evolved.topics = ()


def test_evolve_refuses_an_unknown_field():
    with pytest.raises(TypeError, match="Paper has no field topic"):
        _paper().evolve(topic=("x",))
