"""Stage 5b, relate: each paper's most related papers, by TF-IDF cosine similarity of title and
abstract, the papers its curator pins first.

    related: [event-guided-procedure-planning-...]   # annotations/papers/masked-diffusion-....yml
    -> Related("event-guided-procedure-planning-...", 0.2595, ("planning", "procedure", "instructional"),
               pinned=True), then the 4 closest other papers (not off-topic ones), best first.

Words: runs of letters and digits with at least one letter and at least 2 characters ("3D", "I3D",
"ViT" count; "2024" and "a" do not); hyphens and apostrophes split words; links (http://...,
www...., *.github.io) are not words. Matching ignores case.
English stop words and a few academic fillers (`STOP_WORDS`) are dropped. A simple plural is
folded onto its singular when the singular occurs in the corpus too: "videos" -> "video",
"patches" -> "patch", "studies" -> "study"; words ending in -ss, -us or -is ("class", "bus",
"analysis") and words under 4 letters are never folded.

Weights, for term t in paper d of the N papers (off-topic ones included):

    tf(t, d) = 2 * occurrences in the title + occurrences in the abstract
    w(t, d)  = (1 + ln tf(t, d)) * (1 + ln((1 + N) / (1 + df(t))))    df: papers that contain t
    rows are L2-normalised, so score(a, b) = sum over t of w(t, a) * w(t, b) is the cosine, in [0, 1]

A pair's `terms` are its (up to 3) shared terms with the largest w(t, a) * w(t, b), each shown in
its most common written form in the corpus, where a capitalised word ("Video") counts as its
lower-case form so that acronyms ("CLIP", "3D") keep their capitals. Ties: alphabetical, ignoring
case, then the lower-case form.

Scale: scores come from sparse matrix products over blocks of rows, never from a loop over
pairs. Two caps bound the work per paper: each term's postings keep only its `DEPTH` heaviest
candidate papers, and a paper searches with its heaviest terms only until it has read `BUDGET`
postings. The best `SHORTLIST` x count papers found that way are rescored exactly, so every score
shown is the true cosine, but a paper the caps hide can be missed. On the real corpus (300 papers)
the caps change nothing. On synthetic papers of random corpus words, where the exact top 5 wins by
slim margins, the 5 found have 0.95 (10,000 papers) and 0.89 (100,000) of the exact top 5's total
score. Ties in score go to the paper whose slug sorts first.
"""

from __future__ import annotations

import re
from array import array
from collections import defaultdict
from collections.abc import Container, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import islice

import numpy as np
from scipy import sparse

from .models import Paper, Related

WORD = re.compile(r"[^\W_]+")
LINK = re.compile(r"\S*(?:https?://|www\.|\.github\.io)\S*", re.IGNORECASE)
LINK_MARKER = re.compile(r"https?://|www\.|\.github\.io", re.IGNORECASE)
LOWER_LINK_MARKER = re.compile(r"https?://|www\.|\.github\.io")
NON_SPACE = re.compile(r"\S*")
ASCII_GAPS = str.maketrans({char: " " for char in map(chr, range(128)) if not char.isalnum()})
ENGLISH = (
    "about above after again against all also am an and any are as at be because been before being below "
    "between both but by can could did do does doing down during each few for from further had has have "
    "having he her here hers him his how however if in into is it its itself just may me might more most "
    "much must my no nor not now of off on once one only or other our ours out over own same she should "
    "so some such than that the their theirs them then there these they this those through thus to too "
    "two under until up upon us very via was we well were what when where whether which while who whom "
    "why will with within without would yet you your"
)
FILLERS = (
    "approach achieve address based demonstrate existing experiment extensive furthermore method new "
    "novel outperform paper present propose proposed result show significantly state art use using work"
)
STOP_WORDS = frozenset(f"{ENGLISH} {FILLERS}".split())
NEVER_FOLDED = frozenset({"news"})
DEPTH = 256
BUDGET = 4096
SHORTLIST = 4
BLOCK = 512
WORKERS = 2
CHUNK = 16384
TERMS = 3


