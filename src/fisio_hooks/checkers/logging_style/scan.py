"""The nodes of one file that the logging rules look at.

Imports, assignments and classes are statements, so a walk over
statements finds them without entering any expression. Calls and
attribute uses can sit in any expression, so they are found by their
names: a search of the source text for a logger method, ``print`` or
the instance logger's attribute, then a look-up of the node at each hit.
Both cost a fraction of a tree-sitter query, whose compilation alone
took about 10 ms per process.
"""

from collections.abc import Iterable
from typing import NamedTuple

from tree_sitter import Node

from fisio_hooks.engine.syntax import statements, text, tokens

# Logger methods that emit a record; the message is the first argument,
# except for log(), whose first argument is the level.
LOG_METHODS = frozenset(
    {
        "debug",
        "info",
        "warning",
        "warn",
        "error",
        "exception",
        "critical",
        "fatal",
        "log",
    }
)
LOG_METHOD_WORDS = tuple(method.encode() for method in sorted(LOG_METHODS))
# The statements that scan() reads.
SCANNED_TYPES = frozenset(
    {
        "expression_statement",
        "class_definition",
        "import_statement",
        "import_from_statement",
    }
)
# Assigned values that can be a logger: a getLogger() call or a name.
LOGGER_VALUE_TYPES = frozenset({"call", "identifier"})


class Import(NamedTuple):
    """``import module as alias`` or ``from origin import name as alias``."""

    module: str | None
    origin: str | None
    name: str | None
    alias: str | None


class MethodCall(NamedTuple):
    call: Node
    receiver: Node
    method: Node
    arguments: Node


class FunctionCall(NamedTuple):
    call: Node
    function: Node
    arguments: Node


class Scan:
    """The nodes of one file, by kind, in source order."""

    def __init__(self, root: Node, data: bytes) -> None:
        self.root = root
        self.data = data
        self.imports: list[Import] = []
        # (name, value) of `name = value` and (target, value) of
        # `instance.attribute = value`, where value is a call or a name.
        self.assignments: list[tuple[Node, Node]] = []
        self.attribute_assignments: list[tuple[Node, Node]] = []
        self.classes: list[tuple[Node, Node]] = []

    def method_calls(self) -> list[MethodCall]:
        """Return the calls of a logger method on any object:
        ``x.info(...)``, ``self.log.warning(...)``."""
        found = []
        for method in tokens(self.root, self.data, LOG_METHOD_WORDS):
            attribute = method.parent
            if attribute is None or attribute.type != "attribute":
                continue
            called = _called(attribute)
            receiver = attribute.child_by_field_name("object")
            if called is None or receiver is None or not _is_field(method, "attribute"):
                continue
            call, arguments = called
            found.append(MethodCall(call, receiver, method, arguments))
        return found

    def function_calls(self, names: Iterable[str]) -> list[FunctionCall]:
        """Return the calls of a plain name among ``names``: ``print(...)``."""
        expected = frozenset(names)
        if not expected:
            return []
        found = []
        for function in tokens(
            self.root, self.data, [name.encode() for name in expected]
        ):
            called = _called(function)
            if called is not None and function.type == "identifier":
                found.append(FunctionCall(called[0], function, called[1]))
        return found

    def attribute_uses(self, attribute: str) -> list[Node]:
        """Return every ``<object>.<attribute>`` node."""
        if not attribute.isidentifier():
            return []
        uses = []
        for name in tokens(self.root, self.data, [attribute.encode()]):
            parent = name.parent
            if (
                parent is not None
                and parent.type == "attribute"
                and _is_field(name, "attribute")
            ):
                uses.append(parent)
        return uses


def scan(root: Node, data: bytes) -> Scan:
    """Collect the imports, assignments of calls and names (to a name or
    to an attribute of a name) and classes of the module at ``root``,
    whose source is ``data``."""
    found = Scan(root, data)
    for node in statements(root, SCANNED_TYPES):
        kind = node.type
        if kind == "expression_statement":
            for child in node.named_children:
                _add_assignments(found, child)
        elif kind == "class_definition":
            name = node.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                found.classes.append((node, name))
        elif kind == "import_statement":
            found.imports.extend(_plain_imports(node))
        elif kind == "import_from_statement":
            found.imports.extend(_from_imports(node))
    return found


def _add_assignments(found: Scan, node: Node) -> None:
    """Record ``node`` and the assignments chained to it (``a = b = c``)."""
    while node.type == "assignment":
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return
        if right.type in LOGGER_VALUE_TYPES:
            if left.type == "identifier":
                found.assignments.append((left, right))
            elif left.type == "attribute" and _is_simple_attribute(left):
                found.attribute_assignments.append((left, right))
        node = right


def _is_simple_attribute(node: Node) -> bool:
    value = node.child_by_field_name("object")
    attribute = node.child_by_field_name("attribute")
    return (
        value is not None
        and value.type == "identifier"
        and attribute is not None
        and attribute.type == "identifier"
    )


def _plain_imports(statement: Node) -> Iterable[Import]:
    for name in statement.children_by_field_name("name"):
        if name.type == "dotted_name":
            yield Import(_dotted(name), None, None, None)
        elif name.type == "aliased_import":
            module, alias = _aliased(name)
            if module is not None and alias is not None:
                yield Import(module, None, None, alias)


def _from_imports(statement: Node) -> Iterable[Import]:
    origin = statement.child_by_field_name("module_name")
    if origin is None or origin.type != "dotted_name":
        return  # a relative import: not the logging module
    module = _dotted(origin)
    for name in statement.children_by_field_name("name"):
        if name.type == "dotted_name":
            yield Import(None, module, _dotted(name), None)
        elif name.type == "aliased_import":
            imported, alias = _aliased(name)
            if imported is not None and alias is not None:
                yield Import(None, module, imported, alias)


def _aliased(node: Node) -> tuple[str | None, str | None]:
    name = node.child_by_field_name("name")
    alias = node.child_by_field_name("alias")
    if name is None or name.type != "dotted_name":
        return None, None
    if alias is None or alias.type != "identifier":
        return None, None
    return _dotted(name), text(alias)


def _dotted(node: Node) -> str:
    return "".join(text(node).split())


def _called(function: Node) -> tuple[Node, Node] | None:
    """Return the call whose function is ``function`` and its argument
    list, or None when it is not called with one."""
    call = function.parent
    if call is None or call.type != "call" or not _is_field(function, "function"):
        return None
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return None  # a generator argument, f(x for x in y)
    return call, arguments


def _is_field(node: Node, field: str) -> bool:
    """Return whether ``node`` is its parent's child named ``field``."""
    parent = node.parent
    if parent is None:
        return False
    return parent.child_by_field_name(field) == node
