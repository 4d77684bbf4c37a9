"""The README is part of the code: every command, make target and taxonomy field is documented."""

from __future__ import annotations

import argparse
import re

from generator.cli import _parser
from generator.store import read_schema

from .conftest import ROOT

README = (ROOT / "README.md").read_text()


def test_every_cli_command_is_documented():
    parser = _parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert commands.choices
    for name in commands.choices:
        assert f"`python -m generator {name}`" in README, name


def test_every_make_target_is_documented():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE)
    assert {"serve", "test", "site"} <= set(targets)
    for target in targets:
        assert f"make {target}" in README, target


def test_every_taxonomy_field_is_documented():
    schema = read_schema("topics")
    fields = set(schema["$defs"]["topic"]["properties"]) | set(schema["$defs"]["match"]["properties"])
    for field in fields:
        assert f"`{field}`" in README, field


def test_ci_runs_the_readme_test_command():
    assert "make test" in README
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(), flags=re.MULTILINE)
