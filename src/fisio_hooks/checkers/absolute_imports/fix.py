"""The libcst fixer for FIS301 and FIS303: rewrite imports in place.

Only the module part of each statement changes, so aliases,
parentheses, comments and line breaks stay as written.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import FileContext

# (kind, line, column, target) keyed by the statement's start position.
Edits = dict[tuple[int, int], tuple[str, str]]


def apply(text: str, findings: Sequence[Finding], context: FileContext) -> str:
    edits: Edits = {}
    for finding in findings:
        if finding.fix is None:
            continue
        kind, line, column, target = finding.fix.data
        edits[(line, column)] = (kind, target)
    if not edits:
        return text
    wrapper = MetadataWrapper(cst.parse_module(text))
    return wrapper.visit(_ImportRewriter(edits)).code


def _dotted(name: str) -> cst.Attribute | cst.Name:
    expression = cst.parse_expression(name)
    assert isinstance(expression, (cst.Attribute, cst.Name))
    return expression


class _ImportRewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, edits: Edits) -> None:
        super().__init__()
        self.edits = edits

    def _edit_for(self, node: cst.CSTNode) -> tuple[str, str] | None:
        start = self.get_metadata(PositionProvider, node).start
        return self.edits.get((start.line, start.column))

    def leave_ImportFrom(
        self, original_node: cst.ImportFrom, updated_node: cst.ImportFrom
    ) -> cst.ImportFrom:
        edit = self._edit_for(original_node)
        if edit is None or edit[0] != "from-module":
            return updated_node
        return updated_node.with_changes(relative=(), module=_dotted(edit[1]))

    def leave_Import(
        self, original_node: cst.Import, updated_node: cst.Import
    ) -> cst.Import | cst.ImportFrom:
        edit = self._edit_for(original_node)
        if edit is None or len(updated_node.names) != 1:
            return updated_node
        kind, target = edit
        alias = updated_node.names[0]
        if kind == "import-module":
            return updated_node.with_changes(
                names=[alias.with_changes(name=_dotted(target))]
            )
        if kind == "import-to-from":
            return cst.ImportFrom(
                module=_dotted(target),
                names=[alias.with_changes(comma=cst.MaybeSentinel.DEFAULT)],
                whitespace_after_from=cst.SimpleWhitespace(" "),
                whitespace_before_import=cst.SimpleWhitespace(" "),
                whitespace_after_import=updated_node.whitespace_after_import,
                semicolon=updated_node.semicolon,
            )
        return updated_node
