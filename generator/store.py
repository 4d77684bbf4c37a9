"""The one module that touches the file system: where things are, reading, atomic writing.

    corpus/raw/*.txt             -> read_corpus()          -> [Source]
    annotations/*.yml            -> read_yaml()            -> YamlDoc
    annotations/papers/*.yml     -> read_annotations()     -> [YamlDoc], [Problem]
    a folder's files             -> stamps()               -> {name: (size, mtime_ns)}
    mkdocs.yml                   -> read_site_settings()   -> SiteSettings (site and repository URLs)
    git log of corpus/, annotations/papers/ -> read_history() -> {path: commit time}
    generator/schemas/*.json     -> read_schema()          -> dict
    generator/templates/*.j2     -> read_templates()       -> {name: text}
    {path: text}                 -> write_pages()          -> docs/papers/, docs/topics/, ...
    skeleton text                -> write_new_annotation() -> annotations/papers/<slug>.yml

Writing is atomic for the whole set: new pages are staged first, then swapped in with renames;
any failure or interruption (Ctrl-C) puts back every file it had replaced, so the previous output
stays intact. A run killed outright (SIGKILL, power loss) cannot put anything back: the next run
sets docs/ right, as it does any change, and removes the dead run's staging folder. Files whose
content did not change are not touched (mkdocs serve reloads only what changed). Only the
generator's own folders under docs/ are written or cleaned, and only when they are real folders,
not symbolic links; hand-written pages are never touched.
"""

from __future__ import annotations

import filecmp
import gc
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import yaml

from .errors import AnnotationError, CorpusError, GeneratorError, OutputError, Problem
from .models import SiteSettings, Source, WriteStats
from .yamldoc import YamlDoc, load_yaml

Page = str | list[str]  # a page's text, or its pieces in order (a large export)
Stamp = tuple[int, int]  # a file's (size, modification time in ns): changed when either is

PACKAGE = "generator"
STAGING = ".papercards-staging-"  # + the writing process's id + "-" + random: staging folders under the root
LINKED = "a symbolic link; the generator writes only into real folders under docs/ (remove the link)"


@dataclass(frozen=True)
class Project:
    """Paths of a papercards checkout."""

    root: Path

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus" / "raw"

    @property
    def topics_file(self) -> Path:
        return self.root / "annotations" / "topics.yml"

    @property
    def datasets_file(self) -> Path:
        return self.root / "annotations" / "datasets.yml"

    @property
    def papers_dir(self) -> Path:
        return self.root / "annotations" / "papers"

    @property
    def mkdocs_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def bench_results(self) -> Path:
        return self.root / "bench" / "results.json"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache" / "papercards"

    def cache_file(self, part: str) -> Path:
        """The file of one part of the cache (`cache.PARTS`)."""
        return self.cache_dir / f"{part}.pickle"

    def name(self, path: Path) -> str:
        """A path as it appears in messages: relative to the project root."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()


def read_corpus(project: Project) -> list[Source]:
    """Every file in corpus/raw/ (hidden files aside), by name, as text."""
    if not project.corpus_dir.is_dir():
        raise CorpusError([Problem(project.name(project.corpus_dir), None, "the corpus folder is missing")])
    sources, problems = [], []
    for path in sorted(p for p in project.corpus_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
        try:
            sources.append(Source(project.name(path), decode_text(path.read_bytes(), "a UTF-8 listing page")))
        except ValueError as error:
            line, message = error.args
            problems.append(Problem(project.name(path), line, message))
    if problems:
        raise CorpusError(problems)
    return sources


def decode_text(data: bytes, expected: str) -> str:
    """UTF-8 text (a BOM is dropped); raises ValueError(line, message) for anything else, saying
    what was `expected` ("a UTF-8 listing page")."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ValueError(line, f"not a text file (a NUL byte); expected {expected}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise ValueError(line, f"not UTF-8 text (byte 0x{byte:02x}); expected {expected}") from None


