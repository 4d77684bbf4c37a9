"""Paper keys and URLs. A paper's key and slug depend on its own title only, so adding papers to
the corpus never changes an existing paper's URL.

    "TACO: Temporal Latent Action-Driven ..."  -> key "taco temporal latent action driven ..."
                                                 slug "taco-temporal-latent-action-driven-..."
    "Fréchet Video Distance"                    -> slug "frechet-video-distance-3fa9c1"

A slug is the plain python-slugify form when that form stands for exactly one key (ASCII words,
at most ``MAX_SLUG`` characters, not a reserved page name). Any other title (accents, other
scripts, symbols only, very long) could share its plain form with a different title, so it gets a
deterministic suffix: the first six hex digits of the SHA-1 of its key.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from slugify import slugify

MAX_SLUG = 120  # the full title for all but the longest few (4 of 307 in the seed corpus)
RESERVED = frozenset({"index", "unsorted"})
NON_WORD = re.compile(r"[\W_]+")


def title_key(title: str) -> str:
    """The normalised title two listings must share to be the same paper.

    Case, punctuation, spacing, accents and Unicode compatibility forms do not count.
    """
    if title.isascii():  # most titles: the normal forms and accents change nothing, casefold is lower
        return NON_WORD.sub(" ", title.lower()).strip() or " ".join(title.lower().split())
    return _unicode_key(title)


def _unicode_key(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    base = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    key = NON_WORD.sub(" ", unicodedata.normalize("NFKC", base).casefold()).strip()
    return key or " ".join(unicodedata.normalize("NFKC", title).casefold().split())


def make_slug(title: str) -> str:
    """The URL name of a paper's card page (see `slug_for_key`)."""
    return slug_for_key(title_key(title))


def slug_for_key(key: str) -> str:
    """The URL name for a title key: every spelling of a title that merges into one paper gives
    the same URL."""
    plain = slugify(key)
    if plain and plain == key.replace(" ", "-") and len(plain) <= MAX_SLUG and plain not in RESERVED:
        return plain
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    base = slugify(key, max_length=MAX_SLUG - len(digest) - 1, word_boundary=True, save_order=True) or "paper"
    return f"{base}-{digest}"
