"""What the last `generate` left for the next one: results that only change with their inputs.

    {"corpus": (key, Corpus),                        # `memo`: the parsed, deduplicated corpus
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
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


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
