"""parse: both layouts, tolerated noise, and every way a page can break the alternation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import CorpusError
from generator.parse import MAX_TITLE_CHARS, parse_corpus, parse_source
from generator.store import read_corpus

from .conftest import daily_page, dated_page, source
from .strategies import unicode_text

PAIRS = [("First Title", "First abstract, long enough."), ("Second: A <Title>", "Second abstract with * and _.")]


def _error(text: str, name: str = "corpus/raw/x.txt") -> str:
    with pytest.raises(CorpusError) as caught:
        parse_corpus([source(text, name)])
    (problem,) = caught.value.problems
    return str(problem)


def test_dated_layout_gives_titles_abstracts_lines_and_date():
    listings = parse_source(source(dated_page(PAIRS, date="Mar 7")))
    assert [(x.title, x.abstract) for x in listings] == PAIRS
    assert [x.source.line for x in listings] == [11, 15]
    assert {x.source.date for x in listings} == {"Mar 7"}
    assert {x.source.file for x in listings} == {"corpus/raw/x.txt"}


def test_daily_layout_unglues_subscribe_and_has_no_date():
    listings = parse_source(source(daily_page(PAIRS)))
    assert [(x.title, x.abstract) for x in listings] == PAIRS
    assert [x.source.line for x in listings] == [3, 5]
    assert {x.source.date for x in listings} == {None}


@pytest.mark.parametrize("page", [dated_page, daily_page])
def test_crlf_bom_trailing_and_non_breaking_spaces_are_tolerated(page):
    text = "\ufeff" + page(PAIRS).replace("\n", "  \u00a0\r\n")
    assert [(x.title, x.abstract) for x in parse_source(source(text))] == PAIRS


def test_mixed_line_endings_keep_line_numbers():
    text = daily_page(PAIRS)
    lines = text.split("\n")
    mixed = lines[0] + "\r\n" + lines[1] + "\r" + "\n".join(lines[2:])
    assert [x.source.line for x in parse_source(source(mixed))] == [3, 5]


def test_no_trailing_newline_and_extra_blank_lines_between_blocks():
    text = dated_page(PAIRS).rstrip("\n").replace("\n\nSecond:", "\n\n\n\nSecond:")
    assert [(x.title, x.abstract) for x in parse_source(source(text))] == PAIRS


def test_title_without_abstract_names_the_line():
    text = dated_page(PAIRS) + "\nOrphan Title\n"
    assert _error(text) == "corpus/raw/x.txt:19: the title 'Orphan Title' has no abstract"


def test_daily_title_without_abstract():
    text = daily_page(PAIRS) + "Orphan Title\n"
    assert _error(text) == "corpus/raw/x.txt:7: the title 'Orphan Title' has no abstract"


def test_stray_blank_line_inside_a_daily_abstract():
    text = daily_page(PAIRS).replace("First abstract, ", "First abstract,\n\n")
    assert _error(text) == (
        "corpus/raw/x.txt:5: unexpected blank line: this layout puts a title or an abstract on every line"
    )


def test_abstract_split_over_two_lines_in_the_dated_layout():
    text = dated_page(PAIRS).replace("First abstract, ", "First abstract,\n")
    assert _error(text) == (
        "corpus/raw/x.txt:14: a title or abstract must be a single line, followed by a blank line; "
        "line 13 continues on this line"
    )


def test_stray_blank_line_inside_a_dated_abstract_is_caught_not_shifted():
    long_tail = "tail of the abstract " * 20
    pairs = [("T1", "A1 " * 40 + "\n\n" + long_tail), ("T2", "A2 " * 40)]
    message = _error(dated_page(pairs))
    assert message.startswith("corpus/raw/x.txt:15: expected a title (one line of at most 300 characters), got 419 ")


def test_a_title_longer_than_the_limit_is_an_error():
    title = "T" * (MAX_TITLE_CHARS + 1)
    message = _error(daily_page([(title, "abstract")]))
    assert message.startswith(f"corpus/raw/x.txt:3: expected a title (one line of at most {MAX_TITLE_CHARS}")


def test_empty_file():
    assert _error("") == "corpus/raw/x.txt:1: the file is empty; expected a listing page"
    assert _error(" \n\u00a0\r\n") == "corpus/raw/x.txt:1: the file is empty; expected a listing page"


def test_unknown_layout():
    assert _error("Some other page\nTitle\nAbstract\n") == (
        "corpus/raw/x.txt:1: unknown page layout: expected 'new' (dated page) or "
        "'Get trending papers in your email inbox once a day!' (daily page), got 'Some other page'"
    )


def test_header_without_listings():
    assert _error(dated_page([])) == "corpus/raw/x.txt:9: no listings after the page header"


def test_broken_header_names_the_line():
    text = dated_page(PAIRS).replace("byAK and the research community", "by someone else")
    assert _error(text) == (
        "corpus/raw/x.txt:7: dated page header: expected 'byAK and the research community', "
        "got 'by someone else'"
    )


def test_missing_listing_date():
    text = dated_page(PAIRS).replace("Mar 12\n\n", "")
    assert _error(text) == "corpus/raw/x.txt:9: expected a listing date such as 'Mar 12', got 'First Title'"


def test_every_broken_file_is_reported_in_one_run():
    good = source(daily_page(PAIRS), "corpus/raw/good.txt")
    bad1 = source("", "corpus/raw/bad1.txt")
    bad2 = source(daily_page(PAIRS) + "Orphan\n", "corpus/raw/bad2.txt")
    with pytest.raises(CorpusError) as caught:
        parse_corpus([bad1, good, bad2])
    assert [p.file for p in caught.value.problems] == ["corpus/raw/bad1.txt", "corpus/raw/bad2.txt"]


def test_binary_and_non_utf8_files_are_errors_with_their_line(fixture_project):
    raw = fixture_project.corpus_dir
    (raw / "c_binary.txt").write_bytes(b"new\n\n\x00\x01\x02")
    (raw / "d_latin1.txt").write_bytes(b"new\nline two\ncaf\xe9\n")
    with pytest.raises(CorpusError) as caught:
        read_corpus(fixture_project)
    assert [str(p) for p in caught.value.problems] == [
        "corpus/raw/c_binary.txt:3: not a text file (a NUL byte); expected a UTF-8 listing page",
        "corpus/raw/d_latin1.txt:3: not UTF-8 text (byte 0xe9); expected a UTF-8 listing page",
    ]


def test_real_corpus_parses_every_listing(real_project):
    sources = read_corpus(real_project)
    listings = parse_corpus(sources)
    assert len(sources) == 5
    # Independent count: the dated layout has 5 header blocks, then title/abstract blocks;
    # the daily layout has 2 header lines, then one block per line.
    expected = 0
    for s in sources:
        if s.text.startswith("new"):
            expected += (len([b for b in s.text.split("\n\n") if b.strip()]) - 5) // 2
        else:
            expected += (len([line for line in s.text.splitlines() if line.strip()]) - 2) // 2
    assert len(listings) == expected == 390
    assert all(x.title and x.abstract and not x.title.startswith("Subscribe") for x in listings)


def _one_line(max_size: int):
    """Any text on one line (no line break, no BOM or zero-width space: parsing drops those),
    edges trimmed."""
    return unicode_text(max_size, exclude="\r\n\u200b\u2060\ufeff").map(str.strip).filter(bool)


pairs = st.lists(st.tuples(_one_line(80).filter(lambda t: not t.startswith("Subscribe")), _one_line(400)),
                 min_size=1, max_size=12)
LINE_ENDS = ("\n", "\r\n", "\r")
TITLE_LINES = {dated_page: (11, 4), daily_page: (3, 2)}  # the first title's line, lines from title to title


def _line_ends(count: int):
    """`count` line ends: all the same, or mixed."""
    return st.one_of(st.sampled_from(LINE_ENDS).map(lambda end: [end] * count),
                     st.lists(st.sampled_from(LINE_ENDS), min_size=count, max_size=count))


def _joined(lines: list[str], ends: list[str]) -> str:
    """`lines`, each but the last ended by the next of `ends`. A CR, an empty line and an LF would
    read as one CRLF, as anything reading text takes it: that empty line ends in CRLF instead."""
    text = ""
    for i, (line, end) in enumerate(zip(lines, ends, strict=False)):
        text += line + ("\r\n" if end == "\n" and not line and i and ends[i - 1] == "\r" else end)
    return text + lines[-1]


@settings(max_examples=200)
@given(pairs, st.sampled_from([dated_page, daily_page]), st.data())
def test_any_well_formed_page_parses_to_exactly_its_papers_in_order(pairs, page, data):
    """Any titles and abstracts (emoji, right-to-left text, combining marks, odd white space), in
    either layout, with any line ends (LF, CRLF, CR, mixed): the same papers at the same lines."""
    lines = page(pairs).split("\n")
    text = _joined(lines, data.draw(_line_ends(len(lines) - 1)))
    listings = parse_source(source(text))
    assert [(x.title, x.abstract) for x in listings] == pairs
    first, step = TITLE_LINES[page]
    assert [x.source.line for x in listings] == [first + step * i for i in range(len(pairs))]
