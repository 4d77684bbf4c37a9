"""The command line. The only place that prints errors and chooses exit codes.

    python -m generator generate            # write the pages under docs/, print counts
    python -m generator validate            # check every input, write nothing
    python -m generator new "videomae"      # start annotations/papers/<slug>.yml for a paper
    python -m generator report              # curation coverage and health
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import store
from .curation import find_papers
from .errors import GeneratorError, Problem
from .pipeline import Site, check, generate
from .progress import Progress
from .render import render_report, render_skeleton
from .store import Project

EXAMPLES = """examples:
  python -m generator generate          write docs/papers/, docs/topics/ and print counts
  python -m generator generate --quiet  the same, printing only errors
  python -m generator generate --timings
                                        the same, with the seconds each stage took
  python -m generator validate          check the corpus and every annotation file; write nothing
  python -m generator new "masked autoencoders video"
                                        find the paper and write its annotation skeleton
  python -m generator report            coverage: annotations, TL;DRs, topics, off-topic papers
"""


INTERRUPTED = 130  # the exit code of a run stopped by Ctrl-C, as shells report it: 128 + SIGINT


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:  # Ctrl-C: one line, no traceback (store undoes a write cut short)
        print(f"error: interrupted; {args.interrupted}", file=sys.stderr)
        return INTERRUPTED


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Turn corpus/raw/ and annotations/ into the papercards site's Markdown pages.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    gen = _command(commands, "generate", _generate, "parse, deduplicate, annotate and write the pages",
                   "Write one card per distinct paper plus topic, home, all-papers and curation pages "
                   "into docs/ (only changed files are rewritten) and print what was done.",
                   "python -m generator generate --root .",
                   interrupted="the previous output is unchanged, unless all the new pages were written")
    gen.add_argument("--quiet", action="store_true", help="print nothing but errors")
    gen.add_argument("--timings", action="store_true", help="also print the seconds each stage took")
    _command(commands, "validate", _validate, "check every input; write nothing",
             "Check the corpus, annotations/topics.yml, annotations/datasets.yml and every "
             "annotations/papers/*.yml against their schemas and the data. Prints every "
             "problem as FILE:LINE: field: message; exit code 1 when there is any.",
             "python -m generator validate")
    new = _command(commands, "new", _new, "write the annotation skeleton for one paper",
                   "Find the paper by slug, title or title words (fuzzy) and write a commented "
                   "annotations/papers/<slug>.yml to fill in. Lists the candidates when the words "
                   "match several papers; never overwrites a file.",
                   'python -m generator new "videomae masked autoencoders"')
    new.add_argument("query", help="the card's slug, its title, or some words of the title")
    _command(commands, "report", _report, "curation coverage and health",
             "Print papers with and without annotations, TL;DR coverage, papers per topic, papers in "
             "no topic, off-topic papers, dedupe conflicts and annotation files with problems. The "
             "site's Curation status page shows the same.",
             "python -m generator report")
    return parser


def _command(commands, name: str, run, summary_line: str, description: str, example: str,
             interrupted: str = "nothing was written"):
    """One subcommand, with --help text, an example and --root; `interrupted` says what Ctrl-C left."""
    command = commands.add_parser(name, help=summary_line, description=description,
                                  epilog=f"example:\n  {example}",
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    command.add_argument("--root", type=Path, default=Path("."), help="the papercards checkout (default: .)")
    command.set_defaults(run=run, interrupted=interrupted)
    return command


def _generate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        with Progress(sys.stderr) as progress:  # shown only on a terminal, and only after 2 s
            site, stats = generate(Project(args.root.resolve()), progress)
    except GeneratorError as error:
        return _fail(error.problems)
    if not args.quiet:
        print(summary(site))
        print(f"pages: {stats.written} written, {stats.unchanged} unchanged, {stats.removed} removed "
              f"in {time.perf_counter() - started:.2f} s")
    if args.timings:
        print("stages: " + ", ".join(f"{stage} {seconds:.3f} s" for stage, seconds in site.timings.items()))
    return 0


def _validate(args: argparse.Namespace) -> int:
    try:
        site = check(Project(args.root.resolve()))
    except GeneratorError as error:
        return _fail(error.problems)
    print(f"ok: {len(site.corpus.papers)} papers, {len(site.topics)} topics, {len(site.datasets)} datasets, "
          f"{site.annotation_files} paper annotations; no problems")
    return 0


def _new(args: argparse.Namespace) -> int:
    project = Project(args.root.resolve())
    try:
        site = check(project, lenient=True)
    except GeneratorError as error:
        return _fail(error.problems)
    candidates = find_papers(args.query, site.corpus.papers)
    if len(candidates) != 1:
        return _not_one(args.query, candidates)
    paper = candidates[0]
    name = project.name(project.papers_dir / f"{paper.slug}.yml")
    text = render_skeleton(paper, store.read_schema("paper"), store.read_templates())
    try:
        store.write_new_annotation(project, paper.slug, text)
    except FileExistsError:
        return _fail([Problem(name, None, "already exists; edit it (the card is annotated already)")], "")
    print(f"wrote {name} for {paper.title!r}\nfill it in, then check it: python -m generator validate")
    return 0


def _not_one(query: str, candidates: list) -> int:
    if not candidates:
        print(f"error: no paper's slug or title is like {query!r}", file=sys.stderr)
        return 1
    print(f"error: {query!r} could be any of these papers; give more words or the slug:", file=sys.stderr)
    for paper in candidates:
        print(f"  {paper.slug}\n      {paper.title}", file=sys.stderr)
    return 1


def _report(args: argparse.Namespace) -> int:
    try:
        site = check(Project(args.root.resolve()), lenient=True)
    except GeneratorError as error:
        return _fail(error.problems)
    print(render_report(site.health, store.read_templates()), end="")
    return 0


def _fail(problems: list[Problem], outcome: str = "nothing was written") -> int:
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if outcome:
        count = len(problems)
        print(f"{count} problem{'s' if count != 1 else ''}; {outcome}", file=sys.stderr)
    return 1


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
    health = site.health
    lines.append(f"topics: {len(site.topics)}, papers in no topic: {len(health.no_topic)}, "
                 f"off-topic: {len(health.off_topic)}, annotated: {health.annotated}")
    if per_topic:
        lines += [f"  {count.papers:4d}  {count.topic.title}" for count in health.per_topic]
    return "\n".join(lines)
