"""What the names of one file are bound to, collected in one tree query.

The checker resolves a filter, pipeline, document or receiver written as
a name through the name's assignments in the enclosing function, then
in the module. Mutations that happen between the last assignment and
the call count too: ``q["field"] = v``, ``q.update(...)``,
``pipeline.append(...)``. Everything is indexed by one query over
the tree, which also collects the candidate calls.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from tree_sitter import Node

from fisio_hooks.engine.syntax import captures, string_value, text

SCOPE_TYPES = ("function_definition", "lambda", "class_definition", "module")
FUNCTION_TYPES = ("function_definition", "lambda")
# Methods that add or remove keys or stages of the dict or list they are
# called on.
MUTATING_METHODS = frozenset(
    {"update", "setdefault", "append", "insert", "extend", "pop"}
)
MUTATING_METHOD_BYTES = frozenset(name.encode() for name in MUTATING_METHODS)


class Assignment:
    """One binding of a name; ``value`` is None when the bound value
    cannot be read (a parameter, a loop target, an unpacked tuple)."""

    __slots__ = ("end", "parameter", "start", "value")

    def __init__(
        self, start: int, end: int, value: Node | None, parameter: bool = False
    ) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.parameter = parameter


class Mutation:
    """A change to the dict or list a name holds.

    ``keys`` are the subscripts from the name outward
    (``q["info"]["owner"] = v`` gives two), empty for a method call;
    ``method`` is the mutating method's name, ``"="`` for a subscript
    assignment, ``"del"`` for a ``del`` statement, and ``"|="`` or
    ``"+="`` for an augmented assignment.
    """

    __slots__ = ("end", "keys", "method", "node", "start")

    def __init__(
        self, start: int, end: int, method: str, keys: tuple[Node, ...], node: Node
    ) -> None:
        self.start = start
        self.end = end
        self.method = method
        self.keys = keys
        self.node = node


class Scope:
    __slots__ = ("assignments", "mutations", "node", "parameters_read", "read")

    def __init__(self, node: Node) -> None:
        self.node = node
        self.assignments: dict[str, list[Assignment]] = {}
        self.mutations: dict[str, list[Mutation]] = {}
        # Parameters are read when a name is first resolved in the scope.
        self.parameters_read = node.type not in FUNCTION_TYPES
        self.read = False

    @property
    def is_function(self) -> bool:
        return self.node.type in FUNCTION_TYPES


class Resolution:
    """The values a name may hold at one point, and the mutations after
    the last of them. ``values`` contains None for each binding that
    cannot be read. It is empty when the name is bound nowhere in the
    file (a builtin, or a star import)."""

    __slots__ = ("mutations", "name", "parameter", "values")

    def __init__(
        self,
        name: str,
        values: tuple[Node | None, ...],
        mutations: tuple[Mutation, ...],
        parameter: bool,
    ) -> None:
        self.name = name
        self.values = values
        self.mutations = mutations
        self.parameter = parameter


class FileIndex:
    """Bindings, constants, imports and candidate calls of one file.

    ``constants`` are module-level NAME = "string" assignments,
    ``class_constants()`` the same per class name, ``attributes`` the
    values assigned to ``self.attribute`` per (class name, attribute),
    and ``imports`` each local name's qualified import.
    """

    def __init__(self, root: Node, found: dict[str, list[Node]] | None = None) -> None:
        self.root = root
        self.scopes: dict[int, Scope] = {}
        self.imports: dict[str, str] = {}
        self.calls: list[Node] = []
        # Names assigned a bound method somewhere in the file.
        self.bound_names: frozenset[str] = frozenset()
        self._found = found or {}
        self._regions = Regions(self._found.get("region", ()))
        self._constants: dict[str, str] = {}
        self._class_constants: dict[str, dict[str, str]] = {}
        self._attributes: dict[tuple[str, str], list[Node]] = {}
        self._mutating_calls: list[tuple[Node, str, Node]] = []
        # Bindings are read per scope on first use: most calls need only
        # their own function's names and the module's.
        self._classes_read: set[str] = set()
        self._attributes_read = False
        self._starts: dict[str, list[int]] = {}

    @property
    def constants(self) -> dict[str, str]:
        self._read(self._scope_of(self.root))
        return self._constants

    def class_constants(self, class_name: str) -> dict[str, str]:
        """Return the string constants of the classes named
        ``class_name`` in this file, reading only their bodies."""
        if class_name not in self._classes_read:
            self._classes_read.add(class_name)
            for region in self._regions.nodes:
                if region.type == "class_definition" and (
                    text(region.child_by_field_name("name")) == class_name
                ):
                    self._read(self._scope_of(region))
        return self._class_constants.get(class_name, {})

    @property
    def attributes(self) -> dict[tuple[str, str], list[Node]]:
        if not self._attributes_read:
            self._attributes_read = True
            for node in self._found.get("assignment", ()):
                _index_attribute_targets(self, node)
        return self._attributes

    def _read(self, scope: Scope) -> None:
        """Index the bindings and mutations whose innermost scope is
        ``scope``, once; the nodes are found by bisecting each capture
        list on the scope's byte range."""
        if scope.read:
            return
        scope.read = True
        if not scope.parameters_read:
            _index_parameters(self, scope)
        start, end = scope.node.start_byte, scope.node.end_byte
        for kind, reader in READERS:
            nodes = self._found.get(kind, [])
            for node in nodes[self._range(kind, nodes, start, end)]:
                if self.scope(node) is scope:
                    reader(self, node)
        calls = self._mutating_calls
        for node, method, target in calls[self._range("mutation", calls, start, end)]:
            base, keys = _subscript_chain(target)
            if base is not None and self.scope(node) is scope:
                mutation = Mutation(node.start_byte, node.end_byte, method, keys, node)
                _mutate(self, base, mutation)
        for mutations in scope.mutations.values():
            mutations.sort(key=lambda mutation: mutation.start)

    def _range(self, kind: str, items: list[Any], start: int, end: int) -> slice:
        """Return the slice of ``items`` that starts inside the byte range;
        the list is sorted in place first, since a query returns a
        capture's nodes in match order, not source order."""
        starts = self._starts.get(kind)
        if starts is None:
            items.sort(key=_start_of)
            starts = self._starts[kind] = [_start_of(item) for item in items]
        return slice(bisect_left(starts, start), bisect_left(starts, end))

    def scope(self, node: Node) -> Scope:
        """Return the scope whose body contains ``node``."""
        region = self._regions.innermost(node.start_byte, SCOPE_TYPES)
        return self._scope_of(region or self.root)

    def _scope_of(self, node: Node) -> Scope:
        scope = self.scopes.get(node.id)
        if scope is None:
            scope = self.scopes[node.id] = Scope(node)
        return scope

    def resolve(self, name: str, at: Node) -> Resolution:
        """Resolve ``name`` as read at ``at``: its bindings in the
        enclosing function, else the next enclosing function, else the
        module. Class bodies are skipped, as Python skips them."""
        scope: Scope | None = self.scope(at)
        own = True
        while scope is not None:
            self._read(scope)
            bindings = scope.assignments.get(name)
            if bindings:
                return _resolution(name, scope, bindings, at, own)
            scope = self._enclosing_function_or_module(scope)
            own = False
        return Resolution(name, (), (), parameter=False)

    def _enclosing_function_or_module(self, scope: Scope) -> Scope | None:
        if scope.node.type == "module":
            return None
        region = self._regions.innermost(scope.node.start_byte, FUNCTION_TYPES)
        return self._scope_of(region or self.root)

    def enclosing_class(self, node: Node) -> str | None:
        region = self._regions.innermost(node.start_byte, ("class_definition",))
        return None if region is None else text(region.child_by_field_name("name"))


