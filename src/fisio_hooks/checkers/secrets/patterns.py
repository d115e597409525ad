"""Regular expressions compiled on first use.

Most files never reach most patterns here (a placeholder test runs only
on a found value), and compiling them all at import would add to every
hook run's start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator


class LazyPattern:
    """A regular expression compiled the first time it is used."""

    __slots__ = ("_compiled", "_flags", "_source")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source, self._flags)
        return self._compiled

    def search(self, string: str) -> re.Match[str] | None:
        return self.compiled.search(string)

    def match(self, string: str) -> re.Match[str] | None:
        return self.compiled.match(string)

    def finditer(self, string: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string)

    def sub(self, replacement: str, string: str) -> str:
        return self.compiled.sub(replacement, string)

    def split(self, string: str) -> list[str]:
        return self.compiled.split(string)