Pairs = tuple[np.ndarray, np.ndarray, np.ndarray]  # (row, col, value) of some entries


@dataclass(frozen=True, eq=False)
class Vectors:
    """TF-IDF rows (one per document, L2-normalised) and each column's term as readers see it."""

    matrix: sparse.csr_matrix
    terms: tuple[str, ...]


def relate(papers: tuple[Paper, ...], count: int = 5) -> tuple[Paper, ...]:
    """Papers (same order as given) with `related` filled: the curator's pinned slugs first, in
    their order, then the closest papers that are not off-topic, until `count` in all (all pins
    are kept). Every paper, off-topic ones included, gets a list; a paper never lists itself, nor
    a paper that shares no term with it unless pinned."""
    related = related_lists(papers, count)
    return tuple(paper.evolve(related=related[paper.slug]) for paper in papers)


def related_lists(papers: tuple[Paper, ...], count: int = 5) -> dict[str, tuple[Related, ...]]:
    """{slug: the paper's related papers} (see `relate`). They depend only on each paper's slug,
    title, abstract, off-topic status and pins."""
    ranked = sorted(papers, key=lambda paper: paper.slug)
    index = {paper.slug: i for i, paper in enumerate(ranked)}
    vectors = vectorise([(paper.title, paper.abstract) for paper in ranked])
    found = _nearest_pairs(vectors.matrix, np.array([not paper.off_topic for paper in ranked]), count)
    pins = {i: own for i, paper in enumerate(ranked) if (own := _pins(paper, index, i))}
    first, second, scores, pinned = _chosen(vectors.matrix, found, pins, count)
    terms = _shared_terms(vectors, first, second, TERMS)
    slugs = [paper.slug for paper in ranked]
    pairs = iter(zip(second.tolist(), scores.tolist(), terms, pinned.tolist(), strict=True))
    counts = np.bincount(first, minlength=len(slugs)).tolist()  # pairs per paper, in paper order
    return {slug: tuple(Related(slugs[j], round(score, 4), shown, pin)
                        for j, score, shown, pin in islice(pairs, n))
            for slug, n in zip(slugs, counts, strict=True)}


def _pins(paper: Paper, index: dict[str, int], own: int) -> list[int]:
    """The pinned papers' indices in the curator's order, without unknown slugs, self or repeats."""
    slugs = paper.annotation.related if paper.annotation is not None else ()
    pins: list[int] = []
    for slug in slugs:
        j = index.get(slug)
        if j is not None and j != own and j not in pins:
            pins.append(j)
    return pins


def _chosen(matrix: sparse.csr_matrix, found: Pairs, pins: dict[int, list[int]], count: int
            ) -> tuple[np.ndarray, ...]:
    """(row, other row, cosine, pinned) of every related pair, by row, each row's pins first in
    their order, then the nearest papers that are not pinned, as many as the pins leave room for."""
    rows, cols, scores = found
    keep = np.ones(len(rows), dtype=bool)
    starts, ends = np.searchsorted(rows, list(pins)), np.searchsorted(rows, list(pins), side="right")
    for own, start, end in zip(pins.values(), starts.tolist(), ends.tolist(), strict=True):
        room = max(count - len(own), 0)
        for at in range(start, end):
            keep[at] = room > 0 and cols[at] not in own
            room -= int(keep[at])
    pin_rows = np.array([i for i, own in pins.items() for _ in own], dtype=np.int64)
    pin_cols = np.array([j for own in pins.values() for j in own], dtype=np.int64)
    first, second = np.concatenate([pin_rows, rows[keep]]), np.concatenate([pin_cols, cols[keep]])
    scores = np.concatenate([_cosines(matrix, pin_rows, pin_cols), scores[keep]])
    pinned = np.arange(len(first)) < len(pin_rows)
    order = np.argsort(first, kind="stable")  # pins were put first
    return first[order], second[order], scores[order], pinned[order]


