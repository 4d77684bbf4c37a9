"""The catalogue of bad input: every kind of broken or hostile input, and exactly what comes of it.

Each `Case` is files written into a working project, and an outcome:

- `Refused`: `generate` stops with exactly these `FILE:LINE: ...` errors, exit code 1, and the
  pages of the run before are left as they were, byte for byte.
- `Shown`: the run goes through and the card shows the text as text: its title, abstract and the
  curator's fields read back from the built HTML are exactly the expected text, and no element,
  attribute or link comes from the input (checked on every page of the built site).
- `Kept`: the run is interrupted in the middle of writing (a fault is injected); the pages of the
  run before are left complete.
- `Repaired`: the run is killed outright in the middle of writing; the next run sets every page
  right.

tests/test_catalogue.py runs every case. docs/bad-input.md shows the catalogue as a table:
`make catalogue` (`python -m tests.catalogue`) writes it from here, and a test fails when the page
and the catalogue differ.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from generator.slugs import make_slug

from .conftest import DAILY_HEADER as DAILY
from .conftest import DATED_HEADER, daily_page, dated_page

DATED = DATED_HEADER.format(date="Mar 12")
ABSTRACT = ("We recognise human actions in video with a small transformer over frame features, and "
            "report accuracy on two benchmarks.")
PAGE = Path(__file__).resolve().parent.parent / "docs" / "bad-input.md"
START, END = "<!-- catalogue: start -->", "<!-- catalogue: end -->"


def dated(*pairs: tuple[str, str]) -> str:
    return dated_page(pairs)


def daily(*pairs: tuple[str, str]) -> str:
    return daily_page(pairs)


def annotation(title: str, **fields: str) -> str:
    """An annotation file: its title, then the given fields written as they are (YAML text)."""
    return f"title: {title}\n" + "".join(f"{name}: {value}\n" for name, value in fields.items())


@dataclass(frozen=True)
class Refused:
    """`generate` prints exactly these errors (each after "error: "), exits 1, and writes nothing."""

    errors: tuple[str, ...]

    def describe(self) -> str:
        return "\n".join(self.errors) + "\nExit code 1; the previous pages are kept."


@dataclass(frozen=True)
class Shown:
    """The run goes through; the card of the paper titled `title` shows `title` as its heading and
    each of `seen` ({place: its texts, read back from the built HTML}). Places: abstract, tldr,
    tags, meta (authors, venue, year), notes (their paragraphs and list items), listed (where it
    was listed)."""

    title: str
    seen: dict[str, tuple[str, ...]]
    summary: str = "shown as text on its card, in lists, the table, search and the exports"

    def describe(self) -> str:
        return f"{self.summary[0].upper()}{self.summary[1:]}."


@dataclass(frozen=True)
class Kept:
    """The `fault` (see test_catalogue.FAULTS) strikes in the middle of writing the pages of a run
    that changes some: exactly `errors` are printed, the exit code is `exit_code`, and the pages
    of the run before are all there, as they were."""

    fault: str
    stderr: tuple[str, ...]  # exactly what is printed
    exit_code: int = 1

    def describe(self) -> str:
        return "\n".join(self.stderr) + f"\nExit code {self.exit_code}; the previous pages are kept, complete."


@dataclass(frozen=True)
class Repaired:
    """The run is killed outright (as by SIGKILL) in the middle of swapping the new pages in: it
    cannot put anything back, so the next run must set every page right."""

    after_renames: int

    def describe(self) -> str:
        return ("The process dies (exit code 137) with some pages swapped in; the next run makes every page "
                "what a clean run makes, byte for byte, and removes the dead run's staging folder.")


@dataclass(frozen=True)
class Link:
    """A symbolic link to `target`, in place of a file or folder of the project."""

    target: str


@dataclass(frozen=True)
class Case:
    id: str
    group: str
    input: str  # what the table's first column says
    outcome: Refused | Shown | Kept | Repaired
    files: dict[str, str | bytes | Link] = field(default_factory=dict)  # path in the project: its content


def _corpus_cases() -> list[Case]:
    bad = "corpus/raw/bad.txt"
    return [
        Case("empty-file", "corpus", "An empty corpus file (or only white space)",
             Refused((f"{bad}:1: the file is empty; expected a listing page",)), {bad: " \n\n\t\n"}),
        Case("binary-file", "corpus", "A binary file (a PNG image) in corpus/raw/",
             Refused((f"{bad}:3: not a text file (a NUL byte); expected a UTF-8 listing page",)),
             {bad: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"}),
        Case("latin-1", "corpus", "A file in Latin-1, not UTF-8 (Fr\\xe9chet)",
             Refused((f"{bad}:11: not UTF-8 text (byte 0xe9); expected a UTF-8 listing page",)),
             {bad: dated(("Fr\xe9chet Video Distance", ABSTRACT)).encode("latin-1")}),
        Case("unknown-layout", "corpus", "A page in an unknown layout (an HTML page)",
             Refused((f"{bad}:1: unknown page layout: expected 'new' (dated page) or 'Get trending papers "
                      "in your email inbox once a day!' (daily page), got '<!DOCTYPE html>'",)),
             {bad: "<!DOCTYPE html>\n<html><body><h1>Papers</h1></body></html>\n"}),
        Case("broken-header", "corpus", "A dated page whose header misses its 'Subscribe' line",
             Refused((f"{bad}:5: dated page header: expected 'Subscribe', got 'byAK and the research community'",)),
             {bad: dated(("A Title", ABSTRACT)).replace("Subscribe\n\n", "")}),
        Case("no-date", "corpus", "A dated page without its listing date",
             Refused((f"{bad}:9: expected a listing date such as 'Mar 12', got 'A Title'",)),
             {bad: dated(("A Title", ABSTRACT)).replace("Mar 12\n\n", "")}),
        Case("header-only", "corpus", "A page with its header and no listings",
             Refused((f"{bad}:9: no listings after the page header",)), {bad: DATED}),
        Case("truncated-dated", "corpus", "A truncated dated page: the last title has no abstract",
             Refused((f"{bad}:15: the title 'Cut Off Here' has no abstract",)),
             {bad: dated(("A Title", ABSTRACT)) + "\nCut Off Here\n"}),
        Case("truncated-daily", "corpus", "A truncated daily page: the last title has no abstract",
             Refused((f"{bad}:5: the title 'Cut Off Here' has no abstract",)),
             {bad: daily(("A Title", ABSTRACT)) + "Cut Off Here\n"}),
        Case("blank-in-daily-abstract", "corpus", "A stray blank line inside an abstract (daily page)",
             Refused((f"{bad}:5: unexpected blank line: this layout puts a title or an abstract on every line",)),
             {bad: daily(("A Title", "First half of the abstract.\n\nSecond half."), ("Next Title", ABSTRACT))}),
        Case("blank-in-dated-abstract", "corpus",
             "A stray blank line inside an abstract (dated page), which would shift every later paper",
             Refused((f"{bad}:19: expected a title (one line of at most 300 characters), got 1,200 characters "
                      "starting 'We recognise human actions in video with a small transforme…'; is a title or "
                      "abstract above missing, split or extra?",)),
             {bad: dated(("A Title", "First half of the abstract.\n\nSecond half, which looks like a title."),
                         ("Next Title", ABSTRACT * 10))}),
        Case("split-dated-abstract", "corpus", "An abstract broken over two lines (dated page)",
             Refused((f"{bad}:14: a title or abstract must be a single line, followed by a blank line; "
                      "line 13 continues on this line",)),
             {bad: dated(("A Title", "First half of the abstract,\nsecond half."))}),
        Case("long-title", "corpus", "A 5,000-character title",
             Refused((f"{bad}:11: expected a title (one line of at most 300 characters), got 5,000 characters "
                      "starting 'Action Action Action Action Action Action Action Action Act…'; is a title or "
                      "abstract above missing, split or extra?",)),
             {bad: dated(("Action " * 713 + "Recognise", ABSTRACT))}),
    ]


def _corpus_text_cases() -> list[Case]:
    first, second, subscribe = DAILY.split("\n")
    mixed = f"{first}\r\n{second}\r{subscribe}Other Paper\n{ABSTRACT}\r\nMixed Line Endings\r{ABSTRACT}\n"
    return [
        Case("crlf", "corpus", "Windows (CRLF) line endings",
             Shown("Windows Line Endings", {"abstract": (ABSTRACT,),
                                            "listed": ("corpus/raw/crlf.txt, line 11, listed Mar 12",)},
                   "parsed as usual, with the right line numbers"),
             {"corpus/raw/crlf.txt": dated(("Windows Line Endings", ABSTRACT)).replace("\n", "\r\n")}),
        Case("mixed-endings", "corpus", "Mixed line endings (CRLF, CR and LF in one file)",
             Shown("Mixed Line Endings", {"abstract": (ABSTRACT,), "listed": ("corpus/raw/mixed.txt, line 5",)},
                   "parsed as usual, with the right line numbers"),
             {"corpus/raw/mixed.txt": mixed}),
        Case("bom-tabs-spaces", "corpus",
             "A byte-order mark; tabs, non-breaking and zero-width spaces in a title and an abstract",
             Shown("Tabs and Odd Spaces",
                   {"abstract": ("Tabs and non-breaking spaces become spaces; zero-width ones go.",)},
                   "the BOM and zero-width spaces dropped, tabs and non-breaking spaces shown as spaces"),
             {"corpus/raw/spaces.txt": "\ufeff" + dated(("\tTabs\u00a0and Odd\u200b Spaces\t",
                                                         "Tabs\tand non-breaking\u00a0spaces become spaces;"
                                                         " zero-\u200bwidth ones go."))}),
        Case("right-to-left-emoji", "corpus", "Right-to-left and emoji text: a Hebrew title, an emoji abstract",
             Shown(RTL_TITLE, {"abstract": (RTL_ABSTRACT,)}, "shown as written, right to left"),
             {"corpus/raw/rtl.txt": dated((RTL_TITLE, RTL_ABSTRACT))}),
        Case("emoji-title", "corpus", "A title of emoji only (nothing to make a URL of)",
             Shown("\U0001f3ac\U0001f916\U0001f3c3", {"abstract": (ABSTRACT,)},
                   "shown as written; the card's URL is made from a digest of the title"),
             {"corpus/raw/emoji.txt": dated(("\U0001f3ac\U0001f916\U0001f3c3", ABSTRACT))}),
    ]


RTL_TITLE = "\u05d6\u05d9\u05d4\u05d5\u05d9 \u05e4\u05e2\u05d5\u05dc\u05d5\u05ea \u05d1\u05d5\u05d5\u05d9\u05d3\u05d0\u05d5 \U0001f3ac"
RTL_ABSTRACT = ("\u05de\u05d5\u05d3\u05dc \U0001f916 \u05e9\u05de\u05d6\u05d4\u05d4 \u05e4\u05e2\u05d5\u05dc\u05d5\u05ea "
                "\U0001f3c3\u200d\u2640\ufe0f \u05d1\u05e1\u05e8\u05d8\u05d5\u05e0\u05d9\u05dd.")

# The fixture project's papers (tests/fixtures/project): its annotation cases annotate this one.
TAL = "annotations/papers/temporal-action-localization-in-untrimmed-video.yml"
TAL_TITLE = "Temporal Action Localization in Untrimmed Video"
SKEL = "annotations/papers/skelnet-skeleton-based-action-recognition-with-graph-tricks.yml"
TLDR = "Finds where actions start and end in long videos, in two stages."


def _annotation_cases() -> list[Case]:
    good = annotation(TAL_TITLE, tldr=TLDR)
    laughs = "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9 if i else ["lol"] * 9) + "]\n"
                     for i in range(9))
    refused = {
        "malformed-yaml": ("Malformed YAML: a quote never closed", {TAL: f'title: "{TAL_TITLE}\ntldr: {TLDR}\n'},
                           (f"{TAL}:3: YAML syntax: found unexpected end of stream (while scanning a quoted "
                            "scalar at line 1)",)),
        "tab-indent": ("Tabs for indentation", {TAL: good + "topics:\n\t- temporal-localization\n"},
                       (f"{TAL}:4: YAML syntax: a tab character; YAML indentation must use spaces",)),
        "duplicate-key": ("A key given twice", {TAL: good + f"tldr: {TLDR}\n"},
                          (f"{TAL}:3: tldr: duplicate key (first at line 2)",)),
        "wrong-types": ("Wrong types: a year in words, tags as one string",
                        {TAL: good + "year: soon\ntags: two-stage detector\n"},
                        (f"{TAL}:3: year: expected a whole number, got 'soon'",
                         f"{TAL}:4: tags: expected a list, got 'two-stage detector'")),
        "unknown-field": ("An unknown (misspelt) field", {TAL: annotation(TAL_TITLE, tdlr=TLDR)},
                          (f"{TAL}:2: tdlr: unknown field 'tdlr' (did you mean 'tldr'?); allowed fields: arxiv, "
                           "authors, code, datasets, notes, project_page, reason, related, status, tags, title, "
                           "tldr, topics, venue, year",)),
        "unknown-ids": ("Unknown topic, dataset and related-card ids",
                        {TAL: good + "topics: [temporal-localisation]\ndatasets: [thumos]\nrelated: [skelnet]\n"},
                        (f"{TAL}:3: topics[0]: 'temporal-localisation' is not a topic id (did you mean "
                         "'temporal-localization'?)",
                         f"{TAL}:4: datasets[0]: 'thumos' is not a dataset id (did you mean 'thumos14'?)",
                         f"{TAL}:5: related[0]: 'skelnet' is not a card's slug (did you mean "
                         "'skelnet-skeleton-based-action-recognition-with-graph-tricks'?)")),
        "not-in-corpus": ("A file for a paper that is not in the corpus",
                          {"annotations/papers/a-paper-nobody-listed.yml": annotation("A Paper Nobody Listed")},
                          ("annotations/papers/a-paper-nobody-listed.yml:1: title: no paper in the corpus has "
                           "this title",)),
        "two-files": ("Two files for the same paper",
                      {"annotations/papers/skelnet.yml":
                       annotation("'skelnet: skeleton-based action recognition with <graph> tricks'")},
                      ("annotations/papers/skelnet.yml:1: title: this annotates the card "
                       f"'skelnet-skeleton-based-action-recognition-with-graph-tricks'; name the file {SKEL}",
                       f"annotations/papers/skelnet.yml:1: title: this paper is already annotated in {SKEL}; "
                       "keep one file per paper")),
        "billion-laughs": ("A YAML anchor bomb (billion laughs)", {TAL: good + laughs},
                           (f"{TAL}:4: YAML anchors and aliases are not allowed; write the value out",)),
        "python-tag": ("A Python object tag (!!python/object/apply:os.system)",
                       {TAL: good + 'notes: !!python/object/apply:os.system ["touch pwned"]\n'},
                       (f"{TAL}:3: the tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed; "
                        "use plain YAML values",)),
        "ten-megabytes": ("A 10 MB file", {TAL: good + "notes: |\n" + ("  " + "x" * 98 + "\n") * 100_000},
                          (f"{TAL}:1: the file is 10,100,135 bytes; annotation files are limited to 1,000,000",)),
        "not-utf8": ("A file in Latin-1, not UTF-8", {TAL: (good + "venue: Universit\xe9\n").encode("latin-1")},
                     (f"{TAL}:3: not UTF-8 text (byte 0xe9); expected UTF-8 YAML",)),
        "control-character": ("A control character (a terminal escape, ESC [31m) in a value",
                              {TAL: good + "venue: CVPR\x1b[31m 2024\n"},
                              (f"{TAL}:3: the character U+001B is not allowed in YAML (a control character or a "
                               "non-character); remove it",)),
        "empty-annotation": ("An empty annotation file", {TAL: ""},
                             (f"{TAL}:1: the file holds no fields; expected a mapping of fields",)),
        "wrong-extension": ("A file that is not <slug>.yml", {"annotations/papers/notes.yaml": good},
                            ("annotations/papers/notes.yaml: not an annotation file; expected <slug>.yml, named "
                             "after the card it annotates",)),
        "javascript-url": ("A javascript: URL as the code link",
                           {TAL: good + "code:\n  url: javascript:alert(1)\n"},
                           (f"{TAL}:4: code.url: expected an http:// or https:// URL such as "
                            "https://github.com/owner/repo, got 'javascript:alert(1)'",)),
        "data-url": ("A data: URL as the project page",
                     {TAL: good + "project_page: data:text/html,<script>alert(1)</script>\n"},
                     (f"{TAL}:3: project_page: expected an http:// or https:// URL such as "
                      "https://github.com/owner/repo, got 'data:text/html,<script>alert(1)</script>'",)),
        "notes-markup": ("Curator notes with raw HTML, a javascript: link and an image",
                         {TAL: good + "notes: '<img src=x onerror=alert(1)> [x](javascript:alert(1)) "
                          "![p](https://evil.example/p.png)'\n"},
                         (f"{TAL}:3: notes: images are not allowed ('https://evil.example/p.png'); link to the "
                          "page instead",
                          f"{TAL}:3: notes: links must be http:// or https:// URLs, got 'javascript:alert(1'",
                          f"{TAL}:3: notes: raw HTML is not allowed ('<img src=x onerror=alert(1)>'); write Markdown")),
        "unknown-parent": ("A topic whose parent does not exist",
                           {"annotations/topics.yml": "topics:\n  - id: a\n    title: A\n    description: A topic."
                            "\n    parent: nowhere\n    match:\n      text: [video]\n"},
                           ("annotations/topics.yml:5: topics[0].parent: 'nowhere' is not a topic id",)),
    }
    return [Case(key, "annotations", what, Refused(errors), files) for key, (what, files, errors) in refused.items()]


# Text that must show as text, wherever the corpus or a curator can put it: (what, the text).
HOSTILE = {
    "script": ("A <script> element", "<script>alert(1)</script>"),
    "img-onerror": ("An <img> with an onerror handler", '<img src=x onerror="alert(1)">'),
    "url-schemes": ("javascript: and data: URLs", "javascript:alert(1) and data:text/html,<b>x</b>"),
    "markdown-links": ("Markdown link and image syntax",
                       "[click](javascript:alert(1)) ![pixel](https://evil.example/pixel.png)"),
    "html-comment": ("A raw HTML comment", "<!-- hidden --> comment"),
    "material-tags": ("Material's tags marker", "<!-- material/tags --> marker"),
    "jinja": ("Jinja {{ }} and {% %}", "{{ config.site_name }} {% include 'x' %}"),
    "front-matter": ("A front-matter fence", "--- title: injected ---"),
    "table-pipe": ("| as in a table cell", "a | b | c"),
    "heading": ("A leading #", "# Not a heading"),
    "backticks": ("Backticks", "`code` and ``more``"),
    "math": ("$...$ maths", "$x^2$ and $$y$$"),
    "angle-triple": ("The real corpus's < subject, predicate, object>", "< subject, predicate, object>"),
    "snippet": ("A snippet include line", '--8<-- "mkdocs.yml"'),
    "entities": ("HTML entities, already escaped", "&lt;b&gt; &amp; &#60;"),
}


def _hostile_corpus_cases() -> list[Case]:
    cases = []
    for number, (key, (what, text)) in enumerate(HOSTILE.items(), 1):
        title, abstract = f"{text} Hostile Title {number}", f"{text} in an abstract."
        cases.append(Case(f"corpus-{key}", "text", f"{what} in a corpus title and abstract: {text}",
                          Shown(title, {"abstract": (abstract,)}),
                          {f"corpus/raw/hostile-{key}.txt": dated((f"  {text} Hostile Title {number}", abstract))}))
    return cases


def _hostile_curator_cases() -> list[Case]:
    """Curator fields in a hostile checkout (tests/test_catalogue.py: its own topics and datasets)."""
    fields = "<script>alert(1)</script> {{ x }} [a](javascript:alert(1)) | # `c`"
    notes = '{{ config }} {% x %} --8<-- \\"mkdocs.yml\\" a | b, # `c` and [a link](https://example.org/ok)'
    cases = []
    for key, what, extra, seen in (
        ("tldr", f"A TL;DR with markup, Jinja and a javascript: link: {fields}", {"tldr": f"'{fields}'"},
         {"tldr": (f"TL;DR {fields}",)}),
        ("tags-authors-venue", "Tags, authors and a venue with markup and Jinja: <script>, <i>, <u>, {{ x }}",
         {"tags": "['<script>alert(1)</script>', '{{ x }} | `c`']", "authors": "['<i>Eve</i>', 'Mallory {{ x }}']",
          "venue": "'<u>CVPR</u> | 2024'", "year": "2024"},
         {"tags": ("<script>alert(1)</script>", "{{ x }} | `c`"),
          "meta": ("<i>Eve</i>, Mallory {{ x }} · <u>CVPR</u> | 2024",)}),
        ("tldr-lines", "A TL;DR over several lines, with blank lines, a link and a front-matter block between",
         {"tldr": "|\n  A TL;DR over lines.\n\n  [x](javascript:alert(1))\n\n  ---\n  title: injected\n  ---"},
         {"tldr": ("TL;DR A TL;DR over lines. [x](javascript:alert(1)) --- title: injected ---",)}),
        ("notes", 'Curator notes with Jinja, a snippet line, | and # (and a web link): '
         '{{ config }} {% x %} --8<-- "mkdocs.yml"',
         {"notes": f'"{notes}"'}, {"notes": ('{{ config }} {% x %} --8<-- "mkdocs.yml" a | b, # c and a link',)}),
    ):
        title = f"Curator Fields {key.title()}"
        cases.append(Case(f"curator-{key}", "text", what, Shown(title, {"abstract": (ABSTRACT,), **seen}),
                          {f"corpus/raw/curator-{key}.txt": dated((title, ABSTRACT)),
                           f"annotations/papers/{make_slug(title)}.yml": annotation(title, **extra)}))
    return cases


WRITE_FAILED = "error: docs: could not write the pages ({}); the previous output is unchanged"


def _writing_cases() -> list[Case]:
    linked = "a symbolic link; the generator writes only into real folders under docs/ (remove the link)"
    return [
        Case("disk-full", "writing", "The disk fills up while the new pages are staged",
             Kept("disk full", (WRITE_FAILED.format("[Errno 28] No space left on device"),
                                "1 problem; nothing was written"))),
        Case("rename-fails", "writing", "A rename fails in the middle of swapping the new pages in",
             Kept("rename fails", (WRITE_FAILED.format("[Errno 5] Input/output error"),
                                   "1 problem; nothing was written"))),
        Case("ctrl-c", "writing", "Ctrl-C in the middle of swapping the new pages in",
             Kept("ctrl-c", ("error: interrupted; the previous output is unchanged, unless all the new pages "
                             "were written",), 130)),
        Case("killed", "writing", "The run is killed (SIGKILL) in the middle of swapping the new pages in",
             Repaired(after_renames=3)),
        Case("linked-output", "writing", "An output folder replaced by a symbolic link: docs/topics -> ..",
             Refused((f"docs/topics: {linked}",)), {"docs/topics": Link("..")}),
    ]


def _cases() -> list[Case]:
    return (_corpus_cases() + _corpus_text_cases() + _annotation_cases() + _hostile_corpus_cases()
            + _hostile_curator_cases() + _writing_cases())


CASES = _cases()
GROUPS = {"corpus": "Corpus files", "annotations": "Annotation files", "text": "Text that must show as text",
          "writing": "Writing the pages"}


def table() -> str:
    """The catalogue as Markdown tables, one per group, every character that Markdown or HTML
    would read escaped (the page shows the inputs as text, as the site shows them)."""
    parts = []
    for group, heading in GROUPS.items():
        rows = [case for case in CASES if case.group == group]
        if not rows:
            continue
        parts.append(f"## {heading}\n\n| input | outcome |\n| --- | --- |\n")
        parts += [f"| {cell(case.input)} | {cell(case.outcome.describe())} |\n" for case in rows]
        parts.append("\n")
    return "".join(parts).rstrip("\n") + "\n"


MARKUP = re.compile(r"[\\`*_\[\]{}<>|&]")  # what could start markup in a table cell


def cell(text: str) -> str:
    """`text` for a Markdown table cell that shows it exactly: markup characters as references,
    each line on its own (an error per line)."""
    return " <br>".join(MARKUP.sub(lambda match: f"&#{ord(match[0])};", " ".join(line.split()))
                        for line in text.split("\n"))


def page_with_table(page: str) -> str:
    """`page` (docs/bad-input.md) with the table between its markers written from the catalogue."""
    head, rest = page.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{table()}\n{END}{tail}"


def main() -> int:
    PAGE.write_text(page_with_table(PAGE.read_text("utf-8")), "utf-8")
    print(f"wrote the catalogue ({len(CASES)} cases) into {PAGE.relative_to(PAGE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())


