"""Stage 2, clean: LaTeX leftovers and odd white space -> the plain text a reader expects.

    Fr\\'{e}chet Video Distance, 360{\\deg}, 95\\%, \\eg, see {\\url{https://x.org/a}}.
    Fréchet Video Distance, 360°, 95%, e.g., see https://x.org/a.

Everything else is kept exactly, including ``<``, ``>``, ``_``, ``|`` and ``*``: escaping them
for the page is the render stage's job. Titles and abstracts get the same treatment.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .models import Listing

ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306", "H": "\u030b", "r": "\u030a",
    "k": "\u0328",
}
WORD_MACROS = {
    "eg": "e.g.", "ie": "i.e.", "etc": "etc.", "etal": "et al.", "vs": "vs.", "cf": "cf.",
    "wrt": "w.r.t.",
}
COLOURS = "black|white|red|green|blue|cyan|magenta|yellow|gray|grey|orange|purple|brown|teal"
STYLE_COMMANDS = "textbf|textit|emph|texttt|textsc|textrm|textsf|underline|mathrm|mathbf|mathit|text"
URL = r"https?://[^\s{}]+"

# (pattern, replacement) in the order they apply; later rules see the output of earlier ones.
RULES: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"\{?\\url\{(" + URL + r")\}\}?"), r"\1"),
    (re.compile(r"(" + URL + r")\{\1\}"), r"\1"),  # a URL with its own copy glued on in braces
    (re.compile(r"(" + URL + r")\{[^{}]*\}"), r"\1"),  # \href{URL}{here} lost its \href
    (re.compile(r"\{\\i\}|\\i(?![A-Za-z])"), "i"),
    (re.compile(r"\\(['`^\"~=.cvuHrk])\{([A-Za-z])\}"), lambda m: m[2] + ACCENTS[m[1]]),
    (re.compile(r"\\(['`^\"])([AEIOUYaeiouy])"), lambda m: m[2] + ACCENTS[m[1]]),
    (re.compile(r"\{\\deg\}|\\deg(?![A-Za-z])|\$?\^\{?\\circ\}?\$?"), "°"),
    (re.compile(r"\\(" + "|".join(WORD_MACROS) + r")(?![A-Za-z])\.?"), lambda m: WORD_MACROS[m[1]]),
    (re.compile(r"\\(?:textcolor\{(?:" + COLOURS + r")\}|color\{(?:" + COLOURS + r")\})"), ""),
    (re.compile(r"(?<![A-Za-z])(?:" + COLOURS + r")\{([^{}]*)\}"), r"\1"),
    (re.compile(r"\\(?:" + STYLE_COMMANDS + r")\{([^{}]*)\}"), r"\1"),
    (re.compile(r"(?<=[\w.,:;)\]])~(?=\S)"), " "),  # a LaTeX tie; '~10K' (about) stays
    # LaTeX grouping braces: a balanced single pair, not "{{", "}}", "{%...%}" or "{#...#}".
    (re.compile(r"(?<![{\\])\{(?![{%#])([^{}]*?)(?<![%#])\}(?!\})"), r"\1"),
    (re.compile(r"\\([%&_#${}])"), r"\1"),
]

# Every rule needs one of these characters in the text (a backslash, a brace or a tie).
LATEX_MARKS = ("\\", "{", "~")


def clean_listings(listings: list[Listing]) -> list[Listing]:
    """Clean the title and abstract of every listing."""
    return [replace(x, title=clean_text(x.title), abstract=clean_text(x.abstract)) for x in listings]


def clean_text(text: str) -> str:
    """Plain, NFC-normalised text on one line, with LaTeX leftovers turned into what they mean."""
    text = _plain_whitespace(text)
    if any(char in text for char in LATEX_MARKS):  # most text has no LaTeX: skip the rules
        for pattern, replacement in RULES:
            text = pattern.sub(replacement, text)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _plain_whitespace(text: str) -> str:
    """Every white space becomes a space; invisible control and format characters go."""
    if text.isprintable():  # the common case: nothing to drop, only plain spaces
        return text
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif _visible(char):
            kept.append(char)
    return "".join(kept)


def _visible(char: str) -> bool:
    category = unicodedata.category(char)
    if category in ("Cc", "Cs", "Co", "Cn"):
        return False
    return char not in "\u200b\u2060\ufeff\ufffe\uffff"
