"""Inserted and replacement documents, and updates of the scoping field.

A document is scoped when it contains the field nested, as MongoDB stores
it: ``{"info": {"owner": {"subID": v}}}`` for ``info.owner.subID``. A
dotted key in a document is not a path: it creates one field literally
named ``info.owner.subID``, so the document belongs to no subscription.
"""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import Mutation
from fisio_hooks.checkers.subscription_filter.scoping import (
    MAX_DEPTH,
    NEUTRAL,
    SCOPED,
    SCOPED_VERDICT,
    UNKNOWN,
    UNSCOPED,
    Scoping,
    Verdict,
    all_scoped,
    any_scoped,
    elements,
    line_of,
    pairs,
    unassigned_verdict,
    unreadable_verdict,
    unwrap,
)
from fisio_hooks.engine.syntax import text

# Update operators that write the field; $setOnInsert only writes it
# when an upsert inserts, which is how a new document gets its owner.
WRITING_OPERATORS = ("$set", "$unset", "$rename")
# Update pipeline stages that write fields, by their keys.
WRITING_STAGES = ("$set", "$addFields", "$unset")


class FieldWrite:
    """An update that writes the field: ``key`` is the written key node."""

    __slots__ = ("field", "key", "operator", "written")

    def __init__(self, key: Node, operator: str, written: str, field: str) -> None:
        self.key = key
        self.operator = operator
        self.written = written
        self.field = field


