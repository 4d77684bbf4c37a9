"""enrich: code and project links (on every URL form the real corpus has), datasets, dates."""

from __future__ import annotations

import re
import sys
from urllib.parse import urlsplit

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.clean import clean_listings
from generator.datasets import load_datasets
from generator.enrich import (
    SEPARATOR,
    URL,
    URL_HINTS,
    _alternation,
    _first_possible,
    dataset_detector,
    enrich,
    find_links,
)
from generator.models import Annotation, Dataset, Paper, Provenance
from generator.parse import parse_corpus
from generator.pipeline import check
from generator.store import read_corpus, read_schema, read_yaml


@pytest.mark.parametrize(
    ("abstract", "expected"),
    [
        ("Code is available at https://github.com/MCG-NJU/EVAD.", [("https://github.com/MCG-NJU/EVAD", "code")]),
        ("see https://github.com/wangzhiyaoo/SVFR.git.", [("https://github.com/wangzhiyaoo/SVFR.git", "code")]),
        ("at https://haochen-rye.github.io/HNeRV, and", [("https://haochen-rye.github.io/HNeRV", "project")]),
        ('framework".', []),
        ('at "https://github.com/twelvelabs-io/video-embeddings-evaluation-framework".',
         [("https://github.com/twelvelabs-io/video-embeddings-evaluation-framework", "code")]),
        ("Project website: vid2robot.github.io", [("https://vid2robot.github.io", "project")]),
        ("(see https://example.org/a_(b)) and (https://x.org/y)", [("https://example.org/a_(b)", "project"), ("https://x.org/y", "project")]),
        ("data at https://huggingface.co/datasets/Amar-S/MOVi-MC-AC", [("https://huggingface.co/datasets/Amar-S/MOVi-MC-AC", "code")]),
        ("at http://robotskills.cs.uni-freiburg.de", [("http://robotskills.cs.uni-freiburg.de", "project")]),
        ("page www.example.com/x; code gitlab.com/a/b", [("https://www.example.com/x", "project")]),
        ("twice: https://a.org/x and https://a.org/x.", [("https://a.org/x", "project")]),
        ("javascript:alert(1) and data:text/html,<b>", []),
        ("an e.g. or file.py is not a link", []),
    ],
)
def test_link_forms(abstract, expected):
    assert [(link.url, link.kind) for link in find_links(abstract)] == expected


def test_every_url_in_the_real_corpus_becomes_a_clean_link(real_project):
    listings = clean_listings(parse_corpus(read_corpus(real_project)))
    found = 0
    for listing in listings:
        links = find_links(listing.abstract)
        mentions = len(set(re.findall(r"https?://\S+|\S+\.github\.io\S*", listing.abstract)))
        assert len(links) == mentions, listing.abstract
        for link in links:
            parts = urlsplit(link.url)
            assert parts.scheme in ("http", "https") and "." in parts.hostname
            assert not re.search(r"[.,;:!?'\"{}]$", link.url), link.url
            assert "{" not in link.url and "}" not in link.url
        found += len(links)
    assert found > 100


@pytest.mark.parametrize(
    "abstract",
    [
        "at \\url{https://www.rit.edu/actionlab/dear}}.",
        "https://github.com/Sarinda251/CDFSL-V{https://github.com/Sarinda251/CDFSL-V}",
        "page https://anonymous0x233.github.io/ReuseAndDiffuse/{here}.",
        "(https://cogact.github.io/).",
    ],
)
def test_latex_wrappers_and_duplicated_tails_are_cut(abstract):
    (link,) = find_links(abstract)
    assert not re.search(r"[{}\\.)]$|here", link.url), link.url
    assert link.url.startswith("https://") and link.url.count("https://") == 1


# --- datasets -----------------------------------------------------------------------------------

DATASETS = (
    Dataset("kinetics", "Kinetics", ("Kinetics", "Kinetics-400", "K400"), "Short clips of 400 actions."),
    Dataset("kinetics-skeleton", "Kinetics-Skeleton", ("Kinetics-Skeleton",), "Skeletons from Kinetics."),
    Dataset("ssv2", "Something-Something", ("Something-Something V2", "ssv2"), "Hand gestures with objects."),
    Dataset("ntu", "NTU RGB+D", ("NTU RGB+D", "NTU-60"), "Indoor actions with depth."),
    Dataset("star", "STAR", ("STAR",), "Situated reasoning questions."),
    Dataset("thumos14", "THUMOS'14", ("THUMOS'14",), "Untrimmed sports videos."),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We report results on Kinetics-400 and K400.", {"kinetics"}),
        ("Kinetics 400 with a space", {"kinetics"}),
        ("skeletons of Kinetics-Skeleton only", {"kinetics-skeleton"}),  # the longer alias wins
        ("Something Something-V2, and SSv2 or SSV2", {"ssv2"}),  # lowercase alias: any case
        ("NTU RGB+D and NTU 60, THUMOS'14.", {"ntu", "thumos14"}),
        ("the STAR benchmark", {"star"}),
        ("(Kinetics), [STAR]; \"NTU-60\"", {"kinetics", "ntu", "star"}),
        # look-alikes: other case, inside a longer word, a different number
        ("the kinetics of motion, a rising star, a Star, STARS, STARe", set()),
        ("XKinetics-400, Kinetics4000, Kinetics_400 and ssv20, assv2", set()),
        ("something-something v2 written in lower case", set()),
        ("NTU RGB+DX or NTU-600", set()),
    ],
)
def test_dataset_aliases_are_whole_words_with_their_case_rules(text, expected):
    assert dataset_detector(DATASETS)(text) == expected


