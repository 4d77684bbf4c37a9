"""enrich: code and project links, on every URL form the real corpus has."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from generator.clean import clean_listings
from generator.enrich import find_links
from generator.parse import parse_corpus
from generator.store import read_corpus


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
