"""relate: TF-IDF neighbours with pinned papers first, deterministic, exact where the caps do not bind."""

from __future__ import annotations

import math
import os
import random
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import relate as relate_module
from generator.models import Annotation, Paper
from generator.relate import fold, nearest, relate, shared_terms, similarity, vectorise

ROOT = Path(__file__).resolve().parent.parent


def _paper(slug: str, title: str, abstract: str, **annotation) -> Paper:
    note = Annotation(file=f"annotations/papers/{slug}.yml", title=title, **annotation) if annotation else None
    return Paper(key=slug, slug=slug, title=title, abstract=abstract, sources=(), annotation=note)


MAE = _paper(
    "mae-video", "Masked Autoencoders for Video Representation Learning",
    "We mask random spatiotemporal tubes of video frames and train an autoencoder to reconstruct the "
    "missing pixels. The pretrained encoder transfers to action recognition on Kinetics.")
MAE_COPY = _paper(
    "video-mae-again", "Video Representation Learning with Masked Autoencoders",
    "Random spatiotemporal tubes of the video frames are masked, and an autoencoder learns to reconstruct "
    "the missing pixels. After pretraining, the encoder transfers well to Kinetics action recognition.")
PAPERS = (
    MAE,
    _paper("skeleton-gcn", "Skeleton Graph Convolutions for Action Recognition",
           "Human joints form a graph; graph convolutions over skeleton sequences recognise actions on NTU."),
    _paper("robot-demos", "Robot Manipulation Policies from Human Demonstrations",
           "A robot arm learns grasping policies by imitating human demonstrations recorded as video."),
    _paper("session-recs", "Contrastive Sequential Recommendation",
           "User sessions of clicked items are augmented and contrasted to rank the next item to recommend."),
    _paper("dynamic-nerf", "Radiance Fields for Dynamic Scenes",
           "A deformation network warps rays so radiance fields render moving scenes from novel viewpoints."),
    MAE_COPY,
    _paper("speech-diffusion", "Diffusion Models for Speech Enhancement",
           "Noisy speech waveforms are denoised by a score-based diffusion process conditioned on spectrograms."),
    _paper("survey", "A Survey of Deep Learning for Many Modalities",
           "We review video autoencoders, skeleton graphs, robot policies, item recommendation, radiance fields "
           "and speech diffusion."),
    _paper("glacier-melt", "Glacier Melt Rates from Satellite Altimetry",
           "Ice sheets thin; altimeters aboard satellites measure elevation changes across Greenland each summer."),
)


def _by_slug(papers) -> dict[str, Paper]:
    return {paper.slug: paper for paper in papers}


def _slugs(paper: Paper) -> list[str]:
    return [related.slug for related in paper.related]


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def test_the_planted_pair_are_each_others_nearest():
    found = _by_slug(relate(PAPERS))
    first, second = found["mae-video"].related[0], found["video-mae-again"].related[0]
    assert (first.slug, second.slug) == ("video-mae-again", "mae-video")
    assert first.score == second.score > 0.6
    assert not first.pinned and not second.pinned
    others = [r.score for r in found["mae-video"].related[1:] + found["video-mae-again"].related[1:]]
    assert all(score < 0.2 for score in others), others


def test_the_terms_of_the_planted_pair_are_words_both_share():
    found = _by_slug(relate(PAPERS))
    terms = found["mae-video"].related[0].terms
    assert len(terms) == 3
    shared = _words(MAE.title + " " + MAE.abstract) & _words(MAE_COPY.title + " " + MAE_COPY.abstract)
    assert {term.lower() for term in terms} <= shared
    assert found["video-mae-again"].related[0].terms == terms


def test_a_paper_sharing_no_term_lists_nothing_and_is_listed_nowhere():
    found = _by_slug(relate(PAPERS))
    assert found["glacier-melt"].related == ()
    assert all("glacier-melt" not in _slugs(paper) for paper in found.values())


def test_no_paper_lists_itself_or_a_paper_without_a_shared_term():
    found = relate(PAPERS)
    for paper in found:
        assert paper.slug not in _slugs(paper)
        assert all(related.score > 0 and related.terms for related in paper.related)