def test_every_alias_in_the_real_list_is_found_in_its_own_sentence_and_with_swapped_separators(real_project):
    datasets = load_datasets(read_yaml(real_project, real_project.datasets_file), read_schema("datasets"))
    detect = dataset_detector(datasets)
    for dataset in datasets:
        for alias in dataset.aliases:
            assert detect(f"We evaluate on {alias}.") == {dataset.id}, alias
            swapped = alias.replace("-", "\0").replace(" ", "-").replace("\0", " ")
            assert detect(f"({swapped}) results") == {dataset.id}, swapped


def test_every_dataset_in_the_real_list_is_named_by_some_paper(real_project):
    site = check(real_project)
    named = {dataset_id for paper in site.corpus.papers for dataset_id in paper.datasets}
    assert named == {dataset.id for dataset in site.datasets}


def test_a_paper_lists_curated_and_detected_datasets_in_the_lists_order():
    paper = Paper("k", "k", "A title", "Trained on THUMOS'14 and Kinetics.", (Provenance("f", 1),),
                  annotation=Annotation(file="a.yml", title="A title", datasets=("star",)))
    (enriched,) = enrich((paper,), DATASETS)
    assert enriched.datasets == ("kinetics", "star", "thumos14")


def test_dates_come_from_the_history_of_the_first_corpus_file_and_the_annotation():
    paper = Paper("k", "k", "T", "A", (Provenance("corpus/raw/b.txt", 1), Provenance("corpus/raw/a.txt", 9)),
                  annotation=Annotation(file="annotations/papers/k.yml", title="T"))
    history = {"corpus/raw/a.txt": "2026-01-02T00:00:00Z", "corpus/raw/b.txt": "2026-03-01T00:00:00Z",
               "annotations/papers/k.yml": "2026-05-01T10:00:00Z"}
    (dated,) = enrich((paper,), (), history)
    assert (dated.added, dated.annotated, dated.updated) == (
        "2026-01-02T00:00:00Z", "2026-05-01T10:00:00Z", "2026-05-01T10:00:00Z")
    (undated,) = enrich((paper,), (), {})
    assert (undated.added, undated.annotated, undated.updated) == (None, None, None)


# --- fast paths: the same answers as the plain patterns ------------------------------------------

URL_PIECES = ["http://", "HTTPS://", "hTtP", "a.org", "www.", "WWW.x.com", "x.github.io", "GitHub.IO", "thub.", "/p",
              " ", "\n", "(", ")", ".", "-", "x", "İ", "ſ", "K", "ß", "é", "{", "\\url{"]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(URL_PIECES), max_size=20).map("".join))
@example("İ x www.a.com")  # lower-casing moves what follows İ: the search starts at the beginning
@example("a (https://x.org/a_(b)) b")
def test_links_are_searched_from_where_the_first_can_start(text):
    spans = [match.span() for match in URL.finditer(text)]
    assert [match.span() for match in URL.finditer(text, _first_possible(text))] == spans


def test_the_letters_of_the_link_hints_have_no_look_alikes_but_their_capitals():
    letters = sorted(set("".join(URL_HINTS)) - {"."})
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    found = set(re.findall(f"[{''.join(letters)}]", every, re.IGNORECASE))
    assert found == set(letters) | {letter.upper() for letter in letters}


def _plain_alternation(aliases: list[str]) -> re.Pattern:
    """The dataset aliases' pattern as it was first written: a look-behind in front."""
    longest_first = sorted(set(aliases), key=lambda alias: (-len(alias), alias))
    words = "|".join(r"[\s-]".join(map(re.escape, SEPARATOR.split(alias))) for alias in longest_first)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


ALIASES = ["Kinetics", "Kinetics-400", "Kinetics-Skeleton", "K400", "NTU RGB+D", "C++", "THUMOS'14", "-x", " K"]


@settings(max_examples=300)
@given(text=st.lists(st.sampled_from(ALIASES + [" ", "-", "x", "_", "+", "'", "4", "Skeleton", "\n"]), max_size=12)
       .map("".join),
       aliases=st.lists(st.sampled_from(ALIASES), min_size=1, max_size=5, unique=True))
@example(text="C++K400", aliases=["C++", "K400"])
def test_dataset_aliases_match_where_the_plain_pattern_does(text, aliases):
    fast = [match.span() for match in _alternation(aliases, 0).finditer(text)]
    assert fast == [match.span() for match in _plain_alternation(aliases).finditer(text)]
