"""Helpers over tree-sitter string nodes and expressions: the parts of
an implicitly concatenated literal, their prefixes, quotes and values,
and expressions written as call arguments."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from fisio_hooks.engine.syntax import text

if TYPE_CHECKING:
    from tree_sitter import Node


# Expressions that stay one argument when written bare in a call's
# argument list; anything else (a, b or lambda: x) is parenthesized.
BARE_ARGUMENT_TYPES = frozenset(
    {
        "identifier",
        "attribute",
        "call",
        "subscript",
        "string",
        "concatenated_string",
        "integer",
        "float",
        "true",
        "false",
        "none",
        "ellipsis",
        "list",
        "dictionary",
        "set",
        "tuple",
        "list_comprehension",
        "dictionary_comprehension",
        "set_comprehension",
        "generator_expression",
        "parenthesized_expression",
        "binary_operator",
        "unary_operator",
        "comparison_operator",
        "not_operator",
        "boolean_operator",
        "conditional_expression",
        "await",
    }
)


def argument_source(expression: Node) -> str:
    """Return the source of an expression as one call argument."""
    source = text(expression)
    if expression.type in BARE_ARGUMENT_TYPES:
        return source
    return f"({source})"


def unparenthesized(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def string_parts(node: Node) -> list[Node]:
    if node.type == "concatenated_string":
        return [child for child in node.named_children if child.type == "string"]
    return [node]


def part_separators(node: Node) -> list[str]:
    parts = string_parts(node)
    return [source_between(before, after) for before, after in pairwise(parts)]


def source_between(before: Node, after: Node) -> str:
    root = before
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    return data[before.end_byte : after.start_byte].decode("utf-8", errors="replace")


def prefix_and_quote(string: Node) -> tuple[str, str]:
    start = text(string.child(0))
    prefix = start.rstrip("'\"")
    return prefix, start[len(prefix) :]


def is_fstring(string: Node) -> bool:
    return "f" in prefix_and_quote(string)[0].lower()


def interpolation_nodes(string: Node) -> list[Node]:
    return [child for child in string.named_children if child.type == "interpolation"]


def is_plain_literal(node: Node) -> bool:
    """Return whether ``node`` is a str literal without f, t or b prefix."""
    if node.type not in ("string", "concatenated_string"):
        return False
    for part in string_parts(node):
        prefix = prefix_and_quote(part)[0].lower()
        if "f" in prefix or "b" in prefix or "t" in prefix:
            return False
    return True


def is_constant_concatenation(node: Node) -> bool:
    """Return whether a ``+`` chain only joins literals without fields.

    The chain is walked with a stack rather than recursion, because a
    generated message can join thousands of operands.
    """
    pending = [node]
    while pending:
        current = unparenthesized(pending.pop())
        if (
            current.type == "binary_operator"
            and text(current.child_by_field_name("operator")) == "+"
        ):
            left = current.child_by_field_name("left")
            right = current.child_by_field_name("right")
            if left is None or right is None:
                return False
            pending += [left, right]
        elif not _is_plain_literal(current):
            return False
    return True


def _is_plain_literal(node: Node) -> bool:
    if node.type not in ("string", "concatenated_string"):
        return False
    return not any(interpolation_nodes(part) for part in string_parts(node))


def literal_text(node: Node) -> str | None:
    values = [literal_value(part) for part in string_parts(node)]
    if any(value is None for value in values):
        return None
    return "".join(value for value in values if value is not None)


def literal_value(string: Node) -> str | None:
    import ast

    try:
        value = ast.literal_eval(text(string))
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def without_letters(prefix: str, letters: str) -> str:
    return "".join(char for char in prefix if char not in letters)


def start_column(node: Node) -> int:
    """Return the 0-based character column where ``node`` starts."""
    root = node
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    line_start = data.rfind(b"\n", 0, node.start_byte) + 1
    return len(data[line_start : node.start_byte].decode("utf-8", errors="replace"))
