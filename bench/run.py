"""The performance benchmark: `generate` and the site build at several corpus sizes.

    python -m bench.run                                   # real corpus, 10,000 and 100,000 papers
    python -m bench.run --sizes real,2000 --site-sizes real --output /tmp/results.json

For each size it makes a project (the real checkout, copied; or `bench.synth` with that many
papers), then measures, each command in a fresh interpreter:

- `generate` on a clean docs/: wall time, peak memory (the child's max RSS), the seconds of each
  stage (`generate --timings`), output files and bytes;
- `generate` again with no change: files rewritten (should be 0) and time;
- one annotation edit (a TL;DR): files rewritten and time;
- for the `--site-sizes`: the full site build from nothing (`mkdocs build --strict`, which
  generates first and runs Pagefind last), its wall time and peak memory, a bare MkDocs build of
  as many plain pages, and search in Chromium (`bench.search`: page load, load to first result,
  what search fetches, the index's size per paper).

It prints a table and writes the figures as JSON (with the machine's core count). Numbers vary
with the machine's load: compare runs on one machine. Nothing here asserts a target.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from generator.render import OUTPUT_DIRS
from generator.store import Project

from .search import measure_search
from .synth import make_project

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = ["corpus", "annotations", "docs", "overrides", "mkdocs.yml", "CONTRIBUTING.md"]
DEFAULT_SIZES = "real,10000,100000"
DEFAULT_SITE_SIZES = "real,3000"
STAGES = re.compile(r"^stages: (.*)$", re.MULTILINE)
PAGES = re.compile(r"^pages: (\d+) written, (\d+) unchanged, (\d+) removed", re.MULTILINE)
PAPERS = re.compile(r"distinct papers: (\d+)")


@dataclass(frozen=True)
class Command:
    """One measured command: wall seconds, peak resident memory (MB), and what it printed."""

    seconds: float
    peak_mb: float
    output: str


@dataclass
class Result:
    size: str
    papers: int = 0
    generate: dict = field(default_factory=dict)
    again: dict = field(default_factory=dict)
    edit: dict = field(default_factory=dict)
    site: dict = field(default_factory=dict)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"'real' or paper counts (default {DEFAULT_SIZES})")
    parser.add_argument("--site-sizes", default=DEFAULT_SITE_SIZES,
                        help=f"sizes that also get a full site build (default {DEFAULT_SITE_SIZES})")
    parser.add_argument("--output", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args(argv)
    sizes = _sizes(options.sizes)
    site_sizes = set(_sizes(options.site_sizes))
    results = []
    with tempfile.TemporaryDirectory(prefix="papercards-bench-") as scratch:
        for size in sorted(set(sizes) | site_sizes, key=_order):
            print(f"== {size} ==", flush=True)
            results.append(measure(size, Path(scratch) / size, options.seed, size in site_sizes))
    report = {"machine": _machine(), "results": [asdict(result) for result in results]}
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table(report))
    print(f"written to {options.output}")
    return 0


def measure(size: str, root: Path, seed: int, site: bool) -> Result:
    """Every figure for one corpus size."""
    _make(size, root, seed)
    result = Result(size)
    first = run([sys.executable, "-m", "generator", "generate", "--timings", "--root", str(root)])
    result.papers = int(PAPERS.search(first.output).group(1))
    result.generate = {**_generate_figures(first), **_output_size(root)}
    again = [sys.executable, "-m", "generator", "generate", "--root", str(root)]
    result.again = _generate_figures(run(again))
    _edit_one_annotation(root)
    result.edit = _generate_figures(run(again))
    if site:
        result.site = _site_figures(root, result.papers)
    return result


def _site_figures(root: Path, papers: int) -> dict:
    """The full site build from nothing (no generated pages, no cache): generate, MkDocs, Pagefind;
    a bare MkDocs build of as many plain pages; search in Chromium.

    `ratio` is our build's seconds over the bare build's, each a whole `mkdocs build --strict` in a
    fresh interpreter, and each a complete searchable site: ours runs Pagefind (the hook, after the
    build) in place of Material's search plugin, which the bare build keeps, so both pay for a
    search index. `generate_seconds` and `search_seconds` are the parts of our build the hook logs
    (the generator's run, Pagefind's); `mkdocs_ratio` leaves both out of our seconds: MkDocs'
    rendering of our pages against that of plain ones (the bare build's search plugin, about 5%
    of it, still in)."""
    for folder in OUTPUT_DIRS:
        shutil.rmtree(root / "docs" / folder, ignore_errors=True)
    shutil.rmtree(Project(root).cache_dir, ignore_errors=True)
    build = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root)
    generate = float(re.search(r"papercards: pages .* removed in ([\d.]+) s", build.output).group(1))
    indexed = float(re.search(r"papercards: search index: \d+ pages in ([\d.]+) s", build.output).group(1))
    pages = sum(1 for _ in (root / "site").rglob("index.html"))
    bare = _bare_build(root.parent / f"{root.name}-bare", pages)
    search = measure_search(root / "site", _query(root))
    return {"seconds": build.seconds, "peak_mb": build.peak_mb, "pages": pages, "bare_seconds": bare.seconds,
            "bare_peak_mb": bare.peak_mb, "ratio": round(build.seconds / bare.seconds, 2),
            "generate_seconds": generate, "search_seconds": indexed,
            "mkdocs_ratio": round((build.seconds - generate - indexed) / bare.seconds, 2),
            "search": {**search, "index_bytes_per_paper": round(search["index_bytes"] / papers)}}


def _bare_build(root: Path, pages: int) -> Command:
    """`mkdocs build --strict` (as ours) of `pages` plain pages (a heading and an abstract-sized
    paragraph each) with Material out of the box, its search plugin included, cards out of the nav
    as ours are. What it leaves out is what our build adds: the generator, our pages' content and
    theme overrides, the nav of topics, Pagefind in place of the search plugin."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: bare\ntheme:\n  name: material\nnav:\n  - index.md\n"
                                     "validation:\n  nav:\n    omitted_files: ignore\n", "utf-8")
    (docs / "index.md").write_text("# Bare\n\nPlain pages.\n", "utf-8")
    words = ["video", "action", "recognition", "with", "temporal", "transformers", "and",
             "self-supervised", "pretraining", "on", "large", "datasets", "of", "human", "activities"]
    for n in range(1, pages):
        body = " ".join(words[(n + i) % len(words)] for i in range(220))
        (docs / f"page-{n}.md").write_text(f"# Page {n}\n\n{body}.\n", "utf-8")
    return run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], cwd=root)