class Regions:
    """The function, lambda and class nodes of a file, to find the
    innermost one around a byte offset by bisection instead of climbing
    the tree from every node."""

    def __init__(self, nodes: Sequence[Node]) -> None:
        self.nodes = sorted(nodes, key=lambda node: node.start_byte)
        self.starts = [node.start_byte for node in self.nodes]
        # The index of each region's innermost enclosing region, or -1.
        self.parents: list[int] = []
        open_regions: list[int] = []
        for position, node in enumerate(self.nodes):
            while (
                open_regions
                and self.nodes[open_regions[-1]].end_byte <= node.start_byte
            ):
                open_regions.pop()
            self.parents.append(open_regions[-1] if open_regions else -1)
            open_regions.append(position)

    def innermost(self, offset: int, types: Sequence[str]) -> Node | None:
        """Return the innermost region of one of ``types`` that starts
        before ``offset`` and ends after it."""
        position = bisect_right(self.starts, offset) - 1
        while position >= 0:
            node = self.nodes[position]
            inside = node.start_byte < offset < node.end_byte
            if inside and node.type in types:
                return node
            position = self.parents[position]
        return None


def _resolution(
    name: str, scope: Scope, bindings: list[Assignment], at: Node, own: bool
) -> Resolution:
    """Keep the bindings that reach ``at``: in the reading scope those
    that end before it (all of them when none does, as in a loop), in an
    enclosing scope all of them, since the function runs later."""
    reaching = bindings
    if own:
        before = [binding for binding in bindings if binding.end <= at.start_byte]
        reaching = before or bindings
    last = max(binding.end for binding in reaching)
    limit = at.start_byte if own else None
    mutations = tuple(
        mutation
        for mutation in scope.mutations.get(name, ())
        if mutation.start >= last and (limit is None or mutation.end <= limit)
    )
    return Resolution(
        name,
        tuple(binding.value for binding in reaching),
        mutations,
        parameter=any(binding.parameter for binding in reaching),
    )