def read_yaml(project: Project, path: Path, load: Callable[[str, str], YamlDoc] = load_yaml) -> YamlDoc:
    """The YAML file at `path`, read by `load` (`yamldoc.load_yaml`, or a function that answers
    as it does)."""
    name = project.name(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AnnotationError([Problem(name, None, "the file is missing")]) from None
    try:
        text = decode_text(data, "UTF-8 YAML")
    except ValueError as error:
        raise AnnotationError([Problem(name, *error.args)]) from None
    return load(name, text)


def read_annotations(project: Project, load: Callable[[str, str], YamlDoc] = load_yaml,
                     unchanged: Mapping[str, YamlDoc] | None = None) -> tuple[list[YamlDoc], list[Problem]]:
    """Every paper annotation file, by name, and the problems of those that cannot be read. The
    files in `unchanged` ({name: YamlDoc}: known not to have changed since they were read) are
    not read again."""
    if not project.papers_dir.is_dir():
        return [], []
    unchanged = unchanged or {}
    docs, problems = [], []
    for path in sorted((p for p in project.papers_dir.iterdir() if not p.name.startswith(".")),
                       key=lambda p: p.name):  # as paths sort in one folder, 5x faster
        if path.suffix != ".yml" or not path.is_file():
            problems.append(Problem(project.name(path), None, "not an annotation file; expected "
                                    "<slug>.yml, named after the card it annotates"))
            continue
        known = unchanged.get(project.name(path))
        try:
            docs.append(known if known is not None else read_yaml(project, path, load))
        except AnnotationError as error:
            problems += error.problems
    return docs, problems


def stamps(project: Project, folder: Path) -> dict[str, Stamp]:
    """{name: (size, modification time in ns)} of the files in `folder` (hidden ones aside; not
    in subfolders); {} without the folder. Names are as in messages (`Project.name`)."""
    prefix = project.name(folder)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    found = {}
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_file():
                status = entry.stat()
                found[f"{prefix}/{entry.name}"] = (status.st_size, status.st_mtime_ns)
        except OSError:
            continue
    return found


def read_site_settings(project: Project) -> SiteSettings:
    """What the pages need from mkdocs.yml: the site's address (feeds and citations need absolute
    URLs) and the repository, for "Edit this card" links. The branch is the one in `edit_uri`
    (edit/<branch>/docs/), main when not given."""
    try:
        config = yaml.load(project.mkdocs_file.read_text("utf-8"), Loader=_MkDocsLoader)
    except FileNotFoundError:
        return SiteSettings()
    except yaml.MarkedYAMLError as error:
        line = error.problem_mark.line + 1 if error.problem_mark else None
        raise GeneratorError([Problem(project.name(project.mkdocs_file), line,
                                      f"YAML syntax: {error.problem}")]) from None
    if not isinstance(config, dict):
        return SiteSettings()
    site_url = config.get("site_url")
    site_url = site_url.rstrip("/") + "/" if isinstance(site_url, str) and site_url.strip() else None
    site_name = str(config.get("site_name") or "papercards")
    if not isinstance(config.get("repo_url"), str):
        return SiteSettings(site_url=site_url, site_name=site_name)
    edit_uri = str(config.get("edit_uri") or "edit/main/docs/").strip("/").split("/")
    branch = edit_uri[1] if len(edit_uri) > 1 and edit_uri[0] in ("edit", "blob") else "main"
    return SiteSettings(repo_url=config["repo_url"].rstrip("/"), branch=branch, site_url=site_url,
                        site_name=site_name)


def read_history(project: Project) -> dict[str, str]:
    """When each corpus and annotation file first landed: {path relative to the project: UTC
    time, ISO 8601}. Read from the first-parent history (a pull request's files date from its
    merge). Empty when the project is not a git checkout or git is missing; a shallow clone
    dates everything to its one commit."""
    command = ["git", "-C", str(project.root), "log", "--first-parent", "-m", "--no-renames",
               "--diff-filter=A", "--relative", "--name-only", "--format=%x00%ct", "--",
               project.name(project.corpus_dir), project.name(project.papers_dir)]
    try:
        log = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    history: dict[str, str] = {}
    for entry in log.split("\0")[1:]:  # newest first, so the oldest commit adding a path wins
        stamp, *paths = entry.split("\n")
        when = datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        history.update((path, when) for path in paths if path)
    return history


class _MkDocsLoader(yaml.SafeLoader):
    """mkdocs.yml uses tags such as !relative and !ENV; their values are not needed here."""


_MkDocsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_bench_results(project: Project) -> dict | None:
    """The benchmark's last figures (bench/results.json, written by `make bench`), or None."""
    try:
        return json.loads(project.bench_results.read_text("utf-8"))
    except FileNotFoundError:
        return None


def write_new_annotation(project: Project, slug: str, text: str) -> Path:
    """Create annotations/papers/<slug>.yml; never overwrites (FileExistsError)."""
    path = project.papers_dir / f"{slug}.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="") as file:
        file.write(text)
    return path


def read_schema(name: str) -> dict:
    return json.loads(resources.files(PACKAGE).joinpath("schemas", f"{name}.schema.json").read_text("utf-8"))


def read_templates() -> dict[str, str]:
    folder = resources.files(PACKAGE).joinpath("templates")
    return {entry.name: entry.read_text("utf-8") for entry in folder.iterdir() if entry.name.endswith(".j2")}


def write_pages(project: Project, pages: Mapping[str, Page] | Iterable[tuple[str, Page]],
                owned: tuple[str, ...], kept: Collection[str] = ()) -> WriteStats:
    """Make the generator's folders under docs/ hold exactly `pages` ({path: text}, or (path, text)
    pairs as they are made; a text may come as a list of pieces, written one after another) and
    the `kept` files (left as they are: known unchanged), atomically: changed pages go to a
    staging folder first, and only once all are there (and nothing failed on the way) do they
    replace the old ones. Refuses (`OutputError`) before writing or removing anything when docs/
    or a folder in the generator's folders is a symbolic link: the cleanup of stale pages would
    follow it (a committed docs/topics -> .. would remove the hand-written pages)."""
    docs = project.docs_dir
    _refuse_links(project, [docs] if docs.is_symlink() else [])
    current, linked = _owned_files(docs, owned)
    _refuse_links(project, [docs / rel for rel in linked])
    _remove_dead_staging(project)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-", dir=project.root))
    try:
        pairs = pages.items() if isinstance(pages, Mapping) else pages
        seen, changed = _stage(project, staging, pairs, owned)
        stale = sorted(current - seen - set(kept))
        if changed or stale:
            _swap_in(project, staging, changed, stale)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _remove_empty_dirs(docs, owned)
    return WriteStats(written=len(changed), unchanged=len(seen) + len(kept) - len(changed),
                      removed=len(stale))


def _refuse_links(project: Project, links: list[Path]) -> None:
    """Raise an `OutputError` naming each of `links`: symbolic links where the generator writes."""
    if links:
        raise OutputError([Problem(project.name(path), None, LINKED) for path in links])


def _remove_dead_staging(project: Project) -> None:
    """Remove the staging folders of runs killed outright (their process is gone), never those of
    a live process: `mkdocs serve` and a `generate` may run side by side."""
    for path in project.root.glob(f"{STAGING}*-*"):
        pid = path.name.removeprefix(STAGING).split("-")[0]
        if pid.isdigit() and path.is_dir() and not path.is_symlink() and not _running(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    """Whether process `pid` is alive; assumed so where that cannot be asked safely (on Windows,
    os.kill stops the process)."""
    if os.name != "posix":
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):  # another user's process (PermissionError), or no such pid
        return True
    return True


def _stage(project: Project, staging: Path, pages: Iterable[tuple[str, Page]], owned: tuple[str, ...]
           ) -> tuple[set[str], list[str]]:
    """Write the pages that differ from docs/ into `staging`; every page's path, and the changed."""
    seen, changed = set(), []
    for rel, text in pages:
        if Path(rel).parts[0] not in owned or ".." in Path(rel).parts:
            raise ValueError(f"refusing to write {rel!r} outside {owned}")
        seen.add(rel)
        try:
            if _staged(project.docs_dir / rel, staging / rel, text):
                changed.append(rel)
        except OSError as error:
            raise OutputError([Problem(project.name(project.docs_dir), None, f"could not write the pages "
                                       f"({error}); the previous output is unchanged")]) from error
    return seen, changed


def _staged(current: Path, staged: Path, text: Page) -> bool:
    """Write `text` at `staged` unless the `current` file holds it already; whether it did. Text
    in pieces is written piece by piece, then compared with the current file."""
    if isinstance(text, str):
        data = text.encode("utf-8")
        if _current(current) == data:
            return False
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)
        return True
    staged.parent.mkdir(parents=True, exist_ok=True)
    with staged.open("w", encoding="utf-8", newline="") as file:
        file.writelines(text)
    if current.is_file() and filecmp.cmp(current, staged, shallow=False):
        staged.unlink()
        return False
    return True


