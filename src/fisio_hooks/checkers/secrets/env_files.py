"""FIS504: committed environment files with values in them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePath

from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import quoted_mask
from fisio_hooks.checkers.secrets.patterns import LazyPattern
from fisio_hooks.checkers.secrets.placeholders import is_placeholder

CODE = "FIS504"
# detect-secrets' KeywordDetector reports secret-named keys of such a
# file under this type.
BASELINE_TYPE = "Secret Keyword"

# Name parts that mark a file as a template meant to be committed:
# ``.env.example``, ``.env.sample``, ``.env.template``, ``.env.dist``.
TEMPLATE_PARTS = frozenset({"example", "sample", "template", "dist"})

_ASSIGNMENT = LazyPattern(
    r"^\s*(?:export\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_.-]*)\s*=[ \t]*(?P<value>.*?)\s*$"
)


def is_env_file(path: str) -> bool:
    """Return True when ``path`` is an environment file (``.env``,
    ``.env.production``, ``production.env``) and not a committed template."""
    name = PurePath(path).name.lower()
    if not (name == ".env" or name.startswith(".env.") or name.endswith(".env")):
        return False
    parts = set(name.split("."))
    return not parts & TEMPLATE_PARTS


def _value_span(raw: str) -> tuple[int, int]:
    """Return the span of the value inside ``raw``, without quotes or a
    trailing ``# comment``."""
    if raw[:1] in {"'", '"'}:
        closing = raw.find(raw[0], 1)
        if closing != -1:
            return 1, closing
        return 1, len(raw)
    comment = re.search(r"\s+#", raw)
    end = comment.start() if comment else len(raw)
    return 0, end


def find_env_values(path: str, lines: list[str]) -> Iterator[Candidate]:
    name = PurePath(path).name
    for number, line in enumerate(lines, start=1):
        match = _ASSIGNMENT.match(line)
        if match is None:
            continue
        raw = match.group("value")
        start, end = _value_span(raw)
        value = raw[start:end]
        if is_placeholder(value):
            continue
        key = match.group("key")
        column = match.start("value") + start + 1
        yield Candidate(
            code=CODE,
            line=number,
            column=column,
            end_column=column + len(value),
            secret=value,
            secret_type=BASELINE_TYPE,
            message=(
                f"environment file `{name}` sets `{key}` to {quoted_mask(value)};"
                f" keep `{name}` out of git and commit a `{name}.example`"
                " with empty values instead"
            ),
        )
