"""The one Jinja set-up every template shares: unknown names are errors, block tags leave no
blank lines, files keep their last newline. Each caller says which templates are escaped."""

from __future__ import annotations

from collections.abc import Callable

import jinja2


def environment(templates: dict[str, str], escaped: tuple[str, ...], escape_strings: bool,
                finalize: Callable[[object], object] | None = None) -> jinja2.Environment:
    """An environment over `templates` ({name: text}) that autoescapes names ending in one of
    `escaped` (and strings given to `from_string` when `escape_strings`)."""
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=jinja2.select_autoescape(enabled_extensions=escaped, default_for_string=escape_strings),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
