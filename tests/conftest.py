"""Shared fixtures: the real checkout, a tiny fixture project, and a builder for listing pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.models import Source
from generator.render import OUTPUT_DIRS
from generator.store import Project

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_PROJECT = Path(__file__).parent / "fixtures" / "project"
CHECKOUT = ["corpus", "annotations", "docs", "generator", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
DATED_HEADER = "new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\n{date}\n\n"
DAILY_HEADER = "Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!\nSubscribe"


def pytest_addoption(parser):
    parser.addoption("--update-goldens", action="store_true", help="rewrite tests/golden/ from the current output")


def copy_checkout(root: Path) -> Path:
    """Copy what a build needs from this checkout to `root`, without generated pages."""
    generated = set(OUTPUT_DIRS)

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        skipped = {"__pycache__"} | ({n for n in names if n in generated} if here == ROOT / "docs" else set())
        return skipped & set(names)

    for name in CHECKOUT:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, root / name, ignore=ignore)
        else:
            shutil.copy(ROOT / name, root / name)
    return root


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


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A copy of the checkout (without generated pages) built with `mkdocs build --strict`:
    (root, completed process). The site is in root / "site"."""
    root = copy_checkout(tmp_path_factory.mktemp("checkout"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                            capture_output=True, text=True, timeout=600, env=env)
    return root, result


@pytest.fixture(scope="session")
def built_site(built):
    """What the generator made of the built checkout (papers, topics, pages)."""
    from generator.pipeline import build

    return build(Project(built[0]))
