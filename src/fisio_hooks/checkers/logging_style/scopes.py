"""Where a node sits: its enclosing functions, method and class.

This models Python scoping as far as the logging rules need it. A
function's body is a scope, but its default values, annotations and
decorators run in the enclosing scope. A class body is a scope that the
methods in it do not see. A method is a function whose nearest
enclosing scope is a class body.
"""

from collections.abc import Iterator
from typing import NamedTuple

from tree_sitter import Node

from fisio_hooks.engine.syntax import ancestors, statements, text, tokens

FUNCTION_TYPES = frozenset({"function_definition", "lambda"})
DEFINITION_TYPES = frozenset({"function_definition", "class_definition"})
# Methods that Python makes static or class methods without a decorator.
IMPLICIT_STATIC = frozenset({"__new__"})
IMPLICIT_CLASS = frozenset({"__init_subclass__", "__class_getitem__"})

# Statements that start a scope of their own: their name is bound where
# they stand, the names in their bodies are not.
NEW_SCOPE_TYPES = frozenset({"function_definition", "class_definition"})
# Targets that bind every name inside them, at any depth: `a, b = ...`,
# `[a, *rest] = ...`, `with f() as (a, b)`.
TARGET_LIST_TYPES = frozenset(
    {
        "pattern_list",
        "tuple_pattern",
        "list_pattern",
        "list_splat_pattern",
        "parenthesized_expression",
        "tuple",
        "list",
    }
)
# The two bindings an expression can hold: a walrus and `as` (in with
# items and except clauses).
EXPRESSION_BINDINGS = (b":=", b"as")


class Method(NamedTuple):
    """A function defined in a class body."""

    function: Node
    cls: Node
    kind: str  # "instance", "static" or "class"
    instance: str | None  # the first parameter of an instance method

    @property
    def name(self) -> str:
        return text(self.function.child_by_field_name("name"))

    @property
    def qualified_name(self) -> str:
        return f"{class_name(self.cls)}.{self.name}"


class Scope(NamedTuple):
    """The scopes around a node, innermost first.

    ``functions`` are the functions and lambdas whose body contains the
    node, up to the innermost class body or the module. ``cls`` is that
    class, and ``method`` is set when the outermost of ``functions`` is
    defined in its body.
    """

    functions: tuple[Node, ...]
    cls: Node | None
    method: Method | None

    @property
    def at_module_level(self) -> bool:
        return not self.functions and self.cls is None


def scope_of(node: Node) -> Scope:
    functions: list[Node] = []
    cls = None
    child = node
    parent = node.parent
    while parent is not None:
        body = parent.child_by_field_name("body")
        if parent.type in FUNCTION_TYPES and child == body:
            functions.append(parent)
        elif parent.type == "class_definition" and child == body:
            cls = parent
            break
        child = parent
        parent = parent.parent
    method = None
    if cls is not None and functions and functions[-1].type == "function_definition":
        method = _method(functions[-1], cls)
    return Scope(tuple(functions), cls, method)


def _method(function: Node, cls: Node) -> Method:
    name = text(function.child_by_field_name("name"))
    decorators = set(decorator_names(function))
    if "staticmethod" in decorators or name in IMPLICIT_STATIC:
        return Method(function, cls, "static", None)
    if "classmethod" in decorators or name in IMPLICIT_CLASS:
        return Method(function, cls, "class", None)
    parameters = parameter_names(function)
    instance = parameters[0] if parameters and parameters[0][0] != "*" else None
    return Method(function, cls, "instance", instance)


def decorator_names(definition: Node) -> list[str]:
    """Return the last dotted segment of each decorator of a function or
    class (``functools.cache`` gives ``cache``)."""
    parent = definition.parent
    if parent is None or parent.type != "decorated_definition":
        return []
    names = []
    for decorator in parent.named_children:
        if decorator.type != "decorator":
            continue
        expression = decorator.named_children[0] if decorator.named_children else None
        if expression is not None and expression.type == "call":
            expression = expression.child_by_field_name("function")
        names.append(text(expression).rsplit(".", 1)[-1].strip())
    return names


def parameter_names(function: Node) -> list[str]:
    """Return the parameter names of a function or lambda in order, with
    ``*`` or ``**`` in front of variadic ones."""
    parameters = function.child_by_field_name("parameters")
    if parameters is None:
        return []
    names = []
    for parameter in parameters.named_children:
        kind = parameter.type
        if kind == "identifier":
            names.append(text(parameter))
        elif kind in ("default_parameter", "typed_default_parameter"):
            names.append(text(parameter.child_by_field_name("name")))
        elif kind == "typed_parameter":
            inner = parameter.named_children[0] if parameter.named_children else None
            names.append(_parameter_name(inner))
        elif kind in ("list_splat_pattern", "dictionary_splat_pattern"):
            names.append(_parameter_name(parameter))
    return names


def _parameter_name(node: Node | None) -> str:
    if node is None:
        return ""
    if node.type == "list_splat_pattern":
        return "*" + text(node.named_children[0]) if node.named_children else "*"
    if node.type == "dictionary_splat_pattern":
        return "**" + text(node.named_children[0]) if node.named_children else "**"
    return text(node)


