"""What the last `generate` left for the next one: results that only change with their inputs.

    {"relate": (key, {slug: (Related, ...)}),       # related papers: the slowest stage to redo
     "pages": {"papers/x.md": (key, size, mtime_ns)}} # each card's inputs, and its file as written

A key is a digest of everything a result is made from; a result is reused only when its key is
the same again. `store.read_cache` / `store.write_cache` keep the entries in `.cache/` and drop
them whenever the generator's own code changes, so a cache can make a run faster, never different.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def digest(*parts: object) -> str:
    """A short, stable digest of plain data (dataclasses, tuples, strings, numbers)."""
    return hashlib.blake2b(pickle.dumps(parts, protocol=5), digest_size=16).hexdigest()


def memo(cache: dict, name: str, key: str, compute: Callable[[], T]) -> T:
    """`cache[name]`'s value when it was made from `key`; otherwise `compute()`, kept for next time."""
    entry = cache.get(name)
    if entry is not None and entry[0] == key:
        return entry[1]
    value = compute()
    cache[name] = (key, value)
    return value
