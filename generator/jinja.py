"""The one Jinja set-up every template shares: unknown names are errors, block tags leave no
blank lines, files keep their last newline. Each caller says which templates are escaped.

The Python code templates compile to is kept in `COMPILED`, so that a template is compiled once
per process (`mkdocs serve` generates again and again) and, kept in the generator's cache
(`pipeline.generate`), once per change of the templates: compiling all 15 takes about 0.1 s."""

from __future__ import annotations

from collections.abc import Callable

import jinja2

COMPILED: dict[str, bytes] = {}  # {"<set-up> <template name>": its compiled code}


class _Compiled(jinja2.BytecodeCache):
    """`COMPILED`, for the environments of one set-up (the code depends on it). Jinja keeps the
    template's source checksum with its code and compiles it again when the source changed."""

    def __init__(self, setup: str) -> None:
        self.setup = setup

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return f"{self.setup} {name}"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = COMPILED.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        COMPILED[bucket.key] = bucket.bytecode_to_string()


def environment(templates: dict[str, str], escaped: tuple[str, ...], escape_strings: bool,
                finalize: Callable[[object], object] | None = None) -> jinja2.Environment:
    """An environment over `templates` ({name: text}) that autoescapes names ending in one of
    `escaped` (and strings given to `from_string` when `escape_strings`)."""
    setup = f"{escaped}/{escape_strings}/{finalize.__qualname__ if finalize else None}"
    return jinja2.Environment(
        loader=jinja2.DictLoader(templates),
        autoescape=jinja2.select_autoescape(enabled_extensions=escaped, default_for_string=escape_strings),
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_Compiled(setup),
    )
