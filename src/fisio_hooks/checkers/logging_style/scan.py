"""One tree-sitter query that collects every node the checker looks at.

A query costs about the same whatever its patterns are, because the
cost is walking the tree. So all patterns share one query and one walk
per file, and each match is sorted by the capture names it has.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from tree_sitter import QueryCursor

from fisio_hooks.engine.syntax import query

if TYPE_CHECKING:
    from tree_sitter import Node

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

PATTERNS = """
(import_statement name: (dotted_name) @module)
(import_statement
  name: (aliased_import name: (dotted_name) @module alias: (identifier) @alias))
(import_from_statement module_name: (dotted_name) @from name: (dotted_name) @name)
(import_from_statement
  module_name: (dotted_name) @from
  name: (aliased_import name: (dotted_name) @name alias: (identifier) @alias))

(assignment left: (identifier) @assigned right: [(call) (identifier)] @value)
(assignment
  left: (attribute object: (identifier) attribute: (identifier)) @target
  right: [(call) (identifier)] @target_value)

(class_definition name: (identifier) @class_name) @class

((call
  function: (attribute object: (_) @receiver attribute: (identifier) @method)
  arguments: (argument_list) @arguments) @method_call
 (#any-of? @method
   "debug" "info" "warning" "warn" "error" "exception" "critical" "fatal" "log"))

(call
  function: (identifier) @function
  arguments: (argument_list) @function_arguments) @function_call
"""
# The instance logger's last attribute, such as log in self.log.
ATTRIBUTE_PATTERN = (
    '((attribute attribute: (identifier) @attribute) @use (#eq? @attribute "{}"))'
)


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

    def __init__(self) -> None:
        self.imports: list[Import] = []
        self.assignments: list[tuple[Node, Node]] = []
        self.attribute_assignments: list[tuple[Node, Node]] = []
        self.classes: list[tuple[Node, Node]] = []
        self.method_calls: list[MethodCall] = []
        self.function_calls: list[FunctionCall] = []
        self.attribute_uses: list[Node] = []


def scan(root: Node, attribute: str) -> Scan:
    """Collect imports, assignments of calls and names (to a name or to
    an attribute), classes, log method calls, plain function calls and
    uses of ``.attribute``."""
    pattern = PATTERNS
    if attribute.isidentifier():
        pattern += ATTRIBUTE_PATTERN.format(attribute)
    found = Scan()
    for _, captures in QueryCursor(query(pattern)).matches(root):
        _sort(found, captures)
    return found


def _sort(found: Scan, captures: dict[str, list[Node]]) -> None:
    def first(name: str) -> Node:
        return captures[name][0]

    def text_of(name: str) -> str | None:
        nodes = captures.get(name)
        if not nodes or nodes[0].text is None:
            return None
        return nodes[0].text.decode("utf-8", errors="replace").replace(" ", "")

    if "method_call" in captures:
        found.method_calls.append(
            MethodCall(
                first("method_call"),
                first("receiver"),
                first("method"),
                first("arguments"),
            )
        )
    elif "function_call" in captures:
        found.function_calls.append(
            FunctionCall(
                first("function_call"), first("function"), first("function_arguments")
            )
        )
    elif "use" in captures:
        found.attribute_uses.append(first("use"))
    elif "assigned" in captures:
        found.assignments.append((first("assigned"), first("value")))
    elif "target" in captures:
        found.attribute_assignments.append((first("target"), first("target_value")))
    elif "class" in captures:
        found.classes.append((first("class"), first("class_name")))
    else:
        found.imports.append(
            Import(
                text_of("module"), text_of("from"), text_of("name"), text_of("alias")
            )
        )