def test_pins_come_first_in_the_curators_order_and_are_not_repeated():
    pinned = _paper(MAE.slug, MAE.title, MAE.abstract, related=("glacier-melt", "skeleton-gcn", "video-mae-again"))
    found = _by_slug(relate(tuple(pinned if p.slug == MAE.slug else p for p in PAPERS)))
    related = found["mae-video"].related
    assert _slugs(found["mae-video"])[:3] == ["glacier-melt", "skeleton-gcn", "video-mae-again"]
    assert [r.pinned for r in related] == [True, True, True, False, False]
    assert len(set(_slugs(found["mae-video"]))) == 5
    glacier, skeleton, copy = related[:3]
    assert (glacier.score, glacier.terms) == (0.0, ())  # pinned without a shared term: kept anyway
    assert skeleton.terms == ("action", "recognition")  # equal weight: alphabetical
    assert copy.score == found["video-mae-again"].related[0].score  # scored like any pair


def test_unknown_and_self_pins_are_skipped():
    pinned = _paper(MAE.slug, MAE.title, MAE.abstract, related=("no-such-paper", "mae-video", "robot-demos"))
    found = _by_slug(relate(tuple(pinned if p.slug == MAE.slug else p for p in PAPERS)))
    assert _slugs(found["mae-video"])[:2] == ["robot-demos", "video-mae-again"]
    assert [r.pinned for r in found["mae-video"].related][:2] == [True, False]


def test_off_topic_papers_are_never_candidates_but_get_a_list():
    off = _paper(MAE_COPY.slug, MAE_COPY.title, MAE_COPY.abstract, status="off-topic")
    found = _by_slug(relate(tuple(off if p.slug == MAE_COPY.slug else p for p in PAPERS)))
    assert all("video-mae-again" not in _slugs(paper) for paper in found.values())
    assert _slugs(found["video-mae-again"])[0] == "mae-video"


def test_a_curator_may_still_pin_an_off_topic_paper():
    off = _paper(MAE_COPY.slug, MAE_COPY.title, MAE_COPY.abstract, status="off-topic")
    pins = _paper(MAE.slug, MAE.title, MAE.abstract, related=("video-mae-again",))
    papers = tuple({MAE.slug: pins, MAE_COPY.slug: off}.get(p.slug, p) for p in PAPERS)
    assert _slugs(_by_slug(relate(papers))["mae-video"])[0] == "video-mae-again"


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_count_is_respected(count):
    found = relate(PAPERS, count=count)
    assert max(len(paper.related) for paper in found) == count


def test_pins_beyond_count_are_all_kept_and_nothing_is_added():
    pins = ("robot-demos", "glacier-melt", "skeleton-gcn")
    pinned = _paper(MAE.slug, MAE.title, MAE.abstract, related=pins)
    found = _by_slug(relate(tuple(pinned if p.slug == MAE.slug else p for p in PAPERS), count=2))
    assert _slugs(found["mae-video"]) == list(pins)


def test_the_input_order_changes_nothing_but_the_output_order():
    expected = _by_slug(relate(PAPERS))
    shuffled = list(PAPERS)
    random.Random(7).shuffle(shuffled)
    found = relate(tuple(shuffled))
    assert [paper.slug for paper in found] == [paper.slug for paper in shuffled]
    assert {paper.slug: paper.related for paper in found} == {slug: p.related for slug, p in expected.items()}


SNIPPET = "from tests.test_relate import PAPERS; from generator.relate import relate; print(repr(relate(PAPERS)))"


def test_the_result_does_not_depend_on_the_hash_seed():
    outputs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", SNIPPET], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert "video-mae-again" in outputs[0]


def test_equal_scores_go_to_the_slug_that_sorts_first():
    twins = [_paper(slug, "Glacier melt", "altimetry of glacier melt") for slug in ("c-twin", "a-twin", "b-twin")]
    query = _paper("query", "Glacier melt", "altimetry")
    found = _by_slug(relate((*twins, query), count=2))
    assert _slugs(found["query"]) == ["a-twin", "b-twin"]
    assert found["query"].related[0].score == found["query"].related[1].score


@pytest.mark.parametrize(
    ("word", "words", "folded"),
    [
        ("videos", {"video"}, "video"),
        ("videos", set(), "videos"),  # no singular in the corpus: left alone
        ("patches", {"patch"}, "patch"),
        ("studies", {"study"}, "study"),
        ("images", {"image", "imag"}, "image"),
        ("analysis", {"analysi"}, "analysis"),
        ("class", {"clas"}, "class"),
        ("bus", {"bu"}, "bus"),
        ("corpus", {"corpu"}, "corpus"),
        ("news", {"new"}, "news"),
        ("gas", {"ga"}, "gas"),
        ("llms", {"llm"}, "llm"),
    ],
)
def test_plural_folding(word, words, folded):
    assert fold(word, words) == folded


