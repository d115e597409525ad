"""``# noqa`` comments, file-level ``# fisio-hooks: noqa`` and per-file ignores."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fisio_hooks.engine.source import SourceFile

# The patterns are compiled on first use, since most files have no
# suppression comment at all and compiling costs start-up time.


@cache
def _noqa_pattern() -> re.Pattern[str]:
    # A bare noqa comment, or one followed by a colon and codes such as
    # ``FIS301``, ``FIS3, FIS401`` or ``FIS1`` in any letter case. Codes
    # that are not ours (``E501``) are allowed in the list and ignored.
    return re.compile(
        r"#\s*noqa(?P<colon>:\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
        re.IGNORECASE,
    )


@cache
def _file_noqa_pattern() -> re.Pattern[str]:
    return re.compile(
        r"^[ \t]*#[ \t]*fisio-hooks:[ \t]*noqa"
        r"(?::[ \t]*(?P<codes>[A-Z]+[0-9]+(?:[ \t,]+[A-Z]+[0-9]+)*))?[ \t]*\r?$",
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


class _Comment(NamedTuple):
    text: str
    own_line: bool  # nothing but white space before it on its line


class SourceComments:
    """The suppression comments of one file, looked up lazily.

    For Python the comments are tree-sitter's comment nodes; for other
    text files, where no parser knows what a comment is, the whole line.
    """

    def __init__(self, source: SourceFile, python: bool) -> None:
        self.source = source
        self.python = python
        self._by_line: dict[int, list[_Comment]] | None = None

    def _comments(self) -> dict[int, list[_Comment]]:
        if self._by_line is None:
            from fisio_hooks.engine.syntax import captures

            by_line: dict[int, list[_Comment]] = {}
            nodes = captures("(comment) @comment", self.source.root).get("comment", [])
            for node in nodes:
                line, column = self.source.position(node.start_byte)
                text = self.source.utf8[node.start_byte : node.end_byte]
                before = self.source.line_text(line)[: column - 1]
                comment = _Comment(
                    text.decode("utf-8", errors="replace"), not before.strip()
                )
                by_line.setdefault(line, []).append(comment)
            self._by_line = by_line
        return self._by_line

    def line_noqa(self, line: int) -> LineNoqa | None:
        text = self.source.line_text(line)
        if "noqa" not in text.lower():
            return None
        if not self.python:
            return line_noqa(text)
        for comment in self._comments().get(line, []):
            noqa = line_noqa(comment.text)
            if noqa is not None:
                return noqa
        return None

    def file_noqa(self) -> LineNoqa | None:
        if "fisio-hooks" not in self.source.text:
            return None
        if not self.python:
            return file_noqa(self.source.text)
        own_lines = [
            comment.text
            for comments in self._comments().values()
            for comment in comments
            if comment.own_line
        ]
        return file_noqa("\n".join(own_lines))