def vectorise(documents: Sequence[tuple[str, str]]) -> Vectors:
    """TF-IDF vectors of (title, abstract) pairs, with the formula of the module doc."""
    ids: defaultdict[str, int] = defaultdict()
    ids.default_factory = ids.__len__  # each new written form gets the next id
    parts = [_tokens(documents[start:start + CHUNK], ids) for start in range(0, len(documents), CHUNK)]
    forms = list(ids)
    seen = sum((np.bincount(part.ids, minlength=len(forms)) for part in parts),
               np.zeros(len(forms), dtype=np.int64))
    term_of, terms = _vocabulary(forms, seen)
    counts = [sparse.csr_matrix((0, len(terms)))]
    while parts:  # each part is dropped once counted, to keep memory down
        counts.append(_term_counts(parts.pop(0), term_of, len(terms)))
    return Vectors(_tf_idf(sparse.vstack(counts, format="csr")), terms)


@dataclass(frozen=True, eq=False)
class Tokens:
    """Some documents' words as written-form ids: every title's, then every abstract's."""

    ids: np.ndarray
    title_lengths: np.ndarray
    abstract_lengths: np.ndarray


def _tokens(documents: Sequence[tuple[str, str]], ids: defaultdict[str, int]) -> Tokens:
    """The documents' words. (Forms are the ids of `ids`, which grows.)"""
    title_ids, title_lengths = _token_ids((title for title, _ in documents), ids)
    abstract_ids, abstract_lengths = _token_ids((abstract for _, abstract in documents), ids)
    return Tokens(np.concatenate([title_ids, abstract_ids]), title_lengths, abstract_lengths)


def _term_counts(tokens: Tokens, term_of: np.ndarray, terms: int) -> sparse.csr_matrix:
    """Documents x terms, 2 x occurrences in the title + occurrences in the abstract."""
    order = np.arange(len(tokens.title_lengths), dtype=np.int32)
    rows = np.concatenate([np.repeat(order, tokens.title_lengths), np.repeat(order, tokens.abstract_lengths)])
    weights = np.ones(len(tokens.ids))
    weights[:tokens.title_lengths.sum()] = 2.0
    columns = term_of[tokens.ids]
    known = columns >= 0
    return sparse.csr_matrix((weights[known], (rows[known], columns[known])), shape=(len(order), terms))


