"""Findings and fixes, the values every checker produces."""

from typing import Any, NamedTuple


class Fix(NamedTuple):
    """A change that resolves a finding, applied by the checker's fixer.

    ``data`` is whatever the fixer needs to find and rewrite the node
    (a new module name, a new identifier), and must be hashable.
    """

    safe: bool
    description: str
    data: Any = None


class Finding(NamedTuple):
    """One reported problem, with 1-based line and column numbers."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    code: str
    checker: str
    message: str
    fix: Fix | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def to_json(self) -> dict[str, Any]:
        fix = None
        if self.fix is not None:
            fix = {"safe": self.fix.safe, "description": self.fix.description}
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "code": self.code,
            "checker": self.checker,
            "message": self.message,
            "fix": fix,
        }
