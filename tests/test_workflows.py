"""The GitHub Actions set-up: the workflows and dependabot.yml match GitHub's schemas (check-jsonschema),
zizmor finds no high-severity problem, every action is pinned to a commit, and each workflow does its
job with the least permissions: ci tests and keeps the site, deploy publishes it to Pages, links only
runs on a schedule. All offline."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
PINNED_LINE = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # (v\d+(?:\.\d+)*)$")
BAD_WORKFLOW = """\
on: pull_request_target
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def _load(name: str) -> dict:
    return yaml.safe_load((GITHUB / "workflows" / name).read_text())


def _triggers(workflow: dict) -> dict:
    """The `on:` mapping (PyYAML reads the key `on` as True)."""
    on = workflow.get("on", workflow.get(True))
    return {on: None} if isinstance(on, str) else dict(on)


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _step(job: dict, uses: str) -> dict:
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith(f"{uses}@")]
    return step


def _run_index(job: dict, command: str) -> int:
    (index,) = [i for i, s in enumerate(job["steps"]) if s.get("run", "").strip() == command]
    return index


def _zizmor(*inputs: Path) -> list[dict]:
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-config", "--no-exit-codes", "--no-progress",
                             "--format", "json", *map(str, inputs)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return [finding for finding in json.loads(result.stdout) if not finding.get("ignored")]


def _describe(findings: list[dict]) -> str:
    return "\n".join(f"{f['determinations']['severity']} {f['ident']}: {f['desc']} at "
                     + ", ".join(f"{loc['symbolic']['key']['Local']['verbatim_path']}:"
                                 f"{loc['concrete']['location']['start_point']['row'] + 1}"
                                 for loc in f["locations"]) for f in findings)


def _check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=60)


def test_the_three_workflows_exist():
    assert [path.name for path in WORKFLOWS] == ["ci.yml", "deploy.yml", "links.yml"]


def test_workflows_and_dependabot_match_githubs_schemas():
    workflows = _check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert workflows.returncode == 0, workflows.stdout + workflows.stderr
    dependabot = _check_jsonschema("vendor.dependabot", GITHUB / "dependabot.yml")
    assert dependabot.returncode == 0, dependabot.stdout + dependabot.stderr


def test_the_schema_check_rejects_a_misspelt_key(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz: []\n")
    assert _check_jsonschema("vendor.github-workflows", broken).returncode == 1


def test_zizmor_finds_no_high_severity_problem():
    findings = _zizmor(GITHUB)  # the workflows and dependabot.yml
    high = [f for f in findings if f["determinations"]["severity"] == "High"]
    assert not high, _describe(findings)


def test_zizmor_does_report_a_dangerous_workflow(tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(BAD_WORKFLOW)
    idents = {f["ident"] for f in _zizmor(tmp_path / ".github") if f["determinations"]["severity"] == "High"}
    assert {"dangerous-triggers", "template-injection", "unpinned-uses"} <= idents


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_in_a_comment(path):
    workflow = yaml.safe_load(path.read_text())
    uses = [step["uses"] for step in _steps(workflow) if "uses" in step]
    uses += [job["uses"] for job in workflow["jobs"].values() if "uses" in job]
    assert uses
    assert [u for u in uses if not PINNED.match(u)] == []
    lines = [line for line in path.read_text().splitlines() if re.match(r"^\s*(- )?uses:", line)]
    assert [line for line in lines if not PINNED_LINE.match(line)] == []


def test_each_action_has_one_commit_and_version_across_the_workflows():
    pins: dict[str, set[tuple[str, str]]] = {}
    for path in WORKFLOWS:
        for line in path.read_text().splitlines():
            if match := PINNED_LINE.match(line):
                pins.setdefault(match[1], set()).add((match[2], match[3]))
    assert {action: len(versions) for action, versions in pins.items() if len(versions) > 1} == {}
    assert set(pins) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact",
                         "actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_checkouts_keep_no_credentials_and_permissions_are_explicit(path):
    workflow = yaml.safe_load(path.read_text())
    assert "permissions" in workflow
    assert "concurrency" in workflow
    for step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False


def test_ci_lints_validates_tests_with_ci_true_builds_and_keeps_the_site():
    ci = _load("ci.yml")
    assert _triggers(ci) == {"pull_request": None, "push": {"branches": ["main"]}}
    assert ci["permissions"] == {"contents": "read"}
    (job,) = ci["jobs"].values()
    assert "permissions" not in job
    assert _step(job, "actions/checkout")["with"]["fetch-depth"] == 0
    assert any("apt-get install" in s.get("run", "") and "chromium" in s.get("run", "") for s in job["steps"])
    assert _run_index(job, "make lint") < _run_index(job, "make validate") < _run_index(job, "make test")
    assert job["steps"][_run_index(job, "make test")]["env"] == {"CI": "true"}
    upload = _step(job, "actions/upload-artifact")
    assert upload["with"]["path"] == "site/"
    assert _run_index(job, "make site") < job["steps"].index(upload)


def test_deploy_builds_with_read_access_and_only_the_deploy_job_writes_to_pages():
    deploy = _load("deploy.yml")
    assert _triggers(deploy) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert deploy["permissions"] == {}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert _step(build, "actions/checkout")["with"]["fetch-depth"] == 0
    assert _run_index(build, "make site") < build["steps"].index(_step(build, "actions/upload-pages-artifact"))
    assert _step(build, "actions/upload-pages-artifact")["with"] == {"path": "site/"}
    assert publish["needs"] == "build"
    assert publish["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    _step(publish, "actions/configure-pages")
    assert _step(publish, "actions/deploy-pages")["id"] == "deployment"
    assert "secrets." not in (GITHUB / "workflows" / "deploy.yml").read_text()
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        for name, job in workflow["jobs"].items():
            writes = {scope for scope, level in {**(workflow["permissions"] or {}),
                                                 **job.get("permissions", {})}.items() if level == "write"}
            assert writes == ({"pages", "id-token"} if (path.name, name) == ("deploy.yml", "deploy") else set())


def test_the_link_check_runs_weekly_never_on_pull_requests_and_never_fails():
    links = _load("links.yml")
    triggers = _triggers(links)
    assert set(triggers) == {"schedule", "workflow_dispatch"}
    (cron,) = triggers["schedule"]
    assert re.fullmatch(r"\d+ \d+ \* \* [0-6]", cron["cron"])
    assert links["permissions"] == {"contents": "read"}
    (job,) = links["jobs"].values()
    runs = [s["run"] for s in job["steps"] if "run" in s]
    assert "make generate" in runs
    (check,) = [run for run in runs if "scripts/check_links.py" in run]
    assert "--strict" not in check
    report = _step(job, "actions/upload-artifact")
    assert report["if"] == "always()" and report["with"]["path"] in check
