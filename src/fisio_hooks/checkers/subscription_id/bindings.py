"""Which identifiers a file binds, what kind of name each is, and where.

Works on the tree-sitter tree. A binding is an identifier that a
statement or expression of this file gives a value. It is a parameter,
an assignment, ``for``, ``with``, ``except``, walrus, comprehension or
``case`` target, a function or class name, a class attribute, or a
``type`` alias. An attribute of a method's first parameter assigned in
the method is one too.
Names only read, imported, declared ``global``/``nonlocal`` or passed as
keyword arguments are not bindings here.
"""

from enum import Enum
from typing import NamedTuple

from tree_sitter import Node

from fisio_hooks.engine.syntax import captures, text

FUNCTIONS = ("function_definition", "lambda")
COMPREHENSIONS = (
    "list_comprehension",
    "set_comprehension",
    "dictionary_comprehension",
    "generator_expression",
)
SCOPES = (*FUNCTIONS, "class_definition", *COMPREHENSIONS, "module")
# Nodes that group several targets of one binding statement.
TARGET_GROUPS = frozenset(
    {
        "pattern_list",
        "tuple_pattern",
        "list_pattern",
        "tuple",
        "list",
        "list_splat_pattern",
        "list_splat",
        "parenthesized_expression",
        "expression_list",
    }
)
PARAMETER_LISTS = ("parameters", "lambda_parameters")
# Statements and clauses whose ``left`` field is bound.
TARGETS_ON_LEFT = frozenset(
    {"assignment", "augmented_assignment", "for_statement", "for_in_clause"}
)
TYPED_DICT_BASES = frozenset({"TypedDict"})
_DECLARATIONS = "[(global_statement) (nonlocal_statement)] @declaration"


class Kind(Enum):
    """The kind of a bound name; the value is the wording of messages."""

    PARAMETER = "parameter"
    LOCAL_VARIABLE = "local variable"
    GLOBAL_VARIABLE = "global variable"
    FUNCTION = "function"
    METHOD = "method"
    CLASS = "class"
    CLASS_ATTRIBUTE = "class attribute"
    DATACLASS_FIELD = "dataclass field"
    INSTANCE_ATTRIBUTE = "instance attribute"
    TYPE_ALIAS = "type alias"


class Binding(NamedTuple):
    """One bound identifier: ``scope`` is the module, class, function,
    lambda or comprehension node whose namespace receives the name.
    ``declared`` is ``global`` or ``nonlocal`` when the function that
    binds it declares it so."""

    node: Node
    name: str
    kind: Kind
    scope: Node
    declared: str | None = None


def binding_of(node: Node) -> Binding | None:
    """Return the binding that identifier ``node`` is, or None."""
    parent = node.parent
    if parent is None:
        return None
    name = text(node)
    if parent.type in ("function_definition", "class_definition"):
        if parent.child_by_field_name("name") == node:
            return _definition(node, name, parent)
        return None
    function = _parameter_owner(node)
    if function is not None:
        return Binding(node, name, Kind.PARAMETER, function)
    if parent.type == "attribute":
        if parent.child_by_field_name("attribute") == node:
            return _attribute(node, name, parent)
        return None
    if is_case_capture(node) or _is_target(node):
        return _variable(node, name)
    if parent.type == "named_expression" and parent.child_by_field_name("name") == node:
        return _variable(node, name, walrus=True)
    if _is_type_alias_name(node):
        return _in_scope(node, name, scope_of(node), Kind.TYPE_ALIAS)
    return None


def _definition(node: Node, name: str, definition: Node) -> Binding:
    scope = scope_of(definition)
    if definition.type == "class_definition":
        kind = Kind.CLASS
    elif scope.type == "class_definition":
        kind = Kind.METHOD
    else:
        kind = Kind.FUNCTION
    declared = (
        _declaration(scope, name) if scope.type == "function_definition" else None
    )
    if declared == "global":
        return Binding(node, name, kind, _module(node), declared)
    return Binding(node, name, kind, scope, declared)


