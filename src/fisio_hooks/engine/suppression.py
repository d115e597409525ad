"""``# noqa`` comments, file-level ``# fisio-hooks: noqa`` and per-file ignores."""

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
    """Return whether ``code`` equals or starts with one of the selectors."""
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


class SourceComments:
    """The suppression comments of one file, looked up lazily.

    For Python a ``#`` counts only where tree-sitter parsed a comment, so
    ``"# noqa"`` inside a string does not suppress. Comments are found at
    each ``#`` of the requested lines, which costs far less than a query
    over the whole tree. Other text files have no parser to tell comments
    apart, so there the whole line counts.
    """

    def __init__(self, source: "SourceFile", python: bool) -> None:
        self.source = source
        self.python = python

    def _comment_at(self, offset: int) -> str | None:
        """Return the comment that starts at byte ``offset``, if any."""
        node = self.source.root.descendant_for_byte_range(offset, offset + 1)
        if node is None or node.type != "comment" or node.start_byte != offset:
            return None
        return self.source.utf8[node.start_byte : node.end_byte].decode(
            "utf-8", errors="replace"
        )

    def _line_comments(self, line: int) -> list[str]:
        starts = self.source.line_starts()
        start = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.source.utf8)
        comments = []
        offset = self.source.utf8.find(b"#", start, end)
        while offset != -1:
            comment = self._comment_at(offset)
            if comment is not None:
                comments.append(comment)
                break  # a comment runs to the end of the line
            offset = self.source.utf8.find(b"#", offset + 1, end)
        return comments

    def line_noqa(self, line: int) -> LineNoqa | None:
        text = self.source.line_text(line)
        if "noqa" not in text.lower():
            return None
        if not self.python:
            return line_noqa(text)
        for comment in self._line_comments(line):
            noqa = line_noqa(comment)
            if noqa is not None:
                return noqa
        return None

    def file_noqa(self) -> LineNoqa | None:
        text = self.source.text
        if "fisio-hooks" not in text:
            return None
        if not self.python:
            return file_noqa(text)
        # Keep only the lines the pattern matched whose "#" is a comment
        # on a line of its own, then read the codes from those.
        own_lines = []
        for match in _file_noqa_pattern().finditer(text):
            offset = len(text[: match.start()].encode("utf-8", errors="surrogatepass"))
            line, _ = self.source.position(offset)
            comments = self._line_comments(line)
            if comments and not self.source.line_text(line).split("#", 1)[0].strip():
                own_lines.append(comments[0])
        return file_noqa("\n".join(own_lines)) if own_lines else None
