"""The docs are part of the code: every command, make target and annotation field is documented,
CONTRIBUTING.md lists exactly the schemas' fields with their descriptions, and its examples are
valid annotations."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from generator.cli import _parser
from generator.curation import load_annotations
from generator.pipeline import check
from generator.store import read_schema
from generator.yamldoc import load_yaml

from .conftest import ROOT

README = (ROOT / "README.md").read_text()
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text()
ROW = re.compile(r"^\| `([a-z_.]+)` \| ([^|]+) \| (.*) \|$", re.MULTILINE)


def test_every_cli_command_is_documented():
    parser = _parser()
    (commands,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert commands.choices
    for name in commands.choices:
        assert re.search(rf"`python -m generator {name}[` ]", README), name


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


def _schema_fields(name: str) -> dict[str, str]:
    """Every field of a format, dotted for nested mappings, with its description."""
    schema = read_schema(name)
    defs = schema.get("$defs", {})
    root = {"paper": schema, "topics": defs.get("topic"), "datasets": defs.get("dataset")}[name]
    fields = {}
    for field, spec in root["properties"].items():
        target = defs[spec["$ref"].split("/")[-1]] if "$ref" in spec else spec
        fields[field] = spec.get("description") or target.get("description", "")
        for child, child_spec in target.get("properties", {}).items():
            fields[f"{field}.{child}"] = child_spec["description"]
    return fields


def _section(heading: str) -> str:
    start = CONTRIBUTING.index(heading)
    end = CONTRIBUTING.find("\n### ", start + 1)
    return CONTRIBUTING[start:end if end > 0 else None]


@pytest.mark.parametrize(("name", "heading"), [
    ("paper", "### Paper annotations"), ("topics", "### Topics"), ("datasets", "### Datasets"),
])
def test_contributing_lists_exactly_the_schema_fields(name, heading):
    rows = {field: meaning for field, _, meaning in ROW.findall(_section(heading))}
    assert rows == _schema_fields(name)


def test_contributing_marks_the_required_fields():
    rows = {field: kind for field, kind, _ in ROW.findall(_section("### Paper annotations"))}
    marked = {field for field, kind in rows.items() if "required" in kind}
    schema = read_schema("paper")
    required = set(schema["required"]) | {
        f"{field}.{child}" for field, spec in schema["properties"].items() for child in spec.get("required", ())
    }
    assert marked == required == {"title", "code.url"}


def test_contributing_examples_are_valid_annotations(real_project):
    site = check(real_project)
    blocks = re.findall(r"```yaml\n(.*?)```", CONTRIBUTING, flags=re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        data = yaml.safe_load(block)
        paper = next(p for p in site.corpus.papers if p.title.casefold() == data["title"].casefold())
        doc = load_yaml(f"annotations/papers/{paper.slug}.yml", block)
        annotations, problems = load_annotations([doc], read_schema("paper"), site.corpus.papers,
                                                 {t.id for t in site.topics}, {d.id for d in site.datasets})
        assert problems == [] and len(annotations) == 1


def test_the_site_page_includes_contributing(built):
    root, result = built
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "contribute" / "index.html").read_text()
    assert "How to contribute" in page and "code.official" in page and "--8&lt;--" not in page
    edit = re.findall(r'<a href="([^"]*)" title="Edit this page"', page)
    assert edit == ["https://github.com/papercards/papercards/edit/main/CONTRIBUTING.md"]


def test_the_contributing_error_example_is_what_validate_prints(tmp_path):
    section = CONTRIBUTING[CONTRIBUTING.index("## When something is wrong"):]
    broken, output = re.findall(r"```text\n(.*?)```", section, flags=re.DOTALL)[:2]
    for name in ("corpus", "annotations"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "annotations" / "papers" / "uniformer.yml").write_text(broken)
    result = subprocess.run([sys.executable, "-m", "generator", "validate", "--root", str(tmp_path)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr == output