def _parameter_owner(node: Node) -> Node | None:
    """Return the function or lambda whose parameter ``node`` names."""
    parent = node.parent
    assert parent is not None
    if parent.type in ("default_parameter", "typed_default_parameter"):
        if parent.child_by_field_name("name") != node:
            return None
        parent = parent.parent
    elif parent.type in ("list_splat_pattern", "dictionary_splat_pattern"):
        parent = parent.parent
    if parent is not None and parent.type == "typed_parameter":
        if parent.named_children[0] not in (node, node.parent):
            return None
        parent = parent.parent
    if parent is None or parent.type not in PARAMETER_LISTS:
        return None
    return parent.parent


def _attribute(node: Node, name: str, attribute: Node) -> Binding | None:
    """An attribute of a method's first parameter assigned in the method."""
    if not _is_target(attribute):
        return None
    receiver = attribute.child_by_field_name("object")
    if receiver is None or receiver.type != "identifier":
        return None
    method = _enclosing_method(attribute)
    if method is None:
        return None
    first = _first_parameter(method)
    if first is None or first != text(receiver):
        return None
    cls = scope_of(method)
    if "classmethod" in _decorator_names(method):
        return Binding(node, name, Kind.CLASS_ATTRIBUTE, cls)
    return Binding(node, name, Kind.INSTANCE_ATTRIBUTE, cls)


def _enclosing_method(node: Node) -> Node | None:
    """Return the method around ``node``, looking through nested
    functions, which see the method's first parameter as a closure."""
    current = node.parent
    while current is not None:
        if current.type == "function_definition":
            if scope_of(current).type == "class_definition":
                if "staticmethod" in _decorator_names(current):
                    return None
                return current
        elif current.type == "class_definition":
            return None
        current = current.parent
    return None


def _first_parameter(function: Node) -> str | None:
    parameters = function.child_by_field_name("parameters")
    if parameters is None or not parameters.named_children:
        return None
    first = parameters.named_children[0]
    if first.type == "identifier":
        return text(first)
    if first.type in (
        "typed_parameter",
        "default_parameter",
        "typed_default_parameter",
    ):
        name = first.child_by_field_name("name") or first.named_children[0]
        return text(name) if name.type == "identifier" else None
    return None


def _decorator_names(definition: Node) -> set[str]:
    """Return the last dotted part of each decorator of ``definition``."""
    wrapper = definition.parent
    if wrapper is None or wrapper.type != "decorated_definition":
        return set()
    names = set()
    for decorator in wrapper.named_children:
        if decorator.type != "decorator" or not decorator.named_children:
            continue
        expression = decorator.named_children[0]
        if expression.type == "call":
            expression = expression.child_by_field_name("function") or expression
        names.add(text(expression).rpartition(".")[2])
    return names


def _is_target(node: Node) -> bool:
    """Return whether ``node`` is in the target of a binding statement."""
    current = node
    parent = current.parent
    while parent is not None and parent.type in TARGET_GROUPS:
        current, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "as_pattern_target":
        return True
    return (
        parent.type in TARGETS_ON_LEFT and parent.child_by_field_name("left") == current
    )


def is_case_capture(node: Node) -> bool:
    """Return whether ``node`` is a capture pattern of a ``case``."""
    parent = node.parent
    assert parent is not None
    if parent.type == "dotted_name":
        holder = parent.parent
        return (
            parent.named_child_count == 1
            and holder is not None
            and holder.type in ("case_pattern", "keyword_pattern")
        )
    if parent.type == "splat_pattern":
        return True
    if parent.type == "keyword_pattern":
        return False
    if parent.type == "as_pattern" and _inside_case(parent):
        return parent.named_children[-1] == node
    return False


def _inside_case(node: Node) -> bool:
    current = node.parent
    while current is not None:
        if current.type == "case_clause":
            return True
        if current.type in ("block", "module"):
            return False
        current = current.parent
    return False


