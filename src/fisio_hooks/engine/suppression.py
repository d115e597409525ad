"""``# noqa`` comments, file-level ``# fisio-hooks: noqa`` and per-file ignores."""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

# The patterns are compiled on first use, since most files have no
# suppression comment at all and compiling costs start-up time.


@cache
def _noqa_pattern() -> re.Pattern[str]:
    # A bare noqa comment, or one followed by a colon and codes such as
    # ``FIS301``, ``FIS3, FIS401`` or ``FIS1`` in any letter case. Codes
    # that are not ours (``E501``) are allowed in the list and ignored.
    return re.compile(
        r"#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?",
        re.IGNORECASE,
    )


@cache
def _file_noqa_pattern() -> re.Pattern[str]:
    return re.compile(
        r"^[ \t]*#[ \t]*fisio-hooks:[ \t]*noqa"
        r"(?::[ \t]*(?P<codes>[A-Z]+[0-9]*(?:[ \t,]+[A-Z]+[0-9]*)*))?[ \t]*\r?$",
        re.IGNORECASE | re.MULTILINE,
    )


def code_matches(code: str, selectors: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether ``code`` equals or starts with one of the selectors."""
    return any(code.startswith(selector) for selector in selectors)


def _split_codes(codes: str) -> frozenset[str]:
    parts = codes.replace(",", " ").split()
    return frozenset(part.upper() for part in parts)


class LineNoqa(NamedTuple):
    """A ``# noqa`` on one line: ``codes`` is None for a bare one."""

    codes: frozenset[str] | None

    def suppresses(self, code: str) -> bool:
        return self.codes is None or code_matches(code, self.codes)


def line_noqa(line: str) -> LineNoqa | None:
    if "noqa" not in line.lower():
        return None
    match = _noqa_pattern().search(line)
    if match is None:
        return None
    if match.group("codes") is None:
        return LineNoqa(None)
    return LineNoqa(_split_codes(match.group("codes")))


def file_noqa(text: str) -> LineNoqa | None:
    """Return the union of every file-level ``# fisio-hooks: noqa``."""
    if "fisio-hooks" not in text:
        return None
    codes: set[str] = set()
    found = False
    for match in _file_noqa_pattern().finditer(text):
        found = True
        if match.group("codes") is None:
            return LineNoqa(None)
        codes.update(_split_codes(match.group("codes")))
    return LineNoqa(frozenset(codes)) if found else None
