"""The command line. The only place that prints errors and chooses exit codes.

    python -m generator generate            # write the pages under docs/, print counts
    python -m generator generate --root ../other-checkout
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import GeneratorError
from .pipeline import Site, generate
from .store import Project

EXAMPLES = """examples:
  python -m generator generate          write docs/papers/, docs/topics/ and print counts
  python -m generator generate --quiet  the same, printing only errors
"""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn corpus/raw/ and annotations/ into the papercards site's Markdown pages.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    gen = commands.add_parser(
        "generate",
        help="parse, deduplicate, annotate and write the pages",
        description="Write one card per distinct paper plus topic, home and all-papers pages "
        "into docs/ (only changed files are rewritten) and print what was done.",
        epilog="example:\n  python -m generator generate --root .",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gen.add_argument("--root", type=Path, default=Path("."), help="the papercards checkout (default: .)")
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")
    gen.set_defaults(run=_generate)
    return parser


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        site, stats = generate(Project(args.root.resolve()))
    except GeneratorError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        count = len(error.problems)
        print(f"{count} problem{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
        return 1
    if not args.quiet:
        print(summary(site))
        print(f"pages: {stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed "
              f"in {time.perf_counter() - started:.2f} s")
    return 0


def summary(site: Site, per_topic: bool = True) -> str:
    """The counts a maintainer wants after a run (and conflicts, which need a curator's look)."""
    corpus = site.corpus
    lines = [
        f"listings: {corpus.listings}, distinct papers: {len(corpus.papers)}, merges: {corpus.merges}, "
        f"conflicts: {len(corpus.conflicts)}",
    ]
    for conflict in corpus.conflicts:
        where = ", ".join(f"{s.file}:{s.line}" for s in conflict.sources)
        lines.append(f"  conflict: {conflict.title!r} has different abstracts at {where}; kept the first")
    unsorted = sum(1 for p in corpus.papers if not p.topics)
    lines.append(f"topics: {len(site.topics)}, papers in no topic: {unsorted}")
    if per_topic:
        lines += [f"  {sum(t.id in p.topics for p in corpus.papers):4d}  {t.title}" for t in site.topics]
    return "\n".join(lines)
