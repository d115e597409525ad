"""Whether renaming a local variable is safe, judged on the tree-sitter tree.

The fixer checks the same conditions again with libcst's scope
analysis before it renames anything. This early check decides whether
a finding offers a safe fix at all, and its reason goes in the message.
"""

from __future__ import annotations

import re

from tree_sitter import Node

from fisio_hooks.checkers.subscription_id.bindings import (
    COMPREHENSIONS,
    FUNCTIONS,
    is_case_capture,
    scope_of,
)
from fisio_hooks.engine.syntax import captures, text

# Calls that read a function's variables by name at run time, so a
# renamed variable would silently change what they see.
DYNAMIC_CALLS = frozenset({"locals", "eval", "exec", "_getframe", "currentframe"})
# The same, but only when called without arguments.
DYNAMIC_CALLS_WITHOUT_ARGUMENTS = frozenset({"vars", "dir"})

_IDENTIFIERS = "(identifier) @name"
_DYNAMIC_NAMES = sorted(DYNAMIC_CALLS | DYNAMIC_CALLS_WITHOUT_ARGUMENTS)
_SELF_DOCUMENTING = '(interpolation "=") @interpolation'
_STRING_ANNOTATIONS = "(type (string) @annotation)"


def rename_blocker(scope: Node, old: str, new: str) -> str | None:
    """Return why renaming ``old`` to ``new`` in ``scope`` is unsafe, or
    None when the rename is safe.

    ``scope`` is the function, lambda or comprehension that binds
    ``old``. Nested scopes are inside it, so one pass over its subtree
    covers every place where the new name could collide.
    """
    place = (
        "comprehension"
        if scope.type.endswith(("comprehension", "expression"))
        else "function"
    )
    names = " ".join(f'"{name}"' for name in (old, new, *_DYNAMIC_NAMES))
    pattern = f"((identifier) @name (#any-of? @name {names}))"
    for node in captures(pattern, scope).get("name", []):
        name = text(node)
        if name == new and _is_variable(node):
            return f"`{new}` is already used in this {place}"
        if name == old and is_case_capture(node):
            # libcst's scope analysis does not track case captures, so
            # the fixer could not rename them with the other uses.
            return f"a case pattern binds `{old}`"
        if name == old and _is_walrus_in_comprehension(node):
            # libcst 1.9 binds such a walrus in the comprehension, not in
            # the enclosing function, so it would miss uses after it.
            return f"a walrus in a comprehension binds `{old}`"
        if name == old and _is_other_binding(node, scope):
            return f"`{old}` is also imported or defined by def or class here"
        keyword = _declaration_keyword(node) if name == old else None
        if keyword is not None:
            return f"a nested function declares `{old}` {keyword}"
        if name in DYNAMIC_CALLS and _is_called(node, any_arguments=True):
            return f"the {place} calls {name}()"
        if name in DYNAMIC_CALLS_WITHOUT_ARGUMENTS and _is_called(
            node, any_arguments=False
        ):
            return f"the {place} calls {name}()"
    for node in captures(_STRING_ANNOTATIONS, scope).get("annotation", []):
        if re.search(rf"(?<![\w.]){re.escape(old)}(?!\w)", text(node)):
            return f"a string annotation names `{old}`"
    for node in captures(_SELF_DOCUMENTING, scope).get("interpolation", []):
        expression = node.child_by_field_name("expression")
        if expression is not None and _mentions(expression, old):
            return f"an f-string prints the name `{old}` with `=`"
    return None


def _is_variable(node: Node) -> bool:
    """Return whether an identifier names a variable, not an attribute
    of another object or a keyword argument of a call."""
    parent = node.parent
    if parent is None:
        return True
    if parent.type == "attribute":
        return parent.child_by_field_name("attribute") != node
    if parent.type == "keyword_argument":
        return parent.child_by_field_name("name") != node
    return True


def _is_walrus_in_comprehension(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type != "named_expression":
        return False
    if parent.child_by_field_name("name") != node:
        return False
    current = parent.parent
    while current is not None and current.type not in FUNCTIONS:
        if current.type in COMPREHENSIONS:
            return True
        current = current.parent
    return False


def _is_other_binding(node: Node, scope: Node) -> bool:
    """Return whether ``node`` binds its name in ``scope`` by an import or
    a ``def`` or ``class``, which a rename of the variable would miss."""
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("function_definition", "class_definition"):
        return parent.child_by_field_name("name") == node and scope_of(parent) == scope
    statement = _import_binding(node, parent)
    return statement is not None and scope_of(statement) == scope


def _import_binding(node: Node, parent: Node) -> Node | None:
    """Return the import statement that binds ``node``'s name, if any:
    the alias of ``import a.b as c``, the first name of ``import a.b``
    or an imported name of ``from m import x``."""
    if parent.type == "aliased_import":
        if parent.child_by_field_name("alias") != node:
            return None
        return parent.parent
    if parent.type != "dotted_name" or parent.parent is None:
        return None
    holder = parent.parent
    if holder.type == "import_statement":
        return holder if parent.named_children[0] == node else None
    if holder.type == "import_from_statement":
        return None if holder.child_by_field_name("module_name") == parent else holder
    return None


def _declaration_keyword(node: Node) -> str | None:
    """Return ``global`` or ``nonlocal`` when ``node`` is declared so."""
    parent = node.parent
    if parent is None or parent.type not in ("global_statement", "nonlocal_statement"):
        return None
    return parent.type.partition("_")[0]


def _is_called(node: Node, any_arguments: bool) -> bool:
    """Return whether ``node`` is the function of a call, bare (``locals()``) or
    as the last part of an attribute (``sys._getframe()``)."""
    callee = node
    parent = node.parent
    if parent is not None and parent.type == "attribute":
        if parent.child_by_field_name("attribute") != node:
            return False
        callee, parent = parent, parent.parent
    if (
        parent is None
        or parent.type != "call"
        or parent.child_by_field_name("function") != callee
    ):
        return False
    if any_arguments:
        return True
    arguments = parent.child_by_field_name("arguments")
    return arguments is None or arguments.named_child_count == 0


def _mentions(expression: Node, name: str) -> bool:
    return any(
        text(node) == name and _is_variable(node)
        for node in captures(_IDENTIFIERS, expression).get("name", [])
    ) or (expression.type == "identifier" and text(expression) == name)
