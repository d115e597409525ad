"""Rules, checkers and the per-file context that checkers report through."""

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from fisio_hooks.engine.findings import Finding, Fix

if TYPE_CHECKING:
    from tree_sitter import Node

    from fisio_hooks.engine.settings import Settings
    from fisio_hooks.engine.source import SourceFile


class Rule(NamedTuple):
    """One finding code and its documentation for ``fisio-hooks rule``.

    ``explanation`` describes what the rule finds and why it matters.
    ``example`` is a violation and ``fixed_example`` what to write
    instead. ``settings`` names the settings keys that change the rule.
    """

    code: str
    name: str
    summary: str
    explanation: str
    example: str = ""
    fixed_example: str = ""
    fix: str = "none"  # "safe", "sometimes" or "none"
    settings: tuple[str, ...] = ()


class Checker(NamedTuple):
    """A hook: its rules, the files it takes, and its check function.

    ``check`` yields findings for one file. ``fixer`` is a
    ``"module:function"`` reference imported only when fixes are applied;
    the function takes ``(text, findings, context)`` and returns new text.
    """

    id: str
    rules: tuple[Rule, ...]
    check: "Callable[[FileContext], Iterable[Finding]]"
    file_types: str = "python"  # "python" or "text"
    fixer: str | None = None

    def rule(self, code: str) -> Rule:
        for rule in self.rules:
            if rule.code == code:
                return rule
        raise KeyError(code)


class FileContext:
    """The part of one file a checker reads: its source, path and settings.

    ``relative_path`` is the POSIX path relative to the project root
    (the settings file's folder), used for glob settings. ``cache`` is
    free for the checker's own per-file state.
    """

    __slots__ = ("cache", "checker_id", "relative_path", "settings", "source")

    def __init__(
        self,
        source: "SourceFile",
        relative_path: str,
        settings: "Settings",
        checker_id: str,
    ) -> None:
        self.source = source
        self.relative_path = relative_path
        self.settings = settings
        self.checker_id = checker_id
        self.cache: dict[str, Any] = {}

    @property
    def path(self) -> str:
        return self.source.display_path

    def finding(
        self,
        code: str,
        node: "Node",
        message: str,
        fix: Fix | None = None,
    ) -> Finding:
        """Build a finding that spans a tree-sitter node."""
        return self.finding_at(code, node.start_byte, node.end_byte, message, fix)

    def finding_at(
        self,
        code: str,
        start: int,
        end: int,
        message: str,
        fix: Fix | None = None,
    ) -> Finding:
        """Build a finding from byte offsets into ``source.utf8``."""
        line, column = self.source.position(start)
        end_line, end_column = self.source.position(end)
        return Finding(
            path=self.source.display_path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            code=code,
            checker=self.checker_id,
            message=message,
            fix=fix,
        )
