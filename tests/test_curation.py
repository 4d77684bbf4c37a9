"""Curator annotations: each kind of mistake gives its exact `FILE:LINE: field: message`, all of
them in one run; valid annotations load. Broken files are written into a copy of the fixture
project (tests/fixtures/project), whose corpus has three papers and whose taxonomy has three
topics."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from generator.errors import GeneratorError
from generator.pipeline import check

SCHEMA_LINE = "# yaml-language-server: $schema=../../generator/schemas/paper.schema.json\n"
TAL = "annotations/papers/temporal-action-localization-in-untrimmed-video.yml"
SKEL = "annotations/papers/skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"
GOOD = """\
title: Temporal Action Localization in Untrimmed Video
tldr: Finds where actions start and end in long videos, in two stages.
topics: [temporal-localization]
"""


def _write(project, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = project.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SCHEMA_LINE + textwrap.dedent(text) if name.endswith(".yml") else text)


def _problems(project, files: dict[str, str]) -> list[str]:
    _write(project, files)
    with pytest.raises(GeneratorError) as caught:
        check(project)
    return [str(p) for p in caught.value.problems]


def test_a_good_annotation_loads(fixture_project):
    _write(fixture_project, {TAL: GOOD})
    site = check(fixture_project)
    paper = next(p for p in site.corpus.papers if p.slug == "temporal-action-localization-in-untrimmed-video")
    assert paper.annotation.tldr == "Finds where actions start and end in long videos, in two stages."
    assert paper.topics == ("temporal-localization",) and paper.topics_curated
    assert site.annotation_files == 3


# (what the curator wrote into TAL instead of GOOD, the one expected line)
BROKEN = [
    pytest.param(GOOD.replace("[temporal-localization]", "[temporal-localisation]"),
                 f"{TAL}:4: topics[0]: 'temporal-localisation' is not a topic id (did you mean 'temporal-localization'?)",
                 id="unknown topic id"),
    pytest.param(GOOD + "datasets: [thumos]\n",
                 f"{TAL}:5: datasets[0]: 'thumos' is not a dataset id (did you mean 'thumos14'?)",
                 id="unknown dataset id"),
    pytest.param(GOOD + "related: [skelnet]\n",
                 f"{TAL}:5: related[0]: 'skelnet' is not a card's slug "
                 "(did you mean 'skelnet-skeleton-based-action-recognition-with-graph-tricks'?)",
                 id="related slug not in the corpus"),
    pytest.param(GOOD + "related: [temporal-action-localization-in-untrimmed-video]\n",
                 f"{TAL}:5: related[0]: a paper cannot be related to itself",
                 id="related to itself"),
    pytest.param(GOOD.replace("Localization in Untrimmed", "Localisation in Trimmed"),
                 f"{TAL}:2: title: no paper in the corpus has this title "
                 "(did you mean 'Temporal Action Localization in Untrimmed Video'?)",
                 id="title not in the corpus"),
    pytest.param(GOOD + "tldr: Twice.\n",
                 f"{TAL}:5: tldr: duplicate key (first at line 3)",
                 id="duplicate key"),
    pytest.param(GOOD + "project_page: tal-demo.github.io/page\n",
                 f"{TAL}:5: project_page: expected an http:// or https:// URL such as "
                 "https://github.com/owner/repo, got 'tal-demo.github.io/page'",
                 id="URL without scheme"),
    pytest.param(GOOD + "code:\n  url: javascript:alert(1)\n",
                 f"{TAL}:6: code.url: expected an http:// or https:// URL such as "
                 "https://github.com/owner/repo, got 'javascript:alert(1)'",
                 id="javascript URL"),
    pytest.param(GOOD + "code:\n  url: https://github.com/a/b\n  oficial: true\n",
                 f"{TAL}:7: code.oficial: unknown field 'oficial' (did you mean 'official'?); allowed fields: "
                 "official, url",
                 id="unknown nested field"),
    pytest.param(GOOD + "arxiv: 2403.123\n",
                 f"{TAL}:5: arxiv: expected a string, got 2403.123; put it in quotes",
                 id="arXiv id as a number"),
    pytest.param(GOOD + 'arxiv: "arXiv:2403.12345"\n',
                 f"{TAL}:5: arxiv: expected an arXiv id such as 2403.12345 or 2403.12345v2 (old style: "
                 "cs/0112017), got 'arXiv:2403.12345'",
                 id="malformed arXiv id"),
    pytest.param(GOOD + "tldr_text: hello\n",
                 f"{TAL}:5: tldr_text: unknown field 'tldr_text' (did you mean 'tldr'?); allowed fields: "
                 "arxiv, authors, code, datasets, notes, project_page, reason, related, status, tags, title, "
                 "tldr, topics, venue, year",
                 id="unknown field"),
    pytest.param(GOOD + 'year: "2024"\n',
                 f"{TAL}:5: year: expected a whole number, got '2024'",
                 id="wrong type"),
    pytest.param(GOOD + "year: 24\n",
                 f"{TAL}:5: year: must be at least 1990, got 24",
                 id="year out of range"),
    pytest.param(GOOD.replace("Finds where actions start and end in long videos, in two stages.", "Short."),
                 f"{TAL}:3: tldr: must be at least 20 characters, got 'Short.'",
                 id="TL;DR too short"),
    pytest.param(GOOD.replace("[temporal-localization]", "[temporal-localization, temporal-localization]"),
                 f"{TAL}:4: topics: lists 'temporal-localization' twice",
                 id="duplicate list item"),
    pytest.param(GOOD + "status: offtopic\n",
                 f"{TAL}:5: status: expected one of 'featured', 'off-topic', got 'offtopic' (did you mean 'off-topic'?)",
                 id="status typo"),
    pytest.param("title: Temporal Action Localization in Untrimmed Video\nstatus: off-topic\n",
                 f"{TAL}:2: reason: required field is missing (status: off-topic needs a reason)",
                 id="off-topic without reason"),
    pytest.param(GOOD + "reason: It is about music, not video.\n",
                 f"{TAL}:5: reason: a reason is only given with status: off-topic",
                 id="reason without off-topic"),
    pytest.param(GOOD + "status: off-topic\nreason: It is about music, not video.\n",
                 f"{TAL}:4: topics: an off-topic paper has no topics; remove them or the status",
                 id="off-topic with topics"),
    pytest.param(GOOD + "notes: Uses <b>bold</b> tags.\n",
                 f"{TAL}:5: notes: raw HTML is not allowed ('<b>'); write Markdown",
                 id="raw HTML in notes"),
    pytest.param(GOOD + "notes: See [the demo](javascript:alert(1)).\n",
                 f"{TAL}:5: notes: links must be http:// or https:// URLs, got 'javascript:alert(1'",
                 id="javascript link in notes"),
    pytest.param(GOOD + "notes: '![teaser](https://example.org/t.png)'\n",
                 f"{TAL}:5: notes: images are not allowed ('https://example.org/t.png'); link to the page instead",
                 id="image in notes"),
    pytest.param(GOOD + "tags: !!python/object/apply:os.system ['echo hi']\n",
                 f"{TAL}:5: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; "
                 "use plain YAML values",
                 id="python tag"),
    pytest.param(GOOD + "tags: &t [a, b]\nauthors: *t\n",
                 f"{TAL}:6: YAML anchors and aliases are not allowed; write the value out",
                 id="YAML alias"),
    pytest.param(GOOD + "code:\n\turl: https://github.com/a/b\n",
                 f"{TAL}:6: YAML syntax: a tab character; YAML indentation must use spaces",
                 id="tab indentation"),
    pytest.param(GOOD + "tags: [a, b\n",
                 f"{TAL}:6: YAML syntax: expected ',' or ']', but got '<stream end>' (while parsing a flow sequence at line 5)",
                 id="malformed YAML"),
    pytest.param("tldr: A TL;DR with no title to say which paper it is about.\n",
                 f"{TAL}:2: title: required field is missing",
                 id="missing title"),
    pytest.param("",
                 f"{TAL}:1: the file holds no fields; expected a mapping of fields",
                 id="empty file"),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_each_mistake_gives_its_exact_message(fixture_project, text, expected):
    assert _problems(fixture_project, {TAL: text}) == [expected]


def test_a_file_named_after_the_wrong_slug(fixture_project):
    assert _problems(fixture_project, {"annotations/papers/tal.yml": GOOD}) == [
        "annotations/papers/tal.yml:2: title: this annotates the card 'temporal-action-localization-in-untrimmed-video'; "
        "name the file annotations/papers/temporal-action-localization-in-untrimmed-video.yml",
    ]


def test_two_files_for_one_paper(fixture_project):
    twin = "title: 'skelnet: skeleton-based action recognition with <graph> tricks'\n"
    assert _problems(fixture_project, {"annotations/papers/skelnet.yml": twin}) == [
        "annotations/papers/skelnet.yml:2: title: this annotates the card "
        "'skelnet-skeleton-based-action-recognition-with-graph-tricks'; name the file "
        f"{SKEL}",
        f"annotations/papers/skelnet.yml:2: title: this paper is already annotated in {SKEL}; keep one file per paper",
    ]


def test_a_file_that_is_not_yaml(fixture_project):
    assert _problems(fixture_project, {"annotations/papers/notes.txt": "hello"}) == [
        "annotations/papers/notes.txt: not an annotation file; expected <slug>.yml, named after the card it annotates",
    ]


DATASETS = "annotations/datasets.yml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("id: thumos14", "id: ntu-rgbd", f"{DATASETS}:8: datasets[1].id: duplicate id 'ntu-rgbd' (first at line 3)"),
        ('["THUMOS14", "THUMOS\'14"]', '["THUMOS14", "NTU-60"]',
         f"{DATASETS}:10: datasets[1].aliases[1]: the alias 'NTU-60' already belongs to 'ntu-rgbd'"),
        ("https://rose1.ntu.edu.sg/dataset/actionRecognition/", "rose1.ntu.edu.sg",
         f"{DATASETS}:6: datasets[0].homepage: expected an http:// or https:// URL such as https://example.org/page, "
         "got 'rose1.ntu.edu.sg'"),
        ('    aliases: ["THUMOS14", "THUMOS\'14"]\n', "",
         f"{DATASETS}:8: datasets[1].aliases: required field is missing"),
    ],
)
def test_dataset_mistakes(fixture_project, old, new, expected):
    path = fixture_project.root / DATASETS
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(GeneratorError) as caught:
        check(fixture_project)
    assert [str(p) for p in caught.value.problems] == [expected]


def test_every_problem_in_every_file_is_reported_in_one_run(fixture_project):
    previous = _run("generate", fixture_project)
    assert previous.returncode == 0, previous.stderr
    pages = {p: p.read_bytes() for p in fixture_project.docs_dir.rglob("*.md")}
    _write(fixture_project, {
        TAL: GOOD.replace("[temporal-localization]", "[nope]") + "year: soon\n",
        "annotations/papers/unknown-paper.yml": "title: A Paper Nobody Listed\n",
    })
    for command in ("validate", "generate"):
        result = _run(command, fixture_project)
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            "error: annotations/papers/temporal-action-localization-in-untrimmed-video.yml:4: topics[0]: "
            "'nope' is not a topic id",
            "error: annotations/papers/temporal-action-localization-in-untrimmed-video.yml:5: year: "
            "expected a whole number, got 'soon'",
            "error: annotations/papers/unknown-paper.yml:2: title: no paper in the corpus has this title",
            "3 problems; nothing was written",
        ]
    assert {p: p.read_bytes() for p in fixture_project.docs_dir.rglob("*.md")} == pages


def test_validate_passes_on_a_good_project(fixture_project):
    result = _run("validate", fixture_project)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok: 3 papers, 3 topics, 2 datasets, 2 paper annotations; no problems\n"


def _run(command: str, project, *args: str):
    return subprocess.run([sys.executable, "-m", "generator", command, "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=120)


def test_annotation_files_are_checked_even_when_the_corpus_is_broken(fixture_project):
    (fixture_project.corpus_dir / "c_empty.txt").write_text("")
    problems = _problems(fixture_project, {TAL: GOOD + "year: soon\n"})
    assert problems == [
        f"{TAL}:5: year: expected a whole number, got 'soon'",
        "corpus/raw/c_empty.txt:1: the file is empty; expected a listing page",
    ]