def _is_type_alias_name(node: Node) -> bool:
    current = node.parent
    if current is not None and current.type == "generic_type":
        if current.named_children[0] != node:
            return False
        current = current.parent
    if current is None or current.type != "type":
        return False
    statement = current.parent
    return (
        statement is not None
        and statement.type == "type_alias_statement"
        and statement.child_by_field_name("left") == current
    )


def _variable(node: Node, name: str, walrus: bool = False) -> Binding | None:
    scope = scope_of(node, walrus=walrus)
    if scope.type == "class_definition":
        if _is_typed_dict(scope):
            # TypedDict fields are dictionary keys, part of a data format
            # like the MongoDB keys in string literals, not Python names.
            return None
        if "dataclass" in _decorator_names(scope):
            return Binding(node, name, Kind.DATACLASS_FIELD, scope)
        return Binding(node, name, Kind.CLASS_ATTRIBUTE, scope)
    return _in_scope(node, name, scope, Kind.LOCAL_VARIABLE)


def _in_scope(node: Node, name: str, scope: Node, kind: Kind) -> Binding:
    if scope.type == "module":
        return Binding(
            node,
            name,
            Kind.GLOBAL_VARIABLE if kind is Kind.LOCAL_VARIABLE else kind,
            scope,
        )
    if scope.type not in FUNCTIONS:
        return Binding(node, name, kind, scope)
    declared = _declaration(scope, name)
    if declared == "global":
        global_kind = Kind.GLOBAL_VARIABLE if kind is Kind.LOCAL_VARIABLE else kind
        return Binding(node, name, global_kind, _module(node), declared)
    if declared == "nonlocal":
        outer = _outer_function(scope)
        return Binding(node, name, kind, outer or scope, declared)
    return Binding(node, name, kind, scope)


def _is_typed_dict(cls: Node) -> bool:
    bases = cls.child_by_field_name("superclasses")
    if bases is None:
        return False
    return any(
        text(base).rpartition(".")[2] in TYPED_DICT_BASES
        for base in bases.named_children
        if base.type in ("identifier", "attribute")
    )


def scope_of(node: Node, walrus: bool = False) -> Node:
    """Return the scope node whose namespace a name bound at ``node`` is in.

    A function's parameters list, decorators, return annotation and a
    class's bases are evaluated in the enclosing scope, and so is the
    first iterable of a comprehension. A walrus binds in the nearest
    scope that is not a comprehension.
    """
    child = node
    parent = node.parent
    skip_comprehension = False
    while parent is not None:
        kind = parent.type
        if kind in ("function_definition", "lambda", "class_definition"):
            if parent.child_by_field_name("body") == child:
                return parent
        elif kind in COMPREHENSIONS:
            if not walrus and not skip_comprehension:
                return parent
            skip_comprehension = False
        elif kind == "for_in_clause":
            skip_comprehension = parent.child_by_field_name(
                "right"
            ) == child and _is_first_clause(parent)
        elif kind == "module":
            return parent
        child, parent = parent, parent.parent
    return child


def _is_first_clause(clause: Node) -> bool:
    comprehension = clause.parent
    if comprehension is None:
        return False
    for candidate in comprehension.named_children:
        if candidate.type == "for_in_clause":
            return bool(candidate == clause)
    return False


def _declaration(function: Node, name: str) -> str | None:
    """Return ``global`` or ``nonlocal`` when ``function`` itself (not a
    nested function or class) declares ``name`` so."""
    found = captures(_DECLARATIONS, function)
    for statement in found.get("declaration", []):
        if not any(text(child) == name for child in statement.named_children):
            continue
        owner = statement.parent
        while owner is not None and owner.type not in SCOPES:
            owner = owner.parent
        if owner == function:
            return statement.type.partition("_")[0]
    return None


def _outer_function(function: Node) -> Node | None:
    current = function.parent
    while current is not None:
        if current.type == "function_definition":
            return current
        current = current.parent
    return None


def _module(node: Node) -> Node:
    current = node
    while current.parent is not None:
        current = current.parent
    return current