def owning_scope(node: Node) -> Node | None:
    """Return the function, lambda or class whose body binds a name
    defined at ``node``, or None for the module."""
    scope = scope_of(_definition_of(node) or node)
    if scope.functions:
        return scope.functions[0]
    return scope.cls


def _definition_of(name: Node) -> Node | None:
    """Return the function or class that ``name`` is the name of."""
    parent = name.parent
    if parent is None or parent.type not in DEFINITION_TYPES:
        return None
    return parent if name == parent.child_by_field_name("name") else None


class Bindings:
    """The names each function binds, computed once per function."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._by_function: dict[int, frozenset[str]] = {}

    def binds(self, function: Node, name: str) -> bool:
        """Return whether ``name`` is a parameter or a local variable of
        ``function``, or a global when ``function`` is the module node
        (names declared global or nonlocal are not local)."""
        names = self._by_function.get(function.id)
        if names is None:
            names = self._collect(function)
            self._by_function[function.id] = names
        return name in names

    def _collect(self, function: Node) -> frozenset[str]:
        names = {name.lstrip("*") for name in parameter_names(function)}
        is_module = function.type == "module"
        body = function if is_module else function.child_by_field_name("body")
        if body is None or function.type == "lambda":
            return frozenset(names)
        declared: set[str] = set()
        # Statements in nested functions and classes are skipped: what
        # they bind belongs to their own scope.
        for node in statements(body, skip=NEW_SCOPE_TYPES):
            if node.type in ("global_statement", "nonlocal_statement"):
                declared.update(text(child) for child in _identifiers(node))
            else:
                names.update(text(target) for target in _statement_targets(node))
        for target in _expression_targets(self.data, body):
            if _owned_by(target, function, is_module):
                names.add(text(target))
        return frozenset(names - declared)


def _statement_targets(node: Node) -> Iterator[Node]:
    """Yield the names that statement ``node`` binds in its own scope."""
    kind = node.type
    if kind == "expression_statement":
        for child in node.named_children:
            while child.type == "assignment":  # a = b = value
                yield from _targets(child.child_by_field_name("left"))
                right = child.child_by_field_name("right")
                if right is None:
                    break  # an annotation without a value, `a: int`
                child = right
            if child.type == "augmented_assignment":
                left = child.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    yield left
    elif kind == "for_statement":
        yield from _targets(node.child_by_field_name("left"))
    elif kind in NEW_SCOPE_TYPES:
        name = node.child_by_field_name("name")
        if name is not None and name.type == "identifier":
            yield name
    elif kind == "import_statement":
        for name in node.children_by_field_name("name"):
            if name.type == "dotted_name" and name.named_children:
                first = name.named_children[0]
                if first.type == "identifier":
                    yield first
            elif name.type == "aliased_import":
                yield from _alias(name)
    elif kind == "import_from_statement":
        for name in node.children_by_field_name("name"):
            if name.type == "dotted_name":
                yield from _identifiers(name)
            elif name.type == "aliased_import":
                yield from _alias(name)


def _targets(target: Node | None) -> Iterator[Node]:
    """Yield the names an assignment, for or ``as`` target binds: ``a``,
    or each name in ``a, (b, *c)`` and ``[a, b]``."""
    if target is None:
        return
    if target.type == "identifier":
        yield target
    elif target.type in TARGET_LIST_TYPES:
        for child in target.named_children:
            yield from _targets(child)


def _alias(node: Node) -> Iterator[Node]:
    alias = node.child_by_field_name("alias")
    if alias is not None and alias.type == "identifier":
        yield alias


def _identifiers(node: Node) -> Iterator[Node]:
    return (child for child in node.named_children if child.type == "identifier")


def _expression_targets(data: bytes, body: Node) -> Iterator[Node]:
    """Yield the names bound inside expressions of ``body``, nested
    scopes included: ``(name := value)``, ``with ... as name`` and
    ``except ... as name``."""
    for token in tokens(
        body, data, EXPRESSION_BINDINGS, body.start_byte, body.end_byte
    ):
        parent = token.parent
        if parent is None:
            continue
        if parent.type == "named_expression":
            name = parent.child_by_field_name("name")
            if name is not None and name.type == "identifier":
                yield name
        elif parent.type == "as_pattern":
            alias = parent.child_by_field_name("alias")
            if alias is not None and alias.type == "as_pattern_target":
                for child in alias.named_children:
                    yield from _targets(child)


def _owned_by(node: Node, scope: Node, is_module: bool) -> bool:
    owner = owning_scope(node)
    return owner is None if is_module else owner == scope


def class_name(cls: Node) -> str:
    return text(cls.child_by_field_name("name"))


def inside_except_block(node: Node) -> bool:
    """Return whether ``node`` runs while an exception is being handled: in the
    body of an except clause, not in a function defined there."""
    child = node
    for parent in ancestors(node):
        if parent.type in FUNCTION_TYPES or parent.type == "class_definition":
            return False
        if parent.type == "except_clause" and child.type == "block":
            return True
        child = parent
    return False
