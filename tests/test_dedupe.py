"""dedupe and slugs: what counts as the same paper, conflicts, and URLs that never move."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from generator.clean import clean_listings
from generator.dedupe import dedupe
from generator.models import Listing, Provenance
from generator.parse import parse_corpus
from generator.slugs import MAX_SLUG, _unicode_key, make_slug, title_key
from generator.store import read_corpus


def _listing(title, abstract="An abstract.", file="corpus/raw/a.txt", line=1):
    return Listing(title, abstract, Provenance(file, line))


def test_titles_differing_in_case_punctuation_spacing_and_unicode_form_merge():
    variants = [
        "Video Swin: A Transformer",
        "video swin - a transformer",
        "Video  Swin:a Transformer!",
        "ＶＩＤＥＯ Swin: A Transformer",  # full-width compatibility forms
    ]
    corpus = dedupe([_listing(t, line=n) for n, t in enumerate(variants, 1)])
    (paper,) = corpus.papers
    assert (corpus.listings, corpus.merges) == (4, 3)
    assert paper.title == variants[0]
    assert [s.line for s in paper.sources] == [1, 2, 3, 4]


def test_accented_and_plain_spellings_are_one_paper():
    corpus = dedupe([_listing("Fréchet Video Distance"), _listing("Frechet Video Distance", line=2)])
    assert len(corpus.papers) == 1


def test_papers_sharing_a_short_name_stay_two_cards():
    corpus = dedupe([
        _listing("TACO: Learning Multi-modal Action Models"),
        _listing("TACO: Temporal Latent Action-Driven Contrastive Loss"),
    ])
    assert len(corpus.papers) == 2
    assert len({p.slug for p in corpus.papers}) == 2


def test_same_title_different_abstract_is_one_paper_and_a_reported_conflict():
    corpus = dedupe([
        _listing("A Paper", "First version.", "corpus/raw/a.txt", 3),
        _listing("A paper", "first version", "corpus/raw/b.txt", 5),  # same words: no conflict
        _listing("A Paper", "A different abstract.", "corpus/raw/c.txt", 7),
    ])
    (paper,) = corpus.papers
    assert paper.abstract == "First version."
    (conflict,) = corpus.conflicts
    assert conflict.title == "A Paper"
    assert [(s.file, s.line) for s in conflict.sources] == [
        ("corpus/raw/a.txt", 3), ("corpus/raw/b.txt", 5), ("corpus/raw/c.txt", 7)]


def test_real_corpus_counts(real_project):
    listings = clean_listings(parse_corpus(read_corpus(real_project)))
    corpus = dedupe(listings)
    # Independent check: distinct lower-cased titles with non-alphanumerics squeezed.
    distinct = {re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", x.title).casefold()).strip() for x in listings}
    assert (corpus.listings, len(corpus.papers), corpus.merges) == (390, len(distinct), 390 - len(distinct))
    assert len(corpus.papers) == 307
    assert corpus.conflicts == ()
    assert sum(len(p.sources) for p in corpus.papers) == 390
    assert len([p for p in corpus.papers if p.title.startswith("TACO:")]) == 2
    assert len({p.slug for p in corpus.papers}) == 307


def test_plain_titles_get_plain_slugs():
    assert make_slug("TACO: Temporal Latent Action-Driven Contrastive Loss") == (
        "taco-temporal-latent-action-driven-contrastive-loss")
    assert make_slug("Don't Stop: What's New?") == "don-t-stop-what-s-new"


def test_titles_whose_plain_slug_could_be_shared_get_a_stable_hash_suffix():
    greek, latin = make_slug("α-Net: Video"), make_slug("a-Net: Video")
    assert latin == "a-net-video"
    assert re.fullmatch(r"a-net-video-[0-9a-f]{6}", greek)
    assert make_slug("Index") != "index" and make_slug("Index").startswith("index-")
    assert re.fullmatch(r"paper-[0-9a-f]{6}", make_slug("🎬🎬"))
    assert make_slug("🎬🎬") != make_slug("🎥🎥")


def test_long_titles_sharing_a_prefix_get_distinct_bounded_slugs():
    prefix = "A Very Long Title About Temporal Action Localization In Untrimmed Videos With Transformers " * 2
    first, second = make_slug(prefix + "And Graphs"), make_slug(prefix + "And Memory")
    assert first != second
    assert len(first) <= MAX_SLUG and len(second) <= MAX_SLUG
    assert first.startswith("a-very-long-title-about-temporal-action-localization-in-untrimmed-videos")


def test_a_slug_is_never_taken_twice_in_one_build():
    titles = ["a-Net: Video", "α-Net: Video", "A NET video", "Index", "index"]
    corpus = dedupe([_listing(t, line=n) for n, t in enumerate(titles, 1)])
    assert len(corpus.papers) == 3
    assert len({p.slug for p in corpus.papers}) == 3


titles = st.text(alphabet=st.characters(categories=("L", "N", "P", "Zs", "So")), min_size=1, max_size=120)


def test_every_spelling_of_a_title_gives_the_same_slug():
    spellings = ["α-Net: Video", "Α-NET: video", "α net video!"]
    assert len({make_slug(t) for t in spellings}) == 1


@given(st.lists(titles, min_size=1, max_size=8), st.lists(titles, max_size=8))
def test_adding_papers_never_changes_an_existing_url(old, new):
    old = [t for t in old if title_key(t)]
    before = {p.key: p.slug for p in dedupe([_listing(t, line=n) for n, t in enumerate(old)]).papers}
    after = {p.key: p.slug for p in dedupe([_listing(t, line=n) for n, t in enumerate(new + old)]).papers}
    assert all(after[key] == slug for key, slug in before.items())


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_an_ascii_title_gets_the_key_the_unicode_rules_give(title):
    assert title_key(title) == _unicode_key(title)