def test_a_plural_and_its_singular_are_one_term_shown_in_the_most_common_form():
    vectors = vectorise([("Videos", "videos of videos"), ("A video", "videos")])
    assert vectors.terms == ("videos",)
    assert similarity(vectors.matrix, [(0, 1)])[0] == pytest.approx(1.0)


def test_display_forms_keep_acronyms_and_lower_capitalised_words():
    vectors = vectorise([("CLIP Features", "CLIP and clip features"), ("Transformers", "3D ViT transformer")])
    assert vectors.terms == ("3D", "CLIP", "features", "transformer", "ViT")


def test_stop_words_numbers_and_single_letters_are_not_terms():
    vectors = vectorise([("The 2024 method we propose", "a b c of the and results"), ("", "")])
    assert vectors.terms == ()
    assert vectors.matrix.shape == (2, 0)


def test_links_are_not_words():
    vectors = vectorise([("Gait", "Code: https://github.com/google-research/scenic and www.example.org/x, "
                                  "project page vid2robot.github.io/demo."), ("Gait", "code project page")])
    assert vectors.terms == ("code", "gait", "page", "project")


def test_weights_follow_the_documented_formula():
    vectors = vectorise([("Skeleton", "skeleton joints joints"), ("Graph", "skeleton graph")])
    weights = dict(zip(vectors.terms, vectors.matrix.toarray()[0], strict=True))
    # N = 2; tf: skeleton 2 (title) + 1, joints 2; df: skeleton 2, joints 1, graph 1
    raw = {"graph": 0.0, "joints": (1 + math.log(2)) * (1 + math.log(3 / 2)),
           "skeleton": (1 + math.log(3)) * (1 + math.log(3 / 3))}
    norm = math.sqrt(sum(value ** 2 for value in raw.values()))
    assert vectors.terms == ("graph", "joints", "skeleton")
    assert weights == pytest.approx({term: value / norm for term, value in raw.items()})


def test_shared_terms_weigh_most_first():
    vectors = vectorise([("Skeleton graph", "graph joints"), ("Skeleton graph", "graph joints"), ("Other", "joints")])
    assert shared_terms(vectors, [(0, 1), (0, 2), (1, 1)], count=2) == [
        ("graph", "skeleton"), ("joints",), ("graph", "skeleton")]


def _brute_force(matrix, candidates, count):
    """The exact answer, from the dense matrix of every pair."""
    scores = (matrix @ matrix.T).toarray()
    result = []
    for i, row in enumerate(scores):
        others = [j for j in range(len(row)) if j != i and candidates[j] and row[j] > 0]
        result.append([(j, row[j]) for j in sorted(others, key=lambda j: (-row[j], j))[:count]])
    return result


def _same(found, expected) -> bool:
    """The same scores, best first (which of two papers with equal scores comes first is left to
    the tie test: here float noise could order them either way)."""
    return all(np.allclose([s for _, s in a], [s for _, s in b]) for a, b in zip(found, expected, strict=True))


WORDS = st.sampled_from(["video", "action", "skeleton", "graph", "robot", "policy", "masked", "token", "audio", "speech", "glacier"])
TEXTS = st.lists(st.tuples(st.lists(WORDS, max_size=3).map(" ".join), st.lists(WORDS, max_size=8).map(" ".join)),
                 min_size=1, max_size=25)


@settings(max_examples=60, deadline=None)
@given(texts=TEXTS, candidates=st.lists(st.booleans(), min_size=25, max_size=25), count=st.integers(0, 6))
def test_nearest_is_exact_while_the_caps_do_not_bind(texts, candidates, count):
    matrix = vectorise(texts).matrix
    chosen = candidates[:len(texts)]
    found = nearest(matrix, chosen, count)
    assert _same(found, _brute_force(matrix, chosen, count))
    exact = (matrix @ matrix.T).toarray()
    for i, row in enumerate(found):
        assert all(j != i and chosen[j] and 0 < score <= 1 + 1e-9 for j, score in row)
        assert all(score == pytest.approx(exact[i, j]) for j, score in row)


@settings(max_examples=30, deadline=None)
@given(texts=TEXTS, depth=st.integers(1, 4), budget=st.integers(1, 8))
def test_with_tight_caps_every_listed_score_is_still_the_exact_cosine(texts, depth, budget):
    matrix = vectorise(texts).matrix
    found = nearest(matrix, [True] * len(texts), 3, depth=depth, budget=budget)
    exact = (matrix @ matrix.T).toarray()
    for i, row in enumerate(found):
        assert [score for _, score in row] == sorted((score for _, score in row), reverse=True)
        assert all(j != i and score == pytest.approx(exact[i, j]) for j, score in row)