# One query collects every node the index reads; tree-sitter matches it
# in C, which is several times faster than visiting each node in Python.
# Calls are filtered by name in Python: an #any-of? predicate on the
# method name made the query about twice as slow to compile and to run
# (py-tree-sitter 0.26, measured on Girder's models).
INDEX_QUERY = """
(import_statement) @import
(import_from_statement) @import
(function_definition) @region
(lambda) @region
(class_definition) @region
(assignment) @assignment
(augmented_assignment) @augmented
(named_expression) @walrus
(for_statement) @loop
(for_in_clause) @loop
(as_pattern_target) @target
(delete_statement) @delete
(call) @call
"""


def build_index(
    root: Node,
    call_names: frozenset[str],
    bound_methods: frozenset[str] = frozenset(),
) -> FileIndex:
    """Index the tree in one query; ``call_names`` are the method and
    class names whose calls are candidates, and so are calls of names
    bound to one of the ``bound_methods`` (``find = db.orders.find``).
    Imports are read first so that a class imported under another name
    is recognised, and the bindings when a name is first resolved."""
    found = captures(INDEX_QUERY, root)
    index = FileIndex(root, found)
    index._scope_of(root)
    for node in found.get("import", ()):
        _index_import(index, node)
    candidates = call_names | _aliases(index, call_names)
    if bound_methods:
        assignments = found.get("assignment", ())
        index.bound_names = _bound_method_names(assignments, bound_methods)
        candidates |= index.bound_names
    names = _encoded(candidates)
    for node in found.get("call", ()):
        _index_call(index, node, names)
    return index


@cache
def _encoded(names: frozenset[str]) -> frozenset[bytes]:
    """Return the names as UTF-8, to compare with node text undecoded."""
    return frozenset(name.encode() for name in names)


def _aliases(index: FileIndex, call_names: frozenset[str]) -> frozenset[str]:
    """Return local names imported under another name for a candidate
    (``from pymongo import UpdateOne as Update``)."""
    return frozenset(
        local
        for local, qualified in index.imports.items()
        if local not in call_names and qualified.rsplit(".", 1)[-1] in call_names
    )


def _bound_method_names(
    assignments: Sequence[Node], methods: frozenset[str]
) -> frozenset[str]:
    """Return the names assigned a bound method: ``find`` in
    ``find = db.orders.find``, and ``again`` in ``again = find``."""
    names = set()
    aliases = []
    for node in assignments:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier":
            continue
        if right.type == "identifier":
            aliases.append((text(left), text(right)))
        elif any(
            text(value.child_by_field_name("attribute")) in methods
            for value in attribute_values(right)
        ):
            names.add(text(left))
    added = True
    while added:
        added = False
        for alias, name in aliases:
            if name in names and alias not in names:
                names.add(alias)
                added = True
    return frozenset(names)


