"""clean: every LaTeX leftover form in the corpus becomes plain text; everything else is kept."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.clean import clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"reaches 95\% accuracy", "reaches 95% accuracy"),
        (r"Fr\'{e}chet Video Distance", "Fréchet Video Distance"),
        (r"Fr\'echet", "Fréchet"),
        (r"na\"{i}ve and \c{c}a and \v{s}", "naïve and ça and š"),
        (r"at {\url{https://www.rit.edu/actionlab/dear}}.", "at https://www.rit.edu/actionlab/dear."),
        (r"see \url{https://x.org/a_b}", "see https://x.org/a_b"),
        (r"a 360{\deg} view", "a 360° view"),
        (r"turned 90\deg left", "turned 90° left"),
        (r"models, \eg CLIP", "models, e.g. CLIP"),
        (r"models, \eg, CLIP", "models, e.g., CLIP"),
        (r"(NeRV, E-NeRV, \etc) reconstruct", "(NeRV, E-NeRV, etc.) reconstruct"),
        (r"and so on \etc.", "and so on etc."),
        (r"\ie the same", "i.e. the same"),
        (r"Smith \etal show", "Smith et al. show"),
        ("compared to V-JEPA~(ViT-H)", "compared to V-JEPA (ViT-H)"),
        ("codecs~(H.264, H.265)", "codecs (H.264, H.265)"),
        ("consists of ~10K pairs", "consists of ~10K pairs"),
        ("a gap (~30%) between", "a gap (~30%) between"),
        ("margin of 40% ~ 50%", "margin of 40% ~ 50%"),
        ("(2) black{Skinning Weights}, which", "(2) Skinning Weights, which"),
        (r"\textcolor{red}{important} \textbf{bold} \emph{new}", "important bold new"),
        ("Loss (L_{EC}) and", "Loss (L_EC) and"),
        (
            "https://github.com/Sarinda251/CDFSL-V{https://github.com/Sarinda251/CDFSL-V}",
            "https://github.com/Sarinda251/CDFSL-V",
        ),
        ("available https://a.github.io/R/{here}.", "available https://a.github.io/R/."),
        (r"sets \{a, b\} and a\_b and \& and \#1", "sets {a, b} and a_b and & and #1"),
        ("{{nested} group}", "{{nested} group}"),
        ("a {lone brace", "a {lone brace"),
    ],
)
def test_latex_leftovers(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "kept",
    [
        "< subject, predicate, object>",
        "<script>alert(1)</script>",
        "a_b | c * d # e [f](g) `h` {{ i }} {% j %} $k$",
        "emoji 🎬 and right-to-left עברית",
        "C++ & C#",
    ],
)
def test_other_text_is_kept_exactly(kept):
    assert clean_text(kept) == kept


def test_white_space_and_invisible_characters():
    assert clean_text("  a\u00a0b\tc \n d\u200be\u2028f\x00g\x07 ") == "a b c de fg"


def test_unicode_is_nfc():
    assert clean_text("Fre\u0301chet") == "Fréchet"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_cleaning_is_idempotent_on_text_without_latex(text):
    cleaned = clean_text(text)
    if "\\" not in text and "{" not in text and "}" not in text and "~" not in text:
        assert clean_text(cleaned) == cleaned
        assert "\n" not in cleaned and cleaned == cleaned.strip()
