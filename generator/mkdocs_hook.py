"""MkDocs hook: every `mkdocs build` / `mkdocs serve` (re)build first runs the generator.

It writes the pages (only the ones whose content changed, so live reload stays quiet), logs the
counts, and lists the topic pages in the nav under "Topics". Generated pages have no source file
in the repository, so their edit button points where the generator says (front matter
`edit_url`: the card's annotation file, the taxonomy), or is hidden. A generator error stops the build
with the same `FILE:LINE: message` lines as the CLI; `mkdocs serve` keeps the last good site.
The pages themselves never depend on this hook: `python -m generator generate` writes the same.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.cli import summary
from generator.errors import GeneratorError
from generator.pipeline import generate
from generator.render import OUTPUT_DIRS
from generator.store import Project

log = logging.getLogger("mkdocs.hooks.papercards")
TOPICS_INDEX = "topics/index.md"
GENERATED = tuple(f"{folder}/" for folder in OUTPUT_DIRS)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    project = Project(Path(config.config_file_path).resolve().parent)
    try:
        site, stats = generate(project)
    except GeneratorError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(f"papercards: {len(error.problems)} problem(s) in the inputs; see above") from None
    for line in summary(site, per_topic=False).splitlines():
        log.info(f"papercards: {line.strip()}")
    log.info(f"papercards: pages {stats.written} written, {stats.unchanged} unchanged, "
             f"{stats.removed} removed")
    config.nav = _with_topics(config.nav or [], site.topics)
    return config


def on_page_markdown(markdown: str, page, config: MkDocsConfig, files) -> str:
    """A page's front matter `edit_url` names its real source; generated pages without one have
    nothing to edit."""
    if "edit_url" in page.meta or page.file.src_uri.startswith(GENERATED):
        page.edit_url = page.meta.get("edit_url")
    return markdown


def _with_topics(nav: list, topics) -> list:
    """Replace the nav entry for topics/index.md with a section listing every topic page."""
    section = [{"Overview": TOPICS_INDEX}] + [
        {html.escape(topic.title): f"topics/{topic.id}.md"} for topic in topics
    ]
    result = []
    for item in nav:
        if isinstance(item, dict) and list(item.values()) == [TOPICS_INDEX]:
            result.append({next(iter(item)): section})
        else:
            result.append(item)
    return result
