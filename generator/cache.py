"""What the last `generate` left for the next one: results that only change with their inputs.

    {"corpus": (key, Corpus),                        # `memo`: the parsed, deduplicated corpus
     "corpus files": ({name: stamp}, key),             # the corpus files' stamps when that was made
     "annotation files": {name: (stamp, YamlDoc)},    # annotation files read, by their stamps
     "relate": (key, {slug: (Related, ...)}),        # `memo`: related papers, the slowest stage
     "yaml": ("", {digest of the call: YamlDoc}),     # `memo_calls`: also "schema", "topic rules",
     ...                                              #   "links", "datasets", "bibtex", "json rows",
                                                      #   "table rows"
     "pages": {"papers/x.md": (key, size, mtime_ns)}, # the inputs of each card, topic and dataset
                                                      #   page, and its file as written
     "jinja": {"<set-up> card.md.j2": bytes}}         # the templates' compiled code (`jinja.py`)

A key is a digest of everything a result is made from; a result is reused only when its key is
the same again. `store.read_cache` / `store.write_cache` keep the entries in `.cache/` and drop
them whenever the generator's own code changes, so a cache can make a run faster, never different.

The entries are kept in two files (`PARTS`): what is made from the corpus's text alone (two
thirds of the bytes), and the rest. A file whose entries are all as loaded is not written again:
after an annotation edit, only the second (`changed_parts`).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")
PARTS = {"corpus": ("corpus files", "corpus", "links", "topic rules", "datasets", "relate"),  # by file
         "run": ()}  # and every other entry
_MISSING = object()


def digest(*parts: object) -> str:
    """A short, stable digest of plain data (dataclasses, tuples, strings, numbers)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=16).hexdigest()


def same(*parts: object) -> tuple:
    """The arguments themselves, as `memo_calls`' `key_of` for calls on the corpus's own strings:
    hashing a string is cheaper than a digest, and the cache shares the strings with the corpus
    it also keeps, so they cost no memory."""
    return parts


def memo(cache: dict, name: str, key: str, compute: Callable[[], T]) -> T:
    """`cache[name]`'s value when it was made from `key`; otherwise `compute()`, kept for next time."""
    entry = cache.get(name)
    if entry is not None and entry[0] == key:
        return entry[1]
    value = compute()
    cache[name] = (key, value)
    return value


def memo_calls(cache: dict, name: str, key: str, function: Callable[..., T],
               key_of: Callable[..., Hashable] = digest) -> Callable[..., T]:
    """`function`, answering from `cache[name]` the calls it answered last run with the same
    `key` (a digest of all else the function depends on); `key_of(*args)` tells calls apart (a
    digest of the arguments, or `same`). What this run asks is kept for the next, and only
    that, so the cache never grows beyond one run's calls."""
    entry = cache.get(name)
    known = entry[1] if entry is not None and entry[0] == key else {}
    used: dict[Hashable, T] = {}
    cache[name] = (key, used)

    def call(*args: object) -> T:
        arguments = key_of(*args)
        if arguments not in used:
            used[arguments] = known[arguments] if arguments in known else function(*args)
        return used[arguments]

    return call


def changed_parts(entries: dict, loaded: dict) -> dict[str, dict]:
    """{part: its entries} of the `PARTS` with an entry that is not the one `loaded` at the start
    of the run (the same object; for `memo_calls`, the same key and the same calls answered with
    the same objects), or whose entries are not those loaded."""
    parts: dict[str, dict] = {part: {} for part in PARTS}
    for name, entry in entries.items():
        parts[_part_of(name)][name] = entry
    return {part: own for part, own in parts.items()
            if {name for name in loaded if _part_of(name) == part} != own.keys()
            or not all(_as_loaded(entry, loaded[name]) for name, entry in own.items())}


def _part_of(name: str) -> str:
    return next((part for part, names in PARTS.items() if name in names), "run")


def _as_loaded(entry: object, loaded: object) -> bool:
    """Whether `entry` is `loaded`, or holds the same objects: a (key, value) pair with the same
    key, and a dict with the same keys and the same objects as values."""
    if entry is loaded:
        return True
    if isinstance(entry, tuple) and isinstance(loaded, tuple):
        return entry[0] == loaded[0] and _as_loaded(entry[1], loaded[1])
    return (isinstance(entry, dict) and isinstance(loaded, dict) and len(entry) == len(loaded)
            and all(value is loaded.get(key, _MISSING) for key, value in entry.items()))