def _query(root: Path) -> str:
    """A word a reader would search for: the first word of the first card's title (in slug order)
    that has six letters or more."""
    first = min((root / "docs" / "papers").glob("*.md"), key=lambda path: path.name)
    title = re.search(r"^title: (.*)$", first.read_text("utf-8"), re.MULTILINE).group(1)
    return next((word for word in re.findall(r"[A-Za-z]{6,}", title)), "video")


def run(command: list[str], cwd: Path | None = None) -> Command:
    """Run `command` to the end; its wall time and its own peak RSS (from wait4)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as output:
        child = subprocess.Popen(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                                 text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        output.seek(0)
        text = output.read()
    if child.returncode != 0:
        raise SystemExit(f"error: {' '.join(command)} failed:\n{text}")
    return Command(round(seconds, 3), round(usage.ru_maxrss / 1024, 1), text)


def _generate_figures(command: Command) -> dict:
    written, unchanged, removed = map(int, PAGES.search(command.output).groups())
    figures = {"seconds": command.seconds, "peak_mb": command.peak_mb, "written": written,
               "unchanged": unchanged, "removed": removed}
    stages = STAGES.search(command.output)
    if stages:
        figures["stages"] = {name: float(value.removesuffix(" s"))
                             for name, value in (part.split(" ", 1) for part in stages.group(1).split(", "))}
    return figures


def _output_size(root: Path) -> dict:
    files = [path for folder in OUTPUT_DIRS for path in (root / "docs" / folder).rglob("*") if path.is_file()]
    return {"files": len(files), "bytes": sum(path.stat().st_size for path in files)}


def _edit_one_annotation(root: Path) -> None:
    """Change the TL;DR of the first annotation file that has one (as a curator would)."""
    for path in sorted((root / "annotations" / "papers").glob("*.yml")):
        text = path.read_text("utf-8")
        if re.search(r"^tldr:", text, re.MULTILINE):
            edited = re.sub(r"^tldr: *(>-\n *|\"|')?", r"\g<0>Edited. ", text, count=1, flags=re.MULTILINE)
            path.write_text(edited, "utf-8")
            return
    raise SystemExit(f"error: no annotation with a tldr in {root}")


def _make(size: str, root: Path, seed: int) -> None:
    """The project to measure; its generator/ links to this checkout's (mkdocs.yml names the hook there)."""
    if size != "real":
        make_project(root, int(size), seed=seed)
    else:
        _copy_checkout(root)
    if not (root / "generator").exists():
        (root / "generator").symlink_to(ROOT / "generator", target_is_directory=True)


def _copy_checkout(root: Path) -> None:
    root.mkdir(parents=True)
    generated = set(OUTPUT_DIRS)
    for name in CHECKOUT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=lambda folder, names: {
                n for n in names if Path(folder) == ROOT / "docs" and n in generated})
        else:
            shutil.copy(source, root / name)


def table(report: dict) -> str:
    """The results as a fixed-width text table."""
    rows = [("papers", "generate s", "peak MB", "files", "MB out", "no-change s (written)",
             "one edit s (written)", "site build s", "bare MkDocs s", "ratio", "load to result ms",
             "search KB fetched", "index B/paper")]
    for r in report["results"]:
        g, site = r["generate"], r["site"]
        search = site.get("search", {})
        rows.append((f"{r['papers']:,}", f"{g['seconds']:.2f}", f"{g['peak_mb']:.0f}", f"{g['files']:,}",
                     f"{g['bytes'] / 1e6:.1f}", f"{r['again']['seconds']:.2f} ({r['again']['written']})",
                     f"{r['edit']['seconds']:.2f} ({r['edit']['written']})",
                     f"{site['seconds']:.1f}" if site else "-",
                     f"{site['bare_seconds']:.1f}" if site else "-", f"{site['ratio']:.2f}" if site else "-",
                     f"{search['load_to_result_ms']:.0f}" if search else "-",
                     f"{search['fetched_bytes'] / 1000:.0f}" if search else "-",
                     f"{search['index_bytes_per_paper']:,}" if search else "-"))
    stages = [("papers", *report["results"][0]["generate"].get("stages", {}))]
    for r in report["results"]:
        stages.append((f"{r['papers']:,}", *(f"{s:.2f}" for s in r["generate"].get("stages", {}).values())))
    return _columns(rows) + "\n\nseconds per stage (first generate):\n" + _columns(stages)


def _columns(rows: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(str(cell).rjust(width) for cell, width in zip(row, widths, strict=True))
                     for row in rows)


def _sizes(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _order(size: str) -> int:
    return 0 if size == "real" else int(size)


def _machine() -> dict:
    return {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


if __name__ == "__main__":
    sys.exit(main())
