"""Check loaded YAML against its JSON Schema (``generator/schemas/``), one problem per line:

    annotations/topics.yml:12: topics[2].parent: expected a string, got 42
    annotations/topics.yml:30: topics[5].match: unknown field 'titel' (did you mean 'title'?)
"""

from __future__ import annotations

import difflib

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .errors import Problem
from .yamldoc import Path, YamlDoc

LIMITS = {
    "minLength": "must be at least {} characters", "maxLength": "must be at most {} characters",
    "minItems": "must list at least {} items", "maxItems": "must list at most {} items",
    "minimum": "must be at least {}", "maximum": "must be at most {}",
}
TYPE_NAMES = {
    "string": "a string", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list", "object": "a mapping of fields", "null": "nothing",
}


def check_schema(doc: YamlDoc, schema: dict) -> list[Problem]:
    """Every schema violation in `doc`, in file order."""
    validator = Draft202012Validator(schema)
    problems = [_problem(doc, error) for error in validator.iter_errors(doc.data)]
    return sorted(problems, key=lambda p: (p.line or 0, p.message))


def field_name(path: Path) -> str:
    """`('topics', 2, 'id')` -> `topics[2].id`."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(top level)"


def did_you_mean(word: str, choices) -> str:
    """The closest choice, by spelling or, for long names such as slugs, by a shared start."""
    choices = sorted(choices)
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    match = match or [c for c in choices if word and (c.startswith(word) or word.startswith(c))][:1]
    return f" (did you mean {match[0]!r}?)" if match else ""


def _problem(doc: YamlDoc, error: ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    if not path and error.instance is None:
        return Problem(doc.name, doc.line_of(path), "the file holds no fields; expected a mapping of fields")
    if error.validator == "additionalProperties":
        allowed = error.schema.get("properties", {})
        extra = sorted(set(error.instance) - set(allowed))
        path = path + (extra[0],)
        message = f"unknown field {extra[0]!r}{did_you_mean(extra[0], allowed)}"
        message += f"; allowed fields: {', '.join(sorted(allowed))}"
    elif error.validator == "required":
        missing = [name for name in error.validator_value if name not in error.instance][0]
        line = doc.line_of(path)
        path = path + (missing,)
        comment = error.schema.get("$comment")
        message = "required field is missing" + (f" ({comment})" if comment else "")
        return Problem(doc.name, line, f"{field_name(path)}: {message}")
    else:
        message = _describe(error)
    return Problem(doc.name, doc.line_of(path), f"{field_name(path)}: {message}")


def _describe(error: ValidationError) -> str:
    got = _shown(error.instance)
    kind = error.validator
    if kind == "type":
        expected = error.validator_value
        names = [TYPE_NAMES.get(t, t) for t in ([expected] if isinstance(expected, str) else expected)]
        number = isinstance(error.instance, (int, float)) and not isinstance(error.instance, bool)
        quote = "; put it in quotes" if "string" in expected and number else ""
        return f"expected {' or '.join(names)}, got {got}{quote}"
    if kind == "enum":
        choices = error.validator_value
        hint = did_you_mean(str(error.instance), map(str, choices))
        return f"expected one of {', '.join(map(repr, choices))}, got {got}{hint}"
    if kind == "pattern":
        expected = error.schema.get("description", f"text matching {error.validator_value}")
        return f"expected {expected}, got {got}"
    if kind in ("minLength", "minItems") and error.validator_value == 1:
        return f"must not be empty, got {got}"
    if kind in LIMITS:
        return f"{LIMITS[kind].format(error.validator_value)}, got {_size(error.instance)}"
    if kind == "uniqueItems":
        seen = [item for index, item in enumerate(error.instance) if item in error.instance[:index]]
        return f"lists {seen[0]!r} twice"
    return f"{error.message}"


def _size(value: object) -> str:
    if isinstance(value, str) and len(value) > 60:
        return f"{len(value)} characters"
    if isinstance(value, list) and len(value) > 5:
        return f"{len(value)} items"
    return _shown(value)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:59] + "…"