def _token_ids(texts: Iterable[str], ids: defaultdict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """The ids of every word of every text, one after the other, and each text's word count."""
    found = array("i")
    lengths = array("q")
    for text in texts:
        words = words_of(text)
        found.extend(map(ids.__getitem__, words))
        lengths.append(len(words))
    return np.frombuffer(found, dtype=np.intc), np.frombuffer(lengths, dtype=np.int64)


def words_of(text: str) -> list[str]:
    """The words of `text` as written, in order (see the module doc), without links."""
    if not text.isascii():
        return WORD.findall(_unlinked(text, LINK_MARKER.finditer(text)) if _may_link(text) else text)
    lowered = text.lower()  # as long as `text`: case-insensitive matching is matching this
    if _has_link_marker(lowered):
        text = _unlinked(text, LOWER_LINK_MARKER.finditer(lowered))
    return text.translate(ASCII_GAPS).split()  # what `WORD` finds in ASCII text, faster


def _may_link(text: str) -> bool:
    """Whether `LINK` could match: a quick test that spares the slow pattern most texts."""
    return _has_link_marker(text.lower())


def _has_link_marker(lowered: str) -> bool:
    return "://" in lowered or "www." in lowered or ".github.io" in lowered


def _unlinked(text: str, markers: Iterable[re.Match]) -> str:
    """`LINK.sub(" ", text)`, given where `LINK_MARKER` matches in `text`, left to right: each run
    of non-space characters with a marker in it becomes one space. (`LINK` itself tries \\S*
    from every position; this looks only around the markers.)"""
    pieces = []
    end = 0
    for marker in markers:
        if marker.start() < end:
            continue  # in the run just dropped
        before = text[end:marker.start()]  # starts with a space (or at the start of the text)
        if before and not before[-1].isspace():
            before = before[:len(before) - len(before.rsplit(None, 1)[-1])]
        pieces.append(before)
        end = NON_SPACE.match(text, marker.end()).end()
    pieces.append(text[end:])
    return " ".join(pieces)


def _vocabulary(forms: list[str], seen: np.ndarray) -> tuple[np.ndarray, tuple[str, ...]]:
    """Each written form's column (-1: not a term), and each column's display form."""
    lowered = [form.lower() for form in forms]
    words = {word for word in lowered if _is_word(word)}
    singulars = words | STOP_WORDS  # "results" folds onto "result", a stop word, and goes too
    folded = {word: fold(word, singulars) for word in sorted(words)}
    vocabulary = sorted({term for term in folded.values() if term not in STOP_WORDS})
    column = {term: i for i, term in enumerate(vocabulary)}
    term_of = np.full(len(forms), -1, dtype=np.int64)
    tallies: list[dict[str, int]] = [{} for _ in vocabulary]
    for i, (form, word) in enumerate(zip(forms, lowered, strict=True)):
        term = folded.get(word) if word not in STOP_WORDS else None
        if term is None or term not in column:
            continue
        term_of[i] = column[term]
        shown = word if form[:1].isupper() and form[1:] == form[1:].lower() else form
        tallies[column[term]][shown] = tallies[column[term]].get(shown, 0) + int(seen[i])
    return term_of, tuple(min(tally, key=partial(_display_order, tally)) for tally in tallies)


def _display_order(tally: dict[str, int], shown: str) -> tuple:
    """Most common first; ties: alphabetical ignoring case, then the lower-case form."""
    return -tally[shown], shown.lower(), not shown.islower(), shown


def _is_word(word: str) -> bool:
    return len(word) >= 2 and any(char.isalpha() for char in word)


def fold(word: str, words: Container[str]) -> str:
    """`word` (lower-case) on its singular when that is one of `words`, else `word` itself:
    videos -> video, patches -> patch, studies -> study; never analysis, class, bus."""
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")) or word in NEVER_FOLDED:
        return word
    singulars = [word[:-1]]
    if word.endswith("es"):
        singulars.append(word[:-2])
    if word.endswith("ies"):
        singulars.append(word[:-3] + "y")
    return next((singular for singular in singulars if singular in words), word)


def _tf_idf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """Sublinear tf times smooth idf, rows L2-normalised (a row without terms stays empty)."""
    matrix = counts.astype(np.float64, copy=False)
    matrix.sort_indices()
    documents = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    idf = 1.0 + np.log((1.0 + documents) / (1.0 + df))
    matrix.data = (1.0 + np.log(matrix.data)) * idf[matrix.indices]
    rows = _row_of(matrix)
    norms = np.sqrt(np.bincount(rows, weights=matrix.data ** 2, minlength=documents))
    matrix.data /= norms[rows]
    return matrix


def _row_of(matrix: sparse.csr_matrix) -> np.ndarray:
    """The row of each stored entry."""
    return np.repeat(np.arange(matrix.shape[0], dtype=np.int32), np.diff(matrix.indptr))


def nearest(matrix: sparse.csr_matrix, candidates: Sequence[bool] | np.ndarray, count: int,
            depth: int = DEPTH, budget: int = BUDGET) -> list[list[tuple[int, float]]]:
    """For each row of `matrix` (L2-normalised TF-IDF), up to `count` (row index, cosine) of the
    closest other rows among `candidates`, best first; ties go to the smaller index. A row with
    no shared term is never listed. See the module doc for what `depth` and `budget` cap."""
    rows, cols, scores = _nearest_pairs(matrix, np.asarray(candidates, dtype=bool), count, depth, budget)
    result: list[list[tuple[int, float]]] = [[] for _ in range(matrix.shape[0])]
    for row, col, score in zip(rows.tolist(), cols.tolist(), scores.tolist(), strict=True):
        result[row].append((col, score))
    return result


def _nearest_pairs(matrix: sparse.csr_matrix, candidates: np.ndarray, count: int, depth: int = DEPTH,
                   budget: int = BUDGET) -> Pairs:
    """`nearest` as (row, col, cosine) arrays, by row, then best first."""
    postings = _postings(matrix, candidates, depth)
    search = partial(_nearest_in_block, matrix, postings, count=count, budget=budget)
    with ThreadPoolExecutor(WORKERS) as pool:  # sparse products and numpy release the GIL
        parts = list(pool.map(search, range(0, matrix.shape[0], BLOCK)))
    if not parts:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    rows, cols, scores = zip(*parts, strict=True)
    return np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)