def test_blocks_and_threads_do_not_change_the_result(monkeypatch):
    rng = random.Random(3)
    words = ["video", "action", "skeleton", "graph", "robot", "policy", "masked", "token", "audio", "speech", "glacier", "melt", "ice"]
    texts = [(" ".join(rng.choices(words, k=4)), " ".join(rng.choices(words, k=30))) for _ in range(300)]
    matrix = vectorise(texts).matrix
    capped, uncapped = nearest(matrix, [True] * 300, 5), nearest(matrix, [True] * 300, 5, 10**6, 10**9)
    monkeypatch.setattr(relate_module, "BLOCK", 7)
    assert nearest(matrix, [True] * 300, 5) == capped
    assert nearest(matrix, [True] * 300, 5, 10**6, 10**9) == uncapped
    assert _same(uncapped, _brute_force(matrix, [True] * 300, 5))


@pytest.fixture(scope="module")
def real_related(real_project):
    from generator.pipeline import check

    papers = check(real_project).corpus.papers
    return papers, _by_slug(relate(papers))


def test_every_real_paper_gets_five_related(real_related):
    papers, found = real_related
    assert len(found) == len(papers) > 250
    for paper in found.values():
        assert len(paper.related) == 5, paper.slug
        assert all(related.terms for related in paper.related if not related.pinned)
        off_topic = {p.slug for p in papers if p.off_topic}
        pinned = set(paper.annotation.related if paper.annotation else ())
        assert not ({r.slug for r in paper.related} - pinned) & off_topic


def test_real_pins_are_kept(real_related):
    papers, found = real_related
    pinning = [p for p in papers if p.annotation is not None and p.annotation.related]
    assert pinning
    for paper in pinning:
        assert _slugs(found[paper.slug])[:len(paper.annotation.related)] == list(paper.annotation.related)


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("memory-attention-networks-for-skeleton-based-action-recognition",
         "ensemble-one-dimensional-convolution-neural-networks-for-skeleton-based-action-recognition"),
        ("a-large-scale-study-on-unsupervised-spatiotemporal-representation-learning",
         "a-large-scale-study-of-spatiotemporal-representation-learning-with-a-new-benchmark-on-action-recognition"),
        ("hnerv-a-hybrid-neural-representation-for-videos",
         "progressive-fourier-neural-representation-for-sequential-video-compilation"),
    ],
)
def test_real_pairs_that_are_clearly_related(real_related, slug, expected):
    _, found = real_related
    assert expected in _slugs(found[slug])


def test_on_the_real_corpus_the_caps_change_nothing(real_related):
    papers, _ = real_related
    ranked = sorted(papers, key=lambda paper: paper.slug)
    matrix = vectorise([(paper.title, paper.abstract) for paper in ranked]).matrix
    candidates = [not paper.off_topic for paper in ranked]
    assert nearest(matrix, candidates, 5) == nearest(matrix, candidates, 5, depth=10**9, budget=10**12)


def test_the_real_result_is_the_same_from_any_input_order(real_related):
    papers, found = real_related
    reordered = relate(tuple(reversed(papers)))
    assert {paper.slug: paper.related for paper in reordered} == {s: p.related for s, p in found.items()}


def test_replace_keeps_everything_but_related():
    found = relate(PAPERS)
    assert [replace(paper, related=()) for paper in found] == list(PAPERS)


LINKY_TEXT = st.lists(st.sampled_from(["http", "s", "://", "www", ".", "github", "io", "WWW", "HTTPS", "x", "ſ", "İ",
                                       "é", "3", "_", "-", " ", "\t", "\x1c", "\u2003", "\n", "/"]),
                      max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=LINKY_TEXT)
def test_words_are_what_the_word_pattern_finds_once_links_are_dropped(text):
    unlinked = relate_module.LINK.sub(" ", text)
    assert relate_module._unlinked(text, relate_module.LINK_MARKER.finditer(text)) == unlinked
    expected = relate_module.WORD.findall(unlinked if relate_module._may_link(text) else text)
    assert relate_module.words_of(text) == expected
    ascii_text = text.encode("ascii", "ignore").decode()
    assert relate_module.words_of(ascii_text) == relate_module.WORD.findall(relate_module.LINK.sub(" ", ascii_text))
