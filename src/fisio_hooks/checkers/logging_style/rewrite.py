"""FIS404 fixes: eager log messages rewritten as %-style messages.

Each builder returns the fix for one way of formatting (f-string, the
``%`` operator, ``+``, ``str.format()``) when the rewrite to a %-style
message and its arguments is exact, and None otherwise. The fix data is
the new message's source, the arguments' sources and the whitespace to
keep before each argument.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from typing import TYPE_CHECKING

from fisio_hooks.checkers.logging_style.printf import (
    Field,
    Piece,
    StringPart,
    printf_message,
)
from fisio_hooks.checkers.logging_style.strings import (
    argument_source,
    interpolation_nodes,
    is_fstring,
    is_plain_literal,
    literal_text,
    literal_value,
    part_separators,
    prefix_and_quote,
    source_between,
    start_column,
    string_parts,
    unparenthesized,
    without_letters,
)
from fisio_hooks.engine.findings import Fix
from fisio_hooks.engine.syntax import text

if TYPE_CHECKING:
    import ast

    from tree_sitter import Node


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


def arguments_fix(
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
        _, comma, rest = source_between(before, after).partition(",")
        gaps.append(rest if comma and rest else " ")
    wrapped = any("\n" in gap for gap in gaps)
    if not wrapped or any("#" in gap for gap in gaps):
        return tuple(gaps)
    newline = "\r\n" if any("\r\n" in gap for gap in gaps) else "\n"
    indent = " " * start_column(message_argument)
    return tuple(newline + indent for _ in gaps)


# f-strings


def fstring_fix(node: Node) -> Fix | None:
    parts = []
    for string in string_parts(node):
        part = _fstring_part(string) if is_fstring(string) else _plain_part(string)
        if part is None:
            return None
        parts.append(part)
    converted = printf_message(parts, part_separators(node))
    if converted is None:
        return None
    return arguments_fix(*converted)


def _fstring_part(string: Node) -> StringPart | None:
    import ast

    prefix, quote = prefix_and_quote(string)
    try:
        tree = ast.parse(text(string), mode="eval")
    except SyntaxError:
        # Newer f-string syntax than this interpreter parses.
        return None
    joined = tree.body
    if not isinstance(joined, ast.JoinedStr):
        return None
    interpolations = interpolation_nodes(string)
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
    return StringPart(without_letters(prefix, "fF"), quote, tuple(pieces))


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
    prefix, quote = prefix_and_quote(string)
    value = literal_value(string)
    if value is None:
        return None
    return StringPart(prefix, quote, (value,))


# The % operator


def percent_fix(node: Node, message_argument: Node) -> Fix | None:
    left = node.child_by_field_name("left")
    right = node.child_by_field_name("right")
    if left is None or right is None or not is_plain_literal(left):
        return None
    message = text(left)
    value = unparenthesized(right)
    if value.type == "tuple":
        elements = [child for child in value.named_children if child.type != "comment"]
        if not elements or any(child.type == "list_splat" for child in elements):
            return None
        arguments = tuple(argument_source(e) for e in elements)
        return arguments_fix(message, arguments, gaps=_gaps(elements, message_argument))
    if value.type == "dictionary":
        # logging treats a single non-empty mapping argument as the
        # mapping for %(key)s fields, as the % operator does.
        if not value.named_children:
            return None
        return arguments_fix(message, (text(value),))
    if _count_specifiers(literal_text(left)) != 1:
        return None  # the value must be a tuple or a mapping to fill them
    safe = value.type in NON_TUPLE_TYPES
    return arguments_fix(message, (argument_source(value),), safe)


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


def concatenation_fix(
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
            for string in string_parts(operand):
                part = (
                    _fstring_part(string) if is_fstring(string) else _plain_part(string)
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
    return arguments_fix(*converted)


def _concatenation_operands(node: Node) -> list[Node]:
    """Return the operands of a ``+`` chain in source order, walking it
    with a stack because a generated chain can be thousands long."""
    operands = []
    pending = [node]
    while pending:
        current = unparenthesized(pending.pop())
        left = current.child_by_field_name("left")
        right = current.child_by_field_name("right")
        if (
            current.type == "binary_operator"
            and text(current.child_by_field_name("operator")) == "+"
            and left is not None
            and right is not None
        ):
            pending += [right, left]
        else:
            operands.append(current)
    return operands


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
    if not is_plain_literal(unparenthesized(receiver)):
        return None
    return Field(argument_source(node))


# str.format()


def format_fix(call: Node, message_argument: Node) -> Fix | None:
    import string as string_module

    function = call.child_by_field_name("function")
    receiver = function.child_by_field_name("object") if function else None
    arguments = call.child_by_field_name("arguments")
    if receiver is None or arguments is None:
        return None
    receiver = unparenthesized(receiver)
    if not is_plain_literal(receiver):
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
    for string in string_parts(receiver):
        prefix, quote = prefix_and_quote(string)
        value = literal_value(string)
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
    converted = printf_message(parts, part_separators(receiver))
    if converted is None:
        return None
    in_order = used == list(range(len(order)))
    gaps = _gaps(children, message_argument) if in_order else ()
    return arguments_fix(*converted, gaps=gaps)


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


def _count_specifiers(message: str | None) -> int | None:
    """Return how many values a %-style message takes, ignoring ``%%``."""
    if message is None:
        return None
    found = re.findall(PRINTF_SPECIFIER, message)
    return sum(1 for specifier in found if specifier != "%%")