def page_stamps(project: Project, pages: Iterable[str]) -> dict[str, Stamp]:
    """(size, modification time in ns) of each of `pages` (paths under docs/) that exists."""
    stamps = {}
    docs = os.fspath(project.docs_dir)
    for rel in pages:
        try:
            status = os.stat(f"{docs}/{rel}")  # without a Path per page: 3x faster for 10,000
        except OSError:
            continue
        stamps[rel] = (status.st_size, status.st_mtime_ns)
    return stamps


def read_cache(project: Project, parts: Iterable[str]) -> dict:
    """What the last `generate` kept (see `cache`): the entries of each part's file, merged. A part
    is left out when its file is missing, cannot be read, or is from other generator code. (Local
    files the generator wrote itself: .cache/ is never committed.)"""
    entries: dict = {}
    version = _code_version()
    for part in parts:
        entries.update(_read_cache_part(project.cache_file(part), version))
    return entries


def _read_cache_part(path: Path, version: str) -> dict:
    try:
        with path.open("rb") as file, _collector_paused():
            kept = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    if not isinstance(kept, dict) or kept.get("code") != version:
        return {}
    entries = kept.get("entries")
    return entries if isinstance(entries, dict) else {}


def write_cache(project: Project, parts: Mapping[str, dict]) -> None:
    """Keep each part's entries ({part: entries}) for the next run, a file per part (atomically;
    a part that cannot be written is skipped: the next run is only slower)."""
    version = _code_version()
    for part, entries in parts.items():
        path = project.cache_file(part)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as file, _collector_paused():  # streamed: never all in memory as bytes
                pickle.dump({"code": version, "entries": entries}, file, protocol=5)
            os.replace(temporary, path)
        except OSError:
            pass
        finally:  # left after a failure or an interruption (Ctrl-C), it would never be removed
            temporary.unlink(missing_ok=True)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: (un)pickling the cache makes a million small objects,
    which set the collector off again and again (3x slower loads at 10,000 papers)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _code_version() -> str:
    """A digest of the generator's own files: code, templates and schemas."""
    root = resources.files(PACKAGE)
    files = sorted((entry.name, entry) for folder in (root, root / "templates", root / "schemas")
                   for entry in folder.iterdir() if entry.name.endswith((".py", ".j2", ".json")))
    return hashlib.blake2b(b"".join(entry.read_bytes() for _, entry in files), digest_size=16).hexdigest()


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None