def _nearest_in_block(matrix: sparse.csr_matrix, postings: sparse.csr_matrix, start: int, count: int,
                      budget: int) -> Pairs:
    """`_nearest_pairs` for the rows from `start`, `BLOCK` of them."""
    block = matrix[start:start + BLOCK]
    queries = _within_budget(block, np.diff(postings.indptr), budget)
    rows, cols, _ = _search(queries, postings, start, SHORTLIST * count)
    rows, cols, exact = _top(rows, cols, _cosines(matrix, rows + start, cols), block.shape[0], count)
    return rows + start, cols, exact


def _postings(matrix: sparse.csr_matrix, candidates: np.ndarray, depth: int) -> sparse.csr_matrix:
    """Terms x documents: for each term, its `depth` heaviest candidate documents (ties: smaller
    index)."""
    postings = matrix.T.tocsr()
    postings.sort_indices()
    keep = candidates[postings.indices]
    for term in np.flatnonzero(np.diff(postings.indptr) > depth):
        lo, hi = postings.indptr[term], postings.indptr[term + 1]
        within = np.flatnonzero(keep[lo:hi])
        if len(within) > depth:
            keep[lo + within] = False
            keep[lo + within[_heaviest(postings.data[lo + within], depth)]] = True
    return _filtered(postings, keep)


def _heaviest(values: np.ndarray, k: int) -> np.ndarray:
    """Positions of the `k` largest values, ties going to the earlier positions."""
    if len(values) > k:
        kth = np.partition(values, len(values) - k)[len(values) - k]
        positions = np.flatnonzero(values >= kth)
    else:
        positions = np.arange(len(values))
    return positions[np.argsort(-values[positions], kind="stable")[:k]]


def _filtered(matrix: sparse.csr_matrix, keep: np.ndarray) -> sparse.csr_matrix:
    """`matrix` with only the stored entries where `keep` is true."""
    rows = _row_of(matrix)[keep]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=matrix.shape[0]))])
    return sparse.csr_matrix((matrix.data[keep], matrix.indices[keep], indptr), shape=matrix.shape)


def _within_budget(block: sparse.csr_matrix, lengths: np.ndarray, budget: int) -> sparse.csr_matrix:
    """Each row with only its heaviest terms (ties: the smaller term) while the postings read
    before a term are under `budget`."""
    rows = _row_of(block)
    # weights are in (0, 1]: this sorts by row, then weight descending, then (stable) term
    order = np.argsort(rows * 2.0 - block.data, kind="stable")
    cost = lengths[block.indices[order]]
    read_before = np.cumsum(cost) - cost
    row_start = np.cumsum(np.bincount(rows, weights=cost, minlength=block.shape[0])).astype(np.int64)
    row_start = np.concatenate([[0], row_start[:-1]])
    keep = np.empty(block.nnz, dtype=bool)
    keep[order] = read_before - row_start[rows] < budget
    return _filtered(block, keep)