class Documents:
    def __init__(self, scoping: Scoping) -> None:
        self.scoping = scoping
        self.index = scoping.index
        # Verdicts per document node and field path, as Scoping keeps them
        # for filters, so a document rebound n times is read once per node.
        self._verdicts: dict[tuple[int, tuple[str, ...]], Verdict] = {}
        self._pending: set[tuple[int, tuple[str, ...]]] = set()

    # Inserted and replacement documents.

    def verdict(self, node: Node, field: str, depth: int = 0) -> Verdict:
        return self._path(node, tuple(field.split(".")), depth)

    def items(self, node: Node, depth: int = 0) -> list[Node] | None:
        """Return the documents of an ``insert_many`` argument, or None
        when they cannot be read; a comprehension gives its element."""
        node = unwrap(node)
        if node.type in ("list", "tuple"):
            return elements(node)
        if node.type in ("list_comprehension", "generator_expression"):
            body = node.child_by_field_name("body")
            return None if body is None else [body]
        if node.type == "identifier" and depth < MAX_DEPTH:
            resolution = self.index.resolve(text(node), node)
            if len(resolution.values) != 1 or resolution.values[0] is None:
                return None
            found = self.items(resolution.values[0], depth + 1)
            if found is None:
                return None
            for mutation in resolution.mutations:
                found += _appended(mutation)
            return found
        return None

    def _path(self, node: Node, path: tuple[str, ...], depth: int) -> Verdict:
        node = unwrap(node)
        key = (node.id, path)
        cached = self._verdicts.get(key)
        if cached is not None:
            return cached
        if depth > MAX_DEPTH or key in self._pending:
            return Verdict(UNKNOWN, "it is built too indirectly to follow")
        self._pending.add(key)
        try:
            verdict = self._uncached_path(node, path, depth)
        finally:
            self._pending.discard(key)
        self._verdicts[key] = verdict
        return verdict

    def _uncached_path(self, node: Node, path: tuple[str, ...], depth: int) -> Verdict:
        kind = node.type
        if kind == "dictionary":
            return self._dictionary(node, path, depth)
        if kind == "identifier":
            return self._name(node, path, depth)
        if kind == "call":
            return self._call(node, path, depth)
        if kind == "conditional_expression":
            branches = [
                child for child in node.named_children if child.type != "comment"
            ]
            if len(branches) == 3:
                return all_scoped(
                    [
                        self._path(branches[0], path, depth + 1),
                        self._path(branches[2], path, depth + 1),
                    ]
                )
        if kind == "none":
            return Verdict(UNSCOPED, f"`{path[0]}` is None")
        if kind in ("attribute", "subscript"):
            return Verdict(UNKNOWN, f"it is read from `{_spell(node)}`")
        return Verdict(UNKNOWN, f"it is the expression `{_spell(node)}`")

    def _dictionary(self, node: Node, path: tuple[str, ...], depth: int) -> Verdict:
        parts = []
        for child in pairs(node):
            if child.type == "dictionary_splat":
                inner = child.named_child(0)
                if inner is not None:
                    parts.append(self._path(inner, path, depth + 1))
            elif child.type == "pair":
                parts.append(self._pair(child, path, depth))
        missing = f"it has no `{path[0]}` key" if len(path) > 1 else ""
        return any_scoped(parts, missing)

    def _pair(self, pair: Node, path: tuple[str, ...], depth: int) -> Verdict:
        key_node = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key_node is None or value is None:
            return NEUTRAL
        key = self.scoping.key(key_node)
        if key is None:
            return Verdict(UNKNOWN, f"its key `{_spell(key_node)}` cannot be resolved")
        if key == path[0]:
            if len(path) == 1:
                if unwrap(value).type == "none":
                    return Verdict(UNSCOPED, f"`{key}` is None", value)
                return SCOPED_VERDICT
            return self._path(value, path[1:], depth + 1)
        joined = ".".join(path)
        if "." in key and (joined == key or joined.startswith(key + ".")):
            return Verdict(UNSCOPED, key, key_node, dotted=True)
        return NEUTRAL

    def _name(self, node: Node, path: tuple[str, ...], depth: int) -> Verdict:
        resolution = self.index.resolve(text(node), node)
        name = resolution.name
        for mutation in resolution.mutations:
            if self._mutation(mutation, path, depth).state == SCOPED:
                return SCOPED_VERDICT
        if not resolution.values:
            return unassigned_verdict(resolution, self.index)
        verdicts = []
        for value in resolution.values:
            if value is None:
                verdicts.append(unreadable_verdict(resolution))
                continue
            verdict = self._path(value, path, depth + 1)
            if verdict.state == UNSCOPED and not verdict.dotted:
                detail = verdict.reason or f"it has no `{'.'.join(path)}`"
                reason = f"`{name}` (line {line_of(value)}) is not scoped: {detail}"
                verdict = Verdict(UNSCOPED, reason, verdict.node)
            verdicts.append(verdict)
        return all_scoped(verdicts)

    def _mutation(
        self, mutation: Mutation, path: tuple[str, ...], depth: int
    ) -> Verdict:
        if mutation.method == "=":
            keys = [self.scoping.key(key) for key in mutation.keys]
            if (
                None in keys
                or len(keys) > len(path)
                or tuple(keys) != path[: len(keys)]
            ):
                return NEUTRAL
            if len(keys) == len(path):
                return SCOPED_VERDICT
            return self._path(mutation.node, path[len(keys) :], depth + 1)
        if mutation.method == "|=":
            return self._path(mutation.node, path, depth + 1)
        arguments = mutation.node.child_by_field_name("arguments")
        values = [] if arguments is None else elements(arguments)
        if mutation.method == "setdefault" and len(values) == 2:
            if self.scoping.key(values[0]) != path[0]:
                return NEUTRAL
            if len(path) == 1:
                return SCOPED_VERDICT
            return self._path(values[1], path[1:], depth + 1)
        if mutation.method == "update":
            return self._arguments(values, path, depth)
        return NEUTRAL

    def _call(self, node: Node, path: tuple[str, ...], depth: int) -> Verdict:
        if self.scoping.is_helper(node):
            return SCOPED_VERDICT
        function = node.child_by_field_name("function")
        if text(function) == "dict":
            arguments = node.child_by_field_name("arguments")
            values = [] if arguments is None else elements(arguments)
            return self._arguments(values, path, depth)
        return Verdict(
            UNKNOWN,
            f"it is returned by `{_spell(function)}()`,"
            " which is not a configured filter helper",
        )

    def _arguments(
        self, values: Sequence[Node], path: tuple[str, ...], depth: int
    ) -> Verdict:
        """Check the arguments of ``dict(...)`` or ``d.update(...)``."""
        parts = []
        for value in values:
            if value.type == "keyword_argument":
                name = text(value.child_by_field_name("name"))
                inner = value.child_by_field_name("value")
                if name == path[0] and inner is not None:
                    if len(path) == 1:
                        return SCOPED_VERDICT
                    parts.append(self._path(inner, path[1:], depth + 1))
                continue
            inner = value.named_child(0) if value.type == "dictionary_splat" else value
            if inner is not None and value.type != "list_splat":
                parts.append(self._path(inner, path, depth + 1))
        return any_scoped(parts, f"it has no `{path[0]}` key")

    # Updates.

    def field_writes(
        self, node: Node, fields: Sequence[str], depth: int = 0
    ) -> list[FieldWrite]:
        """Find the keys of an update that ``$set``, ``$unset`` or
        ``$rename`` a field, or a key that contains one."""
        node = unwrap(node)
        if depth > MAX_DEPTH:
            return []
        if node.type == "identifier":
            resolution = self.index.resolve(text(node), node)
            writes = []
            for value in resolution.values:
                if value is not None:
                    writes += self.field_writes(value, fields, depth + 1)
            return writes
        if node.type == "dictionary":
            return self._operator_writes(node, fields, depth, WRITING_OPERATORS)
        if node.type in ("list", "tuple"):
            writes = []
            for stage in elements(node):
                stage = unwrap(stage)
                if stage.type == "dictionary":
                    writes += self._operator_writes(
                        stage, fields, depth, WRITING_STAGES
                    )
            return writes
        return []

    def _operator_writes(
        self, node: Node, fields: Sequence[str], depth: int, operators: Sequence[str]
    ) -> list[FieldWrite]:
        writes = []
        for entry in pairs(node):
            key = entry.child_by_field_name("key") if entry.type == "pair" else None
            value = entry.child_by_field_name("value") if entry.type == "pair" else None
            operator = None if key is None else self.scoping.key(key)
            if operator in operators and value is not None:
                writes += self._written_keys(str(operator), value, fields, depth)
        return writes

    def _written_keys(
        self, operator: str, value: Node, fields: Sequence[str], depth: int
    ) -> list[FieldWrite]:
        value = unwrap(value)
        if value.type == "identifier" and depth < MAX_DEPTH:
            resolution = self.index.resolve(text(value), value)
            if len(resolution.values) == 1 and resolution.values[0] is not None:
                return self._written_keys(
                    operator, resolution.values[0], fields, depth + 1
                )
            return []
        if operator == "$unset" and value.type in ("string", "list"):
            names = [value] if value.type == "string" else elements(value)
            return [
                write
                for name in names
                for write in self._touches(operator, name, name, fields)
            ]
        if value.type != "dictionary":
            return []
        writes = []
        for entry in pairs(value):
            if entry.type != "pair":
                continue
            key = entry.child_by_field_name("key")
            target = entry.child_by_field_name("value")
            if key is not None:
                writes += self._touches(operator, key, key, fields)
            if operator == "$rename" and target is not None:
                writes += self._touches(operator, target, target, fields)
        return writes

    def _touches(
        self, operator: str, key: Node, where: Node, fields: Sequence[str]
    ) -> list[FieldWrite]:
        written = self.scoping.key(key)
        if written is None:
            return []
        for field in fields:
            if (
                written == field
                or field.startswith(written + ".")
                or written.startswith(field + ".")
            ):
                return [FieldWrite(where, operator, written, field)]
        return []


def _appended(mutation: Mutation) -> list[Node]:
    arguments = mutation.node.child_by_field_name("arguments")
    values = [] if arguments is None else elements(arguments)
    if mutation.method == "append" and len(values) == 1:
        return [values[0]]
    if (
        mutation.method == "extend"
        and len(values) == 1
        and unwrap(values[0]).type == "list"
    ):
        return elements(unwrap(values[0]))
    return []


def _spell(node: Node | None, limit: int = 40) -> str:
    spelled = " ".join(text(node).split())
    return spelled if len(spelled) <= limit else spelled[: limit - 3] + "..."