def attribute_values(node: Node) -> list[Node]:
    """Return the attributes an expression may evaluate to: itself, or
    both branches of ``a.find if c else b.find``."""
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    if node.type == "attribute":
        return [node]
    if node.type == "conditional_expression":
        branches = [child for child in node.named_children if child.type != "comment"]
        if len(branches) == 3:
            return attribute_values(branches[0]) + attribute_values(branches[2])
    return []


def _index_call(index: FileIndex, node: Node, call_names: frozenset[bytes]) -> None:
    function = node.child_by_field_name("function")
    if function is None:
        return
    if function.type == "identifier":
        if function.text in call_names:
            index.calls.append(node)
        return
    if function.type != "attribute":
        return
    attribute = function.child_by_field_name("attribute")
    method = b"" if attribute is None or attribute.text is None else attribute.text
    if method in call_names:
        index.calls.append(node)
    target = function.child_by_field_name("object")
    if method in MUTATING_METHOD_BYTES and target is not None:
        index._mutating_calls.append((node, method.decode(), target))


def _index_assignment(index: FileIndex, node: Node) -> None:
    value = node.child_by_field_name("right")
    # a = b = value: the inner assignment is indexed on its own; bind a
    # to the innermost value.
    while value is not None and value.type == "assignment":
        value = value.child_by_field_name("right")
    left = node.child_by_field_name("left")
    if left is None or value is None:
        return
    if left.type in ("pattern_list", "tuple_pattern", "list_pattern"):
        _bind_unpacked(index, left, node, value)
        return
    _bind(index, left, node, value)


def _bind_unpacked(index: FileIndex, left: Node, statement: Node, value: Node) -> None:
    targets = left.named_children
    values = value.named_children if value.type in ("expression_list", "tuple") else []
    if len(values) == len(targets):
        for target, item in zip(targets, values, strict=True):
            _bind(index, target, statement, item)
    else:
        _bind_unreadable(index, left, statement)


def _bind(
    index: FileIndex, target: Node | None, statement: Node, value: Node | None
) -> None:
    if target is None:
        return
    if target.type == "identifier":
        name = text(target)
        scope = index.scope(statement)
        binding = Assignment(statement.start_byte, statement.end_byte, value)
        scope.assignments.setdefault(name, []).append(binding)
        if value is not None and scope.node.type in ("module", "class_definition"):
            _index_constant(index, scope, name, value)
    elif target.type == "subscript":
        base, keys = _subscript_chain(target)
        if base is not None and value is not None:
            mutation = Mutation(
                statement.start_byte, statement.end_byte, "=", keys, value
            )
            _mutate(index, base, mutation)


def _index_attribute_targets(index: FileIndex, node: Node) -> None:
    """Record ``self.attribute = value`` assignments, in any method."""
    left = node.child_by_field_name("left")
    value = node.child_by_field_name("right")
    while value is not None and value.type == "assignment":
        value = value.child_by_field_name("right")
    if left is None or value is None:
        return
    if left.type == "attribute":
        _bind_attribute(index, left, value)
    elif left.type in ("pattern_list", "tuple_pattern", "list_pattern"):
        targets = left.named_children
        values = (
            value.named_children if value.type in ("expression_list", "tuple") else []
        )
        if len(values) == len(targets):
            for target, item in zip(targets, values, strict=True):
                if target.type == "attribute":
                    _bind_attribute(index, target, item)


def _start_of(item: object) -> int:
    node = item[0] if isinstance(item, tuple) else item
    assert isinstance(node, Node)
    return node.start_byte


def _bind_attribute(index: FileIndex, target: Node, value: Node | None) -> None:
    owner = target.child_by_field_name("object")
    if owner is None or value is None or text(owner) not in ("self", "cls"):
        return
    class_name = index.enclosing_class(target)
    if class_name is not None:
        attribute = text(target.child_by_field_name("attribute"))
        index._attributes.setdefault((class_name, attribute), []).append(value)


def _bind_unreadable(index: FileIndex, target: Node | None, statement: Node) -> None:
    if target is None:
        return
    if target.type == "identifier":
        _bind(index, target, statement, None)
        return
    for child in target.named_children:
        _bind_unreadable(index, child, statement)


