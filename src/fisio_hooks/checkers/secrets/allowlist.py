"""Inline allowlisting with detect-secrets' pragma comments.

``pragma: allowlist secret`` at the end of a line, or ``pragma:
allowlist nextline secret`` alone on the line before, in any comment
style detect-secrets 1.5 accepts (``#``, ``//``, ``/* */``, ``'``,
``--``, ``<!-- -->``); YAML files accept ``#`` only. The patterns are
the ones of ``detect_secrets.filters.allowlist``, rebuilt here so that
findings of our own checks are allowlisted without importing it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import PurePath

# Comment openers and closers, as regular expressions.
_COMMENT_STYLES = (
    ("#", ""),
    ("//", ""),
    (r"/\*", r" *\*/"),
    ("'", ""),
    ("--", ""),
    (r"<!--[# \t]*?", " *?-->"),
)
_YAML_SUFFIXES = frozenset({".yaml"})


@cache
def _pattern(start: str, end: str, nextline: bool) -> re.Pattern[str]:
    return re.compile(
        r"{}[ \t]*{} *pragma: ?{}{}[ -]secret.*?{}[ \t]*$".format(
            "^" if nextline else "",
            start,
            "allowlist" if nextline else "(allow|white)list",
            "[ -]nextline" if nextline else "",
            end,
        )
    )


def _styles(path: str) -> tuple[tuple[str, str], ...]:
    # detect-secrets narrows only ``.yaml`` (not ``.yml``) to ``#``.
    if PurePath(path).suffix in _YAML_SUFFIXES:
        return _COMMENT_STYLES[:1]
    return _COMMENT_STYLES


def is_line_allowlisted(path: str, line: str, previous_line: str) -> bool:
    """Whether ``line`` is allowlisted by its own or the previous line's pragma."""
    if "pragma" not in line and "pragma" not in previous_line:
        return False
    styles = _styles(path)
    if any(_pattern(start, end, False).search(line) for start, end in styles):
        return True
    return any(
        _pattern(start, end, True).search(previous_line) for start, end in styles
    )