def _owned_files(docs: Path, owned: tuple[str, ...]) -> tuple[set[str], list[str]]:
    """Every file (or link to one) under the generator's folders, as a path relative to docs/; and
    those folders, and the folders inside them, that are symbolic links (not followed)."""
    found: set[str] = set()
    linked: list[str] = []
    for folder in owned:
        if os.path.islink(docs / folder):
            linked.append(folder)
            continue
        for root, folders, files in os.walk(docs / folder):  # scandir-based: 5x faster than rglob
            prefix = Path(root).relative_to(docs).as_posix()
            found.update(f"{prefix}/{name}" for name in files)
            linked += [f"{prefix}/{name}" for name in folders if os.path.islink(os.path.join(root, name))]
    return found, linked


def _swap_in(project: Project, staging: Path, changed: list[str], stale: list[str]) -> None:
    """Move the staged pages into docs/ and the stale ones out; on any failure or interruption
    (Ctrl-C: any exception), put all back, then raise it (an OSError as an `OutputError`)."""
    docs = project.docs_dir
    docs.mkdir(parents=True, exist_ok=True)
    backup = staging / ".backup"
    done: list[tuple[str, bool]] = []  # (path, had a previous version): noted before anything moves
    written = set(changed)
    try:
        for rel in changed + stale:
            had_previous = os.path.lexists(docs / rel)  # a link counts, even one to nothing
            done.append((rel, had_previous))
            if had_previous:
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(docs / rel, backup / rel)  # a link is moved, not what it points to
            if rel in written:
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, docs / rel)
    except BaseException as error:
        _roll_back(docs, backup, done)
        if not isinstance(error, OSError):
            raise
        raise OutputError([Problem(project.name(docs), None, f"could not write the pages ({error}); "
                                   "the previous output is unchanged")]) from error


def _roll_back(docs: Path, backup: Path, done: list[tuple[str, bool]]) -> None:
    """Undo `done`, last first: what was moved aside goes back, what is new goes. Each step can be
    taken again, so another Ctrl-C (pressed twice) does not stop it half way: it is raised once
    everything is back."""
    interrupted: KeyboardInterrupt | None = None
    while done:
        rel, had_previous = done[-1]
        try:
            if not had_previous:
                (docs / rel).unlink(missing_ok=True)
            elif os.path.lexists(backup / rel):  # else it was never moved
                os.replace(backup / rel, docs / rel)
            done.pop()
        except KeyboardInterrupt as error:
            interrupted = error
    if interrupted is not None:
        raise interrupted


def _remove_empty_dirs(docs: Path, owned: tuple[str, ...]) -> None:
    """Remove the folders under the generator's folders (and those) that are left empty."""
    for folder in owned:
        emptied: set[str] = set()
        for root, folders, files in os.walk(docs / folder, topdown=False):  # a folder after its own
            if not files and all(os.path.join(root, name) in emptied for name in folders):
                os.rmdir(root)
                emptied.add(root)
