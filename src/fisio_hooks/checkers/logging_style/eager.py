"""FIS404: log messages formatted before the logger is called.

Finds the message argument of a log call and classifies how it was
formatted (f-string, ``%`` operator, ``str.format()``, ``+``). The fix,
when the rewrite to a %-style message with arguments is exact, comes
from ``rewrite``.
"""

from collections.abc import Callable
from typing import NamedTuple

from tree_sitter import Node

from fisio_hooks.checkers.logging_style.rewrite import (
    concatenation_fix,
    format_fix,
    fstring_fix,
    percent_fix,
)
from fisio_hooks.checkers.logging_style.strings import (
    interpolation_nodes,
    is_constant_concatenation,
    is_fstring,
    string_parts,
    unparenthesized,
)
from fisio_hooks.engine.findings import Fix
from fisio_hooks.engine.syntax import text, walk


class Message(NamedTuple):
    """The message argument of a log call; ``alone`` is true when it is
    positional and no positional argument follows it."""

    node: Node
    alone: bool


class EagerFormatting(NamedTuple):
    """The kind of eager formatting of a message, and its fix when the
    rewrite is exact."""

    how: str
    fix: Fix | None


def find_message(arguments: Node, method: str) -> Message | None:
    """Return the message argument: the first positional argument, the
    second for ``log()``, or the ``msg=`` keyword."""
    index = 1 if method == "log" else 0
    positional: list[Node] = []
    keyword = None
    starred = False
    for child in arguments.named_children:
        if child.type == "comment":
            continue
        if child.type == "keyword_argument":
            if text(child.child_by_field_name("name")) == "msg":
                keyword = child.child_by_field_name("value")
        elif child.type == "list_splat":
            if len(positional) <= index:
                return None
            starred = True
        elif child.type != "dictionary_splat":
            positional.append(child)
    if len(positional) > index:
        alone = len(positional) == index + 1 and not starred
        return Message(positional[index], alone)
    if keyword is not None:
        return Message(keyword, False)
    return None


def eager_formatting(
    message: Message,
    is_builtin: Callable[[str, Node], bool],
) -> EagerFormatting | None:
    """Return how the message was formatted eagerly, or None when it is
    a plain message. ``is_builtin(name, node)`` returns whether ``name``
    at ``node`` is the built-in function (``str`` not rebound).

    A fix that would drop a comment written inside the message (after
    ``.format(``, inside a tuple) is not offered.
    """
    eager = _classify(message, is_builtin)
    if eager is None or eager.fix is None:
        return eager
    if not _keeps_comments(message.node, eager.fix):
        return eager._replace(fix=None)
    return eager


def _keeps_comments(node: Node, fix: Fix) -> bool:
    _, message, _, gaps = fix.data
    kept = message + "".join(gaps)
    return all(
        text(comment) in kept for comment in walk(node) if comment.type == "comment"
    )


def _classify(
    message: Message,
    is_builtin: Callable[[str, Node], bool],
) -> EagerFormatting | None:
    node = unparenthesized(message.node)
    if node.type in ("string", "concatenated_string"):
        if not any(
            is_fstring(part) and interpolation_nodes(part)
            for part in string_parts(node)
        ):
            return None
        fix = fstring_fix(node) if message.alone else None
        return EagerFormatting("an f-string", fix)
    if node.type == "binary_operator":
        operator = text(node.child_by_field_name("operator"))
        if operator == "%":
            fix = percent_fix(node, message.node) if message.alone else None
            return EagerFormatting("the % operator", fix)
        if operator == "+" and not is_constant_concatenation(node):
            fix = concatenation_fix(node, is_builtin) if message.alone else None
            return EagerFormatting("+ concatenation", fix)
        return None
    if node.type == "call":
        function = node.child_by_field_name("function")
        if (
            function is not None
            and function.type == "attribute"
            and (text(function.child_by_field_name("attribute")) == "format")
        ):
            fix = format_fix(node, message.node) if message.alone else None
            return EagerFormatting("str.format()", fix)
    return None