def _search(queries: sparse.csr_matrix, postings: sparse.csr_matrix, start: int, k: int
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per query row, the `k` best documents by the capped dot product, without itself."""
    scores = sparse.csr_matrix(queries @ postings)
    counts = np.diff(scores.indptr)
    survivors = np.flatnonzero(scores.data >= np.repeat(_lower_bounds(scores, k + 1), counts))
    rows = np.searchsorted(scores.indptr, survivors, side="right") - 1
    cols = scores.indices[survivors].astype(np.int64)
    other = cols != rows + start
    return _top(rows[other], cols[other], scores.data[survivors][other], scores.shape[0], k)


def _lower_bounds(scores: sparse.csr_matrix, k: int, sample: int = 1024) -> np.ndarray:
    """Per row, a value at most its `k`-th largest (0 if it has fewer than `k`): the `k`-th
    largest of `sample` of its entries, evenly spaced. Filtering by it first keeps `_top` small."""
    if scores.nnz == 0 or sample < k:
        return np.zeros(scores.shape[0])
    counts = np.diff(scores.indptr)[:, None]
    steps = np.arange(sample)
    offsets = scores.indptr[:-1, None] + np.where(counts >= sample, steps * counts // sample, steps)
    values = np.where(steps < counts, scores.data[np.minimum(offsets, scores.nnz - 1)], 0.0)
    return np.partition(values, -k, axis=1)[:, -k]


def _top(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, n_rows: int, k: int
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row, the `k` entries with the largest (positive) values, ties going to the smaller
    col; `rows` must be non-decreasing. Returned sorted by row, then value descending, then col."""
    counts = np.bincount(rows, minlength=n_rows)
    if len(rows) and counts.max() > k:
        starts = np.cumsum(counts) - counts
        padded = np.zeros((n_rows, counts.max()))
        padded[rows, np.arange(len(rows)) - starts[rows]] = values
        kth = np.partition(padded, -k, axis=1)[:, -k]
        keep = values >= kth[rows]
        rows, cols, values = rows[keep], cols[keep], values[keep]
    order = np.lexsort((cols, -values, rows))
    rows, cols, values = rows[order], cols[order], values[order]
    counts = np.bincount(rows, minlength=n_rows)
    rank = np.arange(len(rows)) - (np.cumsum(counts) - counts)[rows]
    keep = rank < k
    return rows[keep], cols[keep], values[keep]


def similarity(matrix: sparse.csr_matrix, pairs: Sequence[tuple[int, int]]) -> np.ndarray:
    """The cosine of each (row, row) pair."""
    return _cosines(matrix, *_sides(pairs))


def _sides(pairs: Sequence[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    first = np.fromiter((a for a, _ in pairs), dtype=np.int64, count=len(pairs))
    second = np.fromiter((b for _, b in pairs), dtype=np.int64, count=len(pairs))
    return first, second


def _cosines(matrix: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    result = np.zeros(len(first))
    for start in range(0, len(first), CHUNK):
        part = slice(start, start + CHUNK)
        products = matrix[first[part]].multiply(matrix[second[part]])
        result[part] = np.asarray(products.sum(axis=1)).ravel()
    return result


def shared_terms(vectors: Vectors, pairs: Sequence[tuple[int, int]], count: int = TERMS
                 ) -> list[tuple[str, ...]]:
    """For each (row, row) pair, the display forms of up to `count` shared terms with the largest
    w(t, a) * w(t, b), largest first (ties: the term that sorts first)."""
    return _shared_terms(vectors, *_sides(pairs), count)


def _shared_terms(vectors: Vectors, first: np.ndarray, second: np.ndarray, count: int
                  ) -> list[tuple[str, ...]]:
    """`shared_terms` of the pairs (first[i], second[i])."""
    names = np.array(vectors.terms, dtype=object)
    result: list[tuple[str, ...]] = []
    for start in range(0, len(first), CHUNK):
        part = slice(start, start + CHUNK)
        products = sparse.csr_matrix(vectors.matrix[first[part]].multiply(vectors.matrix[second[part]]))
        products.sort_indices()
        keep = products.data > 0
        rows, cols, _ = _top(_row_of(products)[keep], products.indices[keep], products.data[keep],
                             products.shape[0], count)
        shown = iter(names[cols].tolist())  # each pair's terms, one pair after the other
        counts = np.bincount(rows, minlength=products.shape[0]).tolist()
        result.extend(tuple(islice(shown, n)) for n in counts)
    return result
