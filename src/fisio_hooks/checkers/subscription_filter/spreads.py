"""The keys a mapping may hold, for values spread into a filter.

``{"info.owner.subID": sid, **other}`` is scoped only when ``other``
cannot replace the field: a later key wins in a dict literal, in
``a | b`` and in ``q.update(other)``. :class:`SpreadKeys` reads which
keys a spread value sets, through names, their assignments and their
mutations, and returns None when they cannot all be read.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import FileIndex, Mutation
from fisio_hooks.engine.syntax import text

# Bounds the resolution of names bound to names bound to names.
MAX_DEPTH = 12

Keys = frozenset[str] | None
_KeyOf = Callable[[Node], "str | None"]


class SpreadKeys:
    """Reads the keys of mappings in one file. ``key_of`` spells a key
    node as a string, or None when it cannot be resolved."""

    def __init__(self, index: FileIndex, key_of: _KeyOf) -> None:
        self.index = index
        self.key_of = key_of
        self._keys: dict[int, Keys] = {}
        self._pending: set[int] = set()

    def keys(self, node: Node, depth: int = 0) -> Keys:
        """Return the keys ``node`` may hold when it is spread, or None
        when one of them cannot be read."""
        node = _unwrap(node)
        if node.id in self._keys:
            return self._keys[node.id]
        if depth > MAX_DEPTH or node.id in self._pending:
            return None
        self._pending.add(node.id)
        try:
            found = self._read(node, depth)
        finally:
            self._pending.discard(node.id)
        self._keys[node.id] = found
        return found

    def _read(self, node: Node, depth: int) -> Keys:
        kind = node.type
        if kind == "dictionary":
            return self._dictionary(node, depth)
        if kind == "identifier":
            return self._name(node, depth)
        if kind == "none":
            return frozenset()
        if kind == "call" and text(node.child_by_field_name("function")) == "dict":
            return self._arguments(node.child_by_field_name("arguments"), depth)
        if kind == "conditional_expression":
            branches = [
                child for child in node.named_children if child.type != "comment"
            ]
            if len(branches) != 3:
                return None
            return _union(
                self.keys(branches[0], depth + 1), self.keys(branches[2], depth + 1)
            )
        if (
            kind == "binary_operator"
            and text(node.child_by_field_name("operator")) == "|"
        ):
            left = node.child_by_field_name("left")
            right = node.child_by_field_name("right")
            if left is None or right is None:
                return None
            return _union(self.keys(left, depth + 1), self.keys(right, depth + 1))
        return None

    def _dictionary(self, node: Node, depth: int) -> Keys:
        found: Keys = frozenset()
        for child in node.named_children:
            if child.type == "pair":
                key_node = child.child_by_field_name("key")
                key = None if key_node is None else self.key_of(key_node)
                found = None if key is None else _union(found, frozenset((key,)))
            elif child.type == "dictionary_splat":
                inner = child.named_child(0)
                found = _union(
                    found, None if inner is None else self.keys(inner, depth + 1)
                )
            if found is None:
                return None
        return found

    def _arguments(self, arguments: Node | None, depth: int) -> Keys:
        """Read the keys of ``dict(...)`` or ``q.update(...)`` arguments."""
        found: Keys = frozenset()
        for child in [] if arguments is None else arguments.named_children:
            if child.type == "comment":
                continue
            if child.type == "keyword_argument":
                name = text(child.child_by_field_name("name"))
                found = _union(found, frozenset((name,)))
            elif child.type == "dictionary_splat":
                inner = child.named_child(0)
                found = _union(
                    found, None if inner is None else self.keys(inner, depth + 1)
                )
            elif child.type == "list_splat":
                return None
            else:
                found = _union(found, self.keys(child, depth + 1))
            if found is None:
                return None
        return found

    def _name(self, node: Node, depth: int) -> Keys:
        resolution = self.index.resolve(text(node), node)
        if not resolution.values:
            return None
        found: Keys = frozenset()
        for value in resolution.values:
            found = _union(
                found, None if value is None else self.keys(value, depth + 1)
            )
            if found is None:
                return None
        for mutation in resolution.mutations:
            found = _union(found, self.mutation_keys(mutation, depth))
            if found is None:
                return None
        return found

    def mutation_keys(self, mutation: Mutation, depth: int = 0) -> Keys:
        """Return the keys a mutation adds: ``q[key] = v``,
        ``q.update(...)``, ``q |= ...`` or ``q.setdefault(key, v)``."""
        if mutation.method == "=":
            if not mutation.keys:
                return None
            key = self.key_of(mutation.keys[0])
            return None if key is None else frozenset((key,))
        if mutation.method == "|=":
            return self.keys(mutation.node, depth + 1)
        arguments = mutation.node.child_by_field_name("arguments")
        if mutation.method == "update":
            return self._arguments(arguments, depth)
        if mutation.method == "setdefault":
            first = None if arguments is None else arguments.named_child(0)
            key = None if first is None else self.key_of(first)
            return None if key is None else frozenset((key,))
        return frozenset()


def _union(left: Keys, right: Keys) -> Keys:
    if left is None or right is None:
        return None
    return left | right


def _unwrap(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node
