"""Hypothesis strategies shared by the property tests: text as a listing page or a curator may hold
it. Hypothesis draws characters from all of Unicode, but rarely the ones that trip up text
handling (of 150 texts, about 2 hold an emoji, 2 a right-to-left letter, 4 a combining mark),
so pieces of such text come often too."""

from __future__ import annotations

from hypothesis import strategies as st

HARD = (
    # emoji: beyond the BMP, a skin tone, two joined, a flag, a variation selector
    "🎬", "👍🏽", "👩\u200d👧", "🇺🇦", "❤\ufe0f",
    # right-to-left words and digits; bidi marks, embeddings, overrides, isolates and their ends
    "עברית", "العربية ۱۲", "\u200e", "\u200f", "\u061c", "\u202b", "\u202e", "\u202c", "\u2067", "\u2069",
    # combining marks, after a letter and on their own
    "e\u0301", "a\u0327\u0336", "\u0308", "\u20dd", "\u0915\u093f", "\u0e01\u0e49",
    # white space other than the space
    "\u00a0", "\u2028", "\u2029", "\u3000", "\t", "\x0b", "\x0c", "\x1c", "\x85",
    # HTML, Markdown, YAML and LaTeX specials
    "<", ">", "&", "&amp;", '"', "'", "`", "*", "_", "[", "]", "{", "}", "|", "#", "\\", "$", "%", "~", ": ",
)


def unicode_text(max_size: int, min_size: int = 1, exclude: str = "", categories: tuple[str, ...] = ("Cs",)):
    """Any text without the characters of `exclude` and of the Unicode `categories` (lone
    surrogates, which UTF-8 cannot hold, by default), with pieces of `HARD` often (their white
    space whatever the `categories`)."""
    hard = [piece for piece in HARD if not set(piece) & set(exclude)]
    pieces = st.one_of(st.text(st.characters(blacklist_categories=categories, blacklist_characters=exclude),
                               min_size=1, max_size=20),
                       st.sampled_from(hard))
    return (st.lists(pieces, min_size=1, max_size=max_size).map(lambda texts: "".join(texts)[:max_size])
            .filter(lambda text: len(text) >= min_size))
