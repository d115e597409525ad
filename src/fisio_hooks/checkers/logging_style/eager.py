"""FIS404: log messages formatted before the logger is called.

Finds the message argument of a log call, classifies how it was formatted
(f-string, ``%`` operator, ``str.format()``, ``+``) and, when the
rewrite to a %-style message with arguments is exact, builds the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

from fisio_hooks.checkers.logging_style.printf import (
    Field,
    Piece,
    StringPart,
    printf_message,
)
from fisio_hooks.engine.findings import Fix
from fisio_hooks.engine.syntax import text, walk

if TYPE_CHECKING:
    import ast

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
# Values that are never a tuple, so `"%s" % value` and logging's
# `"%s" % (value,)` format them the same way.
NON_TUPLE_TYPES = frozenset(
    {
        "string",
        "concatenated_string",
        "integer",
        "float",
        "true",
        "false",
        "none",
        "list",
        "set",
        "list_comprehension",
        "set_comprehension",
        "unary_operator",
    }
)
# A %-style conversion specifier, as the % operator reads it.
PRINTF_SPECIFIER = (
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[diouxXeEfFgGcrsa%]"
)
# Expressions whose value is the same however often and in whatever
# order they are evaluated, so str.format() fields may reorder them.
PURE_TYPES = frozenset(
    {"identifier", "string", "integer", "float", "true", "false", "none"}
)


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
            _is_fstring(part) and _interpolations(part) for part in _parts(node)
        ):
            return None
        fix = _fstring_fix(node) if message.alone else None
        return EagerFormatting("an f-string", fix)
    if node.type == "binary_operator":
        operator = text(node.child_by_field_name("operator"))
        if operator == "%":
            fix = _percent_fix(node, message.node) if message.alone else None
            return EagerFormatting("the % operator", fix)
        if operator == "+" and not _is_constant_concatenation(node):
            fix = _concatenation_fix(node, is_builtin) if message.alone else None
            return EagerFormatting("+ concatenation", fix)
        return None
    if node.type == "call":
        function = node.child_by_field_name("function")
        if (
            function is not None
            and function.type == "attribute"
            and (text(function.child_by_field_name("attribute")) == "format")
        ):
            fix = _format_fix(node, message.node) if message.alone else None
            return EagerFormatting("str.format()", fix)
    return None


def _arguments_fix(
    message: str,
    arguments: tuple[str, ...],
    safe: bool = True,
    gaps: tuple[str, ...] = (),
) -> Fix:
    """Build the fix; ``gaps`` is the whitespace (line breaks, comments)
    to keep before each argument, as the original tuple or format()
    call had it, or empty for ", " everywhere."""
    description = "pass the values as arguments: " + ", ".join((message, *arguments))
    if not safe:
        description += " (unsafe: a tuple value would be formatted differently)"
    return Fix(safe, description, ("arguments", message, arguments, gaps))


def _gaps(values: list[Node], message_argument: Node) -> tuple[str, ...]:
    """Return the text to put after the comma before each new argument.

    Values written on one line stay on one line. Values that were
    wrapped over several lines go one a line, aligned with
    ``message_argument``, unless comments sit between them, which are
    kept where they were.
    """
    gaps = [" "]
    for before, after in pairwise(values):
        _, comma, rest = _between(before, after).partition(",")
        gaps.append(rest if comma and rest else " ")
    wrapped = any("\n" in gap for gap in gaps)
    if not wrapped or any("#" in gap for gap in gaps):
        return tuple(gaps)
    newline = "\r\n" if any("\r\n" in gap for gap in gaps) else "\n"
    indent = " " * _column(message_argument)
    return tuple(newline + indent for _ in gaps)


def _column(node: Node) -> int:
    """Return the 0-based character column where ``node`` starts."""
    root = node
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    line_start = data.rfind(b"\n", 0, node.start_byte) + 1
    return len(data[line_start : node.start_byte].decode("utf-8", errors="replace"))


# f-strings


def _fstring_fix(node: Node) -> Fix | None:
    parts = []
    for string in _parts(node):
        part = _fstring_part(string) if _is_fstring(string) else _plain_part(string)
        if part is None:
            return None
        parts.append(part)
    converted = printf_message(parts, _separators(node))
    if converted is None:
        return None
    return _arguments_fix(*converted)


def _fstring_part(string: Node) -> StringPart | None:
    import ast

    prefix, quote = _prefix_and_quote(string)
    try:
        tree = ast.parse(text(string), mode="eval")
    except SyntaxError:
        # Newer f-string syntax than this interpreter parses.
        return None
    joined = tree.body
    if not isinstance(joined, ast.JoinedStr):
        return None
    interpolations = _interpolations(string)
    values = [value for value in joined.values if isinstance(value, ast.FormattedValue)]
    if len(values) != len(interpolations):
        return None
    pieces: list[Piece] = []
    fields = iter(zip(values, interpolations, strict=True))
    for value in joined.values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            pieces.append(value.value)
            continue
        formatted, interpolation = next(fields)
        field = _fstring_field(formatted, interpolation)
        if field is None:
            return None
        pieces.append(field)
    return StringPart(_without(prefix, "fF"), quote, tuple(pieces))


def _fstring_field(formatted: ast.FormattedValue, interpolation: Node) -> Field | None:
    import ast

    expression = interpolation.child_by_field_name("expression")
    # tree-sitter reads {x:=1} as a walrus; Python reads format spec '=1'.
    if expression is None or expression.type == "named_expression":
        return None
    spec = ""
    if formatted.format_spec is not None:
        if not isinstance(formatted.format_spec, ast.JoinedStr):
            return None
        constants = formatted.format_spec.values
        if not all(
            isinstance(c, ast.Constant) and isinstance(c.value, str) for c in constants
        ):
            return None  # a nested replacement field such as {x:{width}}
        spec = "".join(str(c.value) for c in constants if isinstance(c, ast.Constant))
    conversion = chr(formatted.conversion) if formatted.conversion != -1 else None
    return Field(argument_source(expression), conversion, spec)


def _plain_part(string: Node) -> StringPart | None:
    prefix, quote = _prefix_and_quote(string)
    value = _literal_value(string)
    if value is None:
        return None
    return StringPart(prefix, quote, (value,))


# The % operator


def _percent_fix(node: Node, message_argument: Node) -> Fix | None:
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None or not _is_plain_literal(left):
        return None
    message = text(left)
    value = unparenthesized(right)
    if value.type == "tuple":
        elements = [child for child in value.named_children if child.type != "comment"]
        if not elements or any(child.type == "list_splat" for child in elements):
            return None
        arguments = tuple(argument_source(e) for e in elements)
        return _arguments_fix(
            message, arguments, gaps=_gaps(elements, message_argument)
        )
    if value.type == "dictionary":
        # logging treats a single non-empty mapping argument as the
        # mapping for %(key)s fields, as the % operator does.
        if not value.named_children:
            return None
        return _arguments_fix(message, (text(value),))
    if _count_specifiers(_literal_text(left)) != 1:
        return None  # the value must be a tuple or a mapping to fill them
    safe = value.type in NON_TUPLE_TYPES
    return _arguments_fix(message, (argument_source(value),), safe)


# + concatenation

# Built-in functions whose result in a + chain is what a %-style
# conversion gives for their argument.
CONVERSION_FUNCTIONS = {"str": "s", "repr": "r", "ascii": "a"}
# Methods that return a str when called on a str literal, as in
# "\n".join(lines); %s formats their result unchanged.
STR_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "center",
        "expandtabs",
        "format",
        "format_map",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "replace",
        "rjust",
        "rstrip",
        "strip",
        "swapcase",
        "title",
        "upper",
        "zfill",
    }
)


def _concatenation_fix(
    node: Node,
    is_builtin: Callable[[str, Node], bool],
) -> Fix | None:
    """Build the fix for a + chain of string literals, ``str(x)``,
    ``repr(x)`` or ``ascii(x)`` calls and str methods called on a
    literal (``", ".join(names)``), joined into one literal.

    Any other operand gets no fix: ``"a" + x`` raises TypeError for a
    value that is not a str, and an object's ``__radd__`` could return
    anything, where ``"a%s"`` would format it.
    """
    pieces: list[Piece] = []
    style: tuple[str, str] | None = None
    for operand in _concatenation_operands(node):
        if operand.type in ("string", "concatenated_string"):
            for string in _parts(operand):
                part = (
                    _fstring_part(string)
                    if _is_fstring(string)
                    else _plain_part(string)
                )
                if part is None:
                    return None
                style = style or (part.prefix, part.quote)
                pieces.extend(part.pieces)
            continue
        field = _conversion_call(operand, is_builtin) or _string_method_call(operand)
        if field is None:
            return None
        pieces.append(field)
    prefix, quote = style or ("", '"')
    converted = printf_message([StringPart(prefix, quote, tuple(pieces))], [])
    if converted is None:
        return None
    return _arguments_fix(*converted)


def _concatenation_operands(node: Node) -> list[Node]:
    node = unparenthesized(node)
    if (
        node.type == "binary_operator"
        and text(node.child_by_field_name("operator")) == "+"
    ):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is not None and right is not None:
            return [*_concatenation_operands(left), *_concatenation_operands(right)]
    return [node]


def _conversion_call(
    node: Node, is_builtin: Callable[[str, Node], bool]
) -> Field | None:
    """Return the field for ``str(x)``, ``repr(x)`` or ``ascii(x)``."""
    if node.type != "call":
        return None
    function = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if function is None or arguments is None or function.type != "identifier":
        return None
    conversion = CONVERSION_FUNCTIONS.get(text(function))
    values = [child for child in arguments.named_children if child.type != "comment"]
    if conversion is None or len(values) != 1 or not is_builtin(text(function), node):
        return None
    value = values[0]
    if value.type in ("keyword_argument", "list_splat", "dictionary_splat"):
        return None
    return Field(argument_source(value), conversion)


def _string_method_call(node: Node) -> Field | None:
    """Return a ``%s`` field for a str method called on a literal."""
    if node.type != "call":
        return None
    function = node.child_by_field_name("function")
    if function is None or function.type != "attribute":
        return None
    receiver = function.child_by_field_name("object")
    method = text(function.child_by_field_name("attribute"))
    if receiver is None or method not in STR_METHODS:
        return None
    if not _is_plain_literal(unparenthesized(receiver)):
        return None
    return Field(argument_source(node))


# str.format()


def _format_fix(call: Node, message_argument: Node) -> Fix | None:
    import string as string_module

    function = call.child_by_field_name("function")
    receiver = function.child_by_field_name("object") if function else None
    arguments = call.child_by_field_name("arguments")
    if receiver is None or arguments is None:
        return None
    receiver = unparenthesized(receiver)
    if not _is_plain_literal(receiver):
        return None
    supplied = _format_arguments(arguments)
    if supplied is None:
        return None
    positional, keywords, order, children = supplied

    parts = []
    used: list[int] = []
    automatic = 0
    manual = False
    formatter = string_module.Formatter()
    for string in _parts(receiver):
        prefix, quote = _prefix_and_quote(string)
        value = _literal_value(string)
        if value is None:
            return None
        pieces: list[Piece] = []
        try:
            parsed = list(formatter.parse(value))
        except ValueError:
            return None
        for literal, name, spec, conversion in parsed:
            if literal:
                pieces.append(literal)
            if name is None:
                continue
            if spec and "{" in spec:
                return None
            if name == "":
                if manual:
                    return None
                argument = (
                    positional[automatic] if automatic < len(positional) else None
                )
                automatic += 1
            elif name.isdigit():
                manual = True
                index = int(name)
                argument = positional[index] if index < len(positional) else None
            elif name.isidentifier():
                argument = keywords.get(name)
            else:
                return None  # attribute or index access: {user.name}, {row[0]}
            if argument is None or (automatic and manual):
                return None
            used.append(order.index(argument.id))
            pieces.append(Field(argument_source(argument), conversion, spec or ""))
        parts.append(StringPart(prefix, quote, tuple(pieces)))

    if not _same_evaluation(used, order, positional, keywords):
        return None
    converted = printf_message(parts, _separators(receiver))
    if converted is None:
        return None
    in_order = used == list(range(len(order)))
    gaps = _gaps(children, message_argument) if in_order else ()
    return _arguments_fix(*converted, gaps=gaps)


def _format_arguments(
    arguments: Node,
) -> tuple[list[Node], dict[str, Node], list[int], list[Node]] | None:
    """Return the positional and keyword arguments of a format() call,
    the ids of their values in source order and the argument nodes
    themselves, or None for ``*args`` and ``**kwargs``."""
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    order: list[int] = []
    children: list[Node] = []
    for child in arguments.named_children:
        if child.type == "comment":
            continue
        if child.type in ("list_splat", "dictionary_splat"):
            return None
        children.append(child)
        if child.type == "keyword_argument":
            value = child.child_by_field_name("value")
            if value is None:
                return None
            keywords[text(child.child_by_field_name("name"))] = value
            order.append(value.id)
        else:
            positional.append(child)
            order.append(child.id)
    return positional, keywords, order, children


def _same_evaluation(
    used: list[int],
    order: list[int],
    positional: list[Node],
    keywords: dict[str, Node],
) -> bool:
    """Return whether passing the used arguments in field order evaluates the
    same expressions as the format() call: each once, in source order,
    or else only expressions that give the same value every time."""
    if used == list(range(len(order))):
        return True
    return all(node.type in PURE_TYPES for node in [*positional, *keywords.values()])


# Helpers over string nodes


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


def _parts(node: Node) -> list[Node]:
    if node.type == "concatenated_string":
        return [child for child in node.named_children if child.type == "string"]
    return [node]


def _separators(node: Node) -> list[str]:
    parts = _parts(node)
    return [_between(before, after) for before, after in pairwise(parts)]


def _between(before: Node, after: Node) -> str:
    root = before
    while root.parent is not None:
        root = root.parent
    data = root.text or b""
    return data[before.end_byte : after.start_byte].decode("utf-8", errors="replace")


def _prefix_and_quote(string: Node) -> tuple[str, str]:
    start = text(string.child(0))
    prefix = start.rstrip("'\"")
    return prefix, start[len(prefix) :]


def _is_fstring(string: Node) -> bool:
    return "f" in _prefix_and_quote(string)[0].lower()


def _interpolations(string: Node) -> list[Node]:
    return [child for child in string.named_children if child.type == "interpolation"]


def _is_plain_literal(node: Node) -> bool:
    """Return whether ``node`` is a str literal without f, t or b prefix."""
    if node.type not in ("string", "concatenated_string"):
        return False
    for part in _parts(node):
        prefix = _prefix_and_quote(part)[0].lower()
        if "f" in prefix or "b" in prefix or "t" in prefix:
            return False
    return True


def _is_constant_concatenation(node: Node) -> bool:
    """Return whether a ``+`` chain only joins literals without fields."""
    node = unparenthesized(node)
    if (
        node.type == "binary_operator"
        and text(node.child_by_field_name("operator")) == "+"
    ):
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return False
        return _is_constant_concatenation(left) and _is_constant_concatenation(right)
    if node.type not in ("string", "concatenated_string"):
        return False
    return not any(_interpolations(part) for part in _parts(node))


def _count_specifiers(message: str | None) -> int | None:
    """Return how many values a %-style message takes, ignoring ``%%``."""
    if message is None:
        return None
    found = re.findall(PRINTF_SPECIFIER, message)
    return sum(1 for specifier in found if specifier != "%%")


def _literal_text(node: Node) -> str | None:
    values = [_literal_value(part) for part in _parts(node)]
    if any(value is None for value in values):
        return None
    return "".join(value for value in values if value is not None)


def _literal_value(string: Node) -> str | None:
    import ast

    try:
        value = ast.literal_eval(text(string))
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None


def _without(prefix: str, letters: str) -> str:
    return "".join(char for char in prefix if char not in letters)
