"""The logging-style fixer, the only module of the checker that imports
libcst, so that checking without ``--fix`` never pays for it.

Each safe fix carries what to write in ``Fix.data``; this module finds
the node at the finding's position and rewrites it:

- ``("replace", "self.log")``: a module logger name becomes the
  instance logger (FIS401);
- ``("rename", "warning")``: the ``warn`` attribute is renamed (FIS406);
- ``("arguments", message, (argument, ...), (gap, ...))``: the message
  argument is replaced by the %-style message followed by its
  arguments, each after its gap (FIS404).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fisio_hooks.engine.findings import Finding

if TYPE_CHECKING:
    from fisio_hooks.engine.rules import FileContext

Edits = dict[tuple[int, int, str], Any]


def apply(text: str, findings: Sequence[Finding], context: FileContext) -> str:
    """Apply the safe fixes of ``findings`` to ``text``."""
    edits: Edits = {}
    for finding in findings:
        fix = finding.fix
        if fix is None or not fix.safe or not isinstance(fix.data, tuple):
            continue
        # libcst columns are 0-based, finding columns 1-based.
        edits[(finding.line, finding.column - 1, fix.data[0])] = fix.data
    if not edits:
        return text
    wrapper = MetadataWrapper(cst.parse_module(text))
    return wrapper.visit(_Rewriter(edits)).code


class _Rewriter(cst.CSTTransformer):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, edits: Edits) -> None:
        super().__init__()
        self.edits = edits

    def _edit(self, node: cst.CSTNode, kind: str) -> Any:
        start = self.get_metadata(PositionProvider, node).start
        return self.edits.get((start.line, start.column, kind))

    def leave_Name(
        self, original_node: cst.Name, updated_node: cst.Name
    ) -> cst.BaseExpression:
        replacement = self._edit(original_node, "replace")
        if replacement is not None:
            new = parse_argument(replacement[1])
            return new.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        rename = self._edit(original_node, "rename")
        if rename is not None:
            return updated_node.with_changes(value=rename[1])
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        for index, argument in enumerate(original_node.args):
            edit = self._edit(argument, "arguments")
            if edit is None or argument.keyword is not None:
                continue
            _, message, values, gaps = edit
            return updated_node.with_changes(
                args=_with_arguments(updated_node.args, index, message, values, gaps)
            )
        return updated_node


def _with_arguments(
    arguments: Sequence[cst.Arg],
    index: int,
    message: str,
    values: Sequence[str],
    gaps: Sequence[str],
) -> list[cst.Arg]:
    """Replace argument ``index`` by ``message`` followed by ``values``;
    the last new argument keeps the whitespace and comma (and so the
    line break) that followed the old message."""
    old = arguments[index]
    commas = [_comma(gap) for gap in gaps] if gaps else [_comma(" ")] * len(values)
    nothing = cst.SimpleWhitespace("")
    new = [
        old.with_changes(
            value=parse_argument(message),
            comma=commas[0],
            whitespace_after_arg=nothing,
        )
    ]
    for position, value in enumerate(values):
        last = position == len(values) - 1
        new.append(
            cst.Arg(
                value=parse_argument(value),
                comma=old.comma if last else commas[position + 1],
                whitespace_after_arg=old.whitespace_after_arg if last else nothing,
            )
        )
    return [*arguments[:index], *new, *arguments[index + 1 :]]


def _comma(gap: str) -> cst.Comma:
    """Return a comma followed by ``gap``, which may hold line breaks
    and comments, as between the elements of a wrapped tuple."""
    if "\n" not in gap and "\r" not in gap and "#" not in gap:
        return cst.Comma(whitespace_after=cst.SimpleWhitespace(gap))
    parsed = cst.parse_expression(f"(a,{gap}b)")
    assert isinstance(parsed, cst.Tuple)
    comma = parsed.elements[0].comma
    assert isinstance(comma, cst.Comma)
    kept = comma.visit(_KeepIndentation())
    assert isinstance(kept, cst.Comma)
    return kept


def parse_argument(source: str) -> cst.BaseExpression:
    """Parse an expression that may span lines, as it would be inside a
    call's parentheses, without adding parentheses of its own."""
    expression = cst.parse_expression(f"({source})")
    expression = expression.with_changes(
        lpar=expression.lpar[1:], rpar=expression.rpar[:-1]
    )
    # Parsed alone, a continuation line's indentation is all in the
    # whitespace itself; without this libcst would add the indentation
    # of the enclosing block on top of it.
    kept = expression.visit(_KeepIndentation())
    assert isinstance(kept, cst.BaseExpression)
    return kept


class _KeepIndentation(cst.CSTTransformer):
    def leave_EmptyLine(
        self,
        original_node: cst.EmptyLine,
        updated_node: cst.EmptyLine,
    ) -> cst.EmptyLine:
        return updated_node.with_changes(indent=False)

    def leave_ParenthesizedWhitespace(
        self,
        original_node: cst.ParenthesizedWhitespace,
        updated_node: cst.ParenthesizedWhitespace,
    ) -> cst.ParenthesizedWhitespace:
        return updated_node.with_changes(indent=False)
