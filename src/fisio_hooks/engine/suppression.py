"""``# noqa`` comments, file-level ``# fisio-hooks: noqa`` and per-file ignores."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Matches a bare noqa comment, or one followed by a colon and codes such
# as ``FIS301``, ``FIS3, FIS401`` or ``FIS1`` in any letter case.
# Codes that are not ours (``E501``) are allowed in the list and ignored.
_NOQA = re.compile(
    r"#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]*(?:[,\s]+[A-Z]+[0-9]*)*))?",
    re.IGNORECASE,
)
_FILE_NOQA = re.compile(
    r"^[ \t]*#[ \t]*fisio-hooks:[ \t]*noqa"
    r"(?::[ \t]*(?P<codes>[A-Z]+[0-9]*(?:[ \t,]+[A-Z]+[0-9]*)*))?[ \t]*\r?$",
    re.IGNORECASE | re.MULTILINE,
)
_CODE_SPLIT = re.compile(r"[,\s]+")


def code_matches(code: str, selectors: tuple[str, ...] | frozenset[str]) -> bool:
    """Whether ``code`` equals or starts with one of the selectors."""
    return any(code.startswith(selector) for selector in selectors)


def _split_codes(codes: str) -> frozenset[str]:
    return frozenset(part.upper() for part in _CODE_SPLIT.split(codes) if part)


@dataclass(frozen=True)
class LineNoqa:
    """A ``# noqa`` on one line: ``codes`` is None for a bare one."""

    codes: frozenset[str] | None

    def suppresses(self, code: str) -> bool:
        return self.codes is None or code_matches(code, self.codes)


def line_noqa(line: str) -> LineNoqa | None:
    if "noqa" not in line.lower():
        return None
    match = _NOQA.search(line)
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
    for match in _FILE_NOQA.finditer(text):
        found = True
        if match.group("codes") is None:
            return LineNoqa(None)
        codes.update(_split_codes(match.group("codes")))
    return LineNoqa(frozenset(codes)) if found else None