def _index_constant(index: FileIndex, scope: Scope, name: str, value: Node) -> None:
    literal = string_value(value)
    if literal is None:
        return
    if scope.node.type == "module":
        index._constants[name] = literal
    else:
        class_name = text(scope.node.child_by_field_name("name"))
        index._class_constants.setdefault(class_name, {})[name] = literal


def _index_augmented(index: FileIndex, node: Node) -> None:
    left = node.child_by_field_name("left")
    value = node.child_by_field_name("right")
    operator = text(node.child_by_field_name("operator"))
    if left is None or value is None or left.type != "identifier":
        return
    if operator in ("|=", "+="):
        mutation = Mutation(node.start_byte, node.end_byte, operator, (), value)
        _mutate(index, text(left), mutation)


def _index_delete(index: FileIndex, node: Node) -> None:
    """Record ``del q["key"]`` as a mutation of ``q`` with method "del"."""
    for target in node.named_children:
        targets = (
            target.named_children if target.type == "expression_list" else [target]
        )
        for item in targets:
            base, keys = _subscript_chain(item)
            if base is not None and keys:
                mutation = Mutation(node.start_byte, node.end_byte, "del", keys, node)
                _mutate(index, base, mutation)


def _index_parameters(index: FileIndex, scope: Scope) -> None:
    scope.parameters_read = True
    node = scope.node
    parameters = node.child_by_field_name("parameters")
    if parameters is None:
        return
    for parameter in parameters.named_children:
        name = _parameter_name(parameter)
        if name is not None:
            binding = Assignment(node.start_byte, node.start_byte, None, parameter=True)
            scope.assignments.setdefault(name, []).append(binding)


def _parameter_name(parameter: Node) -> str | None:
    if parameter.type == "identifier":
        return text(parameter)
    name = parameter.child_by_field_name("name")
    if name is not None:
        return text(name)
    for child in parameter.named_children:
        if child.type == "identifier":
            return text(child)
        # def f(**options: Any) nests the pattern in a typed_parameter.
        if child.type in ("list_splat_pattern", "dictionary_splat_pattern"):
            return _parameter_name(child)
    return None


def _index_import(index: FileIndex, node: Node) -> None:
    module = ""
    if node.type == "import_from_statement":
        module_node = node.child_by_field_name("module_name")
        module = text(module_node)
        if module_node is not None and module_node.type == "relative_import":
            return
    for name_node in node.children_by_field_name("name"):
        if name_node.type == "aliased_import":
            imported = text(name_node.child_by_field_name("name"))
            local = text(name_node.child_by_field_name("alias"))
        else:
            imported = text(name_node)
            # import a.b binds a, which names the package a.
            local = imported if module else imported.split(".")[0]
            if not module:
                imported = local
        index.imports[local] = f"{module}.{imported}" if module else imported


def _mutate(index: FileIndex, name: str, mutation: Mutation) -> None:
    scope = index.scope(mutation.node)
    scope.mutations.setdefault(name, []).append(mutation)


def _subscript_chain(node: Node) -> tuple[str | None, tuple[Node, ...]]:
    """Return the name under ``q["a"]["b"]`` and the subscripts, outermost
    last; (None, ()) when the chain does not start with a name."""
    keys: list[Node] = []
    while node.type == "subscript":
        key = node.child_by_field_name("subscript")
        value = node.child_by_field_name("value")
        if key is None or value is None:
            return None, ()
        keys.append(key)
        node = value
    if node.type != "identifier":
        return None, ()
    return text(node), tuple(reversed(keys))


def _read_walrus(index: FileIndex, node: Node) -> None:
    value = node.child_by_field_name("value")
    _bind(index, node.child_by_field_name("name"), node, value)


def _read_loop(index: FileIndex, node: Node) -> None:
    _bind_unreadable(index, node.child_by_field_name("left"), node)


def _read_target(index: FileIndex, node: Node) -> None:
    _bind_unreadable(index, node.named_child(0), node)


# The capture lists a scope reads, each with its reader.
READERS: tuple[tuple[str, Callable[[FileIndex, Node], None]], ...] = (
    ("assignment", _index_assignment),
    ("augmented", _index_augmented),
    ("walrus", _read_walrus),
    ("loop", _read_loop),
    ("target", _read_target),
    ("delete", _index_delete),
)
