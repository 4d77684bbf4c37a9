"""Shared fixtures: the real checkout, a tiny fixture project, and a builder for listing pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.models import Source
from generator.store import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"
DATED_HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n{date}\n\n"
DAILY_HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")


def dated_page(pairs, date="Mar 12") -> str:
    """A page in the blank-line separated layout."""
    return DATED_HEADER.format(date=date) + "\n\n".join(f"{t}\n\n{a}" for t, a in pairs) + "\n"


def daily_page(pairs) -> str:
    """A page in the newline separated layout ('Subscribe' glued to the first title)."""
    return DAILY_HEADER + "\n".join(f"{t}\n{a}" for t, a in pairs) + "\n"


def source(text: str, name: str = "corpus/raw/x.txt") -> Source:
    return Source(name, text)


@pytest.fixture
def fixture_project(tmp_path) -> Project:
    """A copy of tests/fixtures/project that a test may change."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE_PROJECT, root)
    (root / "docs").mkdir()
    return Project(root)


@pytest.fixture(scope="session")
def real_project() -> Project:
    return Project(ROOT)
