"""The filter check: verdicts on whether a filter restricts to one
subscription, and the shared helpers of the pipeline and document checks.

Each check returns a :class:`Verdict`, which is scoped, not scoped or
unknown. A value not scoped carries the reason, phrased as a clause for
the finding's message. Unknown means the value cannot be read statically
(a parameter, an attribute, a call that is not a configured helper).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import (
    FileIndex,
    Mutation,
    Resolution,
)
from fisio_hooks.checkers.subscription_filter.spreads import SpreadKeys
from fisio_hooks.engine.syntax import string_value, text

SCOPED = "scoped"
UNSCOPED = "unscoped"
UNKNOWN = "unknown"

# Operators that keep a comparison on the field to the listed values.
RESTRICTING_OPERATORS = frozenset({"$eq", "$in"})
# Keys besides the fields whose entry may scope a filter; a later entry
# with the same key replaces it.
SCOPING_OPERATORS = ("$and", "$or", "$expr")
# Bounds the resolution of names bound to names bound to names.
MAX_DEPTH = 12


class Verdict:
    """A check's result. ``reason`` is why a value is not scoped, as a
    clause that follows "because". ``node`` is where, when that is not
    the value itself, and ``dotted`` marks a document with a dotted
    field key."""

    __slots__ = ("dotted", "node", "reason", "state")

    def __init__(
        self,
        state: str,
        reason: str = "",
        node: Node | None = None,
        dotted: bool = False,
    ) -> None:
        self.state = state
        self.reason = reason
        self.node = node
        self.dotted = dotted


SCOPED_VERDICT = Verdict(SCOPED)
# A part of a value that neither scopes it nor explains why not.
NEUTRAL = Verdict(UNSCOPED)

_Check = Callable[[Node], Verdict]


def any_scoped(verdicts: Iterable[Verdict], default: str) -> Verdict:
    """Combine the parts of a value of which one scoping part is enough."""
    unknown = unscoped = None
    for verdict in verdicts:
        if verdict.state == SCOPED:
            return verdict
        if verdict.state == UNKNOWN and unknown is None:
            unknown = verdict
        if verdict.state == UNSCOPED and verdict.reason and unscoped is None:
            unscoped = verdict
    return unscoped or unknown or Verdict(UNSCOPED, default)


def all_scoped(verdicts: Iterable[Verdict]) -> Verdict:
    """Combine alternatives of which each must scope: the first that does
    not, preferring one known not to scope."""
    unknown = None
    for verdict in verdicts:
        if verdict.state == UNSCOPED:
            return verdict
        if verdict.state == UNKNOWN and unknown is None:
            unknown = verdict
    return unknown or SCOPED_VERDICT


class Merged:
    """The entries of a filter in order, as later keys replace earlier
    ones: for each key that can scope, the last entry that wrote it,
    spelled for messages, with its verdict; and the other entries'
    verdicts."""

    def __init__(self, fields: Sequence[str]) -> None:
        self.scoping_keys = frozenset((*fields, *SCOPING_OPERATORS))
        self.writers: dict[str, tuple[str, Verdict]] = {}
        self.others: list[Verdict] = []

    def write(self, key: str, spelled: str, verdict: Verdict) -> None:
        self.writers[key] = (spelled, verdict)

    def replace_all(self, spelled: str, verdict: Verdict) -> None:
        """Merge a value whose keys cannot be read: it may replace every
        key written before it, so a scoping key before it no longer
        scopes for certain."""
        replaced = next(
            (
                label
                for label, earlier in self.writers.values()
                if earlier.state == SCOPED
            ),
            None,
        )
        self.writers.clear()
        if replaced is not None and verdict.state != SCOPED:
            reason = f"`{spelled}` comes after {replaced} and may replace it"
            verdict = Verdict(UNKNOWN, reason)
        self.writers["*"] = (f"`{spelled}`", verdict)

    def verdict(self, default: str) -> Verdict:
        written = [verdict for _, verdict in self.writers.values()]
        return any_scoped([*written, *self.others], default)


def unwrap(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def pairs(dictionary: Node) -> list[Node]:
    return [child for child in dictionary.named_children if child.type != "comment"]


def elements(sequence: Node) -> list[Node]:
    return [child for child in sequence.named_children if child.type != "comment"]


def line_of(node: Node) -> int:
    return node.start_point[0] + 1


def unassigned_verdict(resolution: Resolution, index: FileIndex) -> Verdict:
    """Say why a name with no assignment in this file cannot be verified."""
    name = resolution.name
    where = "imported" if name in index.imports else "not assigned in this file"
    return Verdict(UNKNOWN, f"`{name}` is {where}")


def unreadable_verdict(resolution: Resolution) -> Verdict:
    """Say why a binding without a readable value cannot be verified."""
    origin = "a parameter" if resolution.parameter else "bound where it cannot be read"
    return Verdict(UNKNOWN, f"`{resolution.name}` is {origin}")


class Scoping:
    """Scoping checks over one file's bindings and constants."""

    def __init__(
        self,
        index: FileIndex,
        fields: Sequence[str],
        helpers: Sequence[str],
        module: str,
    ) -> None:
        self.index = index
        self.fields = tuple(fields)
        self.helpers = tuple(helpers)
        self.module = module
        self.spreads = SpreadKeys(index, self.key)
        # Verdicts per filter node and fields. A name resolves to all of its
        # assignments, so `q = {**q, ...}` repeated n times would otherwise
        # be evaluated 2**n times.
        self._verdicts: dict[tuple[int, tuple[str, ...]], Verdict] = {}
        self._pending: set[tuple[int, tuple[str, ...]]] = set()

    # Keys and helpers.

    def key(self, node: Node) -> str | None:
        """Return a dict key's string: a literal, or a module or class
        constant; None when it cannot be resolved."""
        node = unwrap(node)
        literal = string_value(node)
        if literal is not None:
            return literal
        if node.type == "identifier":
            return self._constant(node)
        if node.type == "attribute":
            owner = text(node.child_by_field_name("object"))
            name = text(node.child_by_field_name("attribute"))
            if owner not in ("self", "cls"):
                return self.index.class_constants(owner).get(name)
            class_name = self.index.enclosing_class(node) or ""
            constant = self.index.class_constants(class_name).get(name)
            return constant or self._attribute_constant(class_name, name)
        return None

    def _attribute_constant(self, class_name: str, name: str) -> str | None:
        """Return the string every ``self.name = "..."`` of the class
        assigns, or None when one of them is anything else."""
        values = self.index.attributes.get((class_name, name), ())
        strings = {string_value(value) for value in values}
        if len(strings) == 1 and None not in strings:
            return strings.pop()
        return None

    def _constant(self, node: Node) -> str | None:
        name = text(node)
        resolution = self.index.resolve(name, node)
        values = [value for value in resolution.values if value is not None]
        if values and len(values) == len(resolution.values):
            strings = {string_value(value) for value in values}
            if len(strings) == 1:
                return strings.pop()
        return self.index.constants.get(name)

    def is_helper(self, call: Node) -> bool:
        function = call.child_by_field_name("function")
        if function is None or not self.helpers:
            return False
        qualified = self.qualify(function)
        last = qualified.rsplit(".", 1)[-1]
        return any(
            entry == qualified or ("." not in entry and entry == last)
            for entry in self.helpers
        )

    def qualify(self, function: Node) -> str:
        """Spell a called name as its qualified name, through imports:
        ``db.scoped(...)`` after ``from fisio import db`` is
        ``fisio.db.scoped``, ``self.scoped`` in class ``Repo`` of module
        ``fisio.repo`` is ``fisio.repo.Repo.scoped``."""
        path = text(function).replace(" ", "").replace("\n", "")
        head, _, rest = path.partition(".")
        if head in ("self", "cls"):
            class_name = self.index.enclosing_class(function) or ""
            head = self._local(class_name)
        elif head in self.index.imports:
            head = self.index.imports[head]
        else:
            head = self._local(head)
        return f"{head}.{rest}" if rest else head

    def _local(self, name: str) -> str:
        return f"{self.module}.{name}" if self.module else name

    # Filters.

    def filter(self, node: Node, fields: Sequence[str], depth: int = 0) -> Verdict:
        node = unwrap(node)
        key = (node.id, tuple(fields))
        cached = self._verdicts.get(key)
        if cached is not None:
            return cached
        if depth > MAX_DEPTH or key in self._pending:
            return Verdict(UNKNOWN, "it is built too indirectly to follow", node)
        self._pending.add(key)
        try:
            verdict = self._filter(node, fields, depth)
        finally:
            self._pending.discard(key)
        self._verdicts[key] = verdict
        return verdict

    def _filter(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        kind = node.type
        if kind == "none":
            return Verdict(UNSCOPED, "the filter is None, which matches every document")
        if kind == "dictionary":
            return self._filter_dict(node, fields, depth)
        if kind == "identifier":
            return self._filter_name(node, fields, depth)
        if kind == "call":
            return self._filter_call(node, fields, depth)
        if kind == "conditional_expression":
            return self._either(node, lambda part: self.filter(part, fields, depth + 1))
        if (
            kind == "binary_operator"
            and text(node.child_by_field_name("operator")) == "|"
        ):
            return self._union(node, fields, depth)
        if kind in ("attribute", "subscript"):
            return Verdict(UNKNOWN, f"it is read from `{_short(node)}`")
        if kind in ("integer", "float"):
            return Verdict(UNSCOPED, "it matches by `_id` only")
        return Verdict(UNKNOWN, f"it is the expression `{_short(node)}`")

    def _filter_dict(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        entries = [
            child for child in pairs(node) if child.type in ("pair", "dictionary_splat")
        ]
        if not entries:
            return Verdict(UNSCOPED, "the filter is empty")
        merged = Merged(fields)
        for child in entries:
            if child.type == "pair":
                self._merge_pair(merged, child, fields, depth)
                continue
            inner = child.named_child(0)
            if inner is not None:
                self._merge_spread(merged, inner, f"**{_short(inner)}", fields, depth)
        return merged.verdict(f"it has no `{fields[0]}` key")

    def _merge_pair(
        self, merged: Merged, pair: Node, fields: Sequence[str], depth: int
    ) -> None:
        key, verdict = self._filter_pair(pair, fields, depth)
        if key is not None and key in merged.scoping_keys:
            merged.write(key, f"the `{key}` key", verdict)
        else:
            merged.others.append(verdict)

    def _merge_spread(
        self,
        merged: Merged,
        value: Node,
        spelled: str,
        fields: Sequence[str],
        depth: int,
    ) -> None:
        """Merge a value spread into a filter, which replaces the keys it
        holds: ``**other`` in a dict, the right of ``a | b``."""
        verdict = self.filter(value, fields, depth + 1)
        keys = self.spreads.keys(value, depth + 1)
        if keys is None:
            merged.replace_all(spelled, verdict)
            return
        written = keys & merged.scoping_keys
        for key in written:
            merged.write(key, f"`{spelled}`", verdict)
        if not written and verdict.state != UNSCOPED:
            # A spread that writes no scoping key cannot unscope the
            # filter, so its own "no such key" reason is no reason here.
            merged.others.append(verdict)

    def _filter_pair(
        self, pair: Node, fields: Sequence[str], depth: int
    ) -> tuple[str | None, Verdict]:
        """Return a filter entry's key, when it can be read, and verdict."""
        key_node = pair.child_by_field_name("key")
        value = pair.child_by_field_name("value")
        if key_node is None or value is None:
            return None, NEUTRAL
        key = self.key(key_node)
        if key is None:
            reason = f"its key `{_short(key_node)}` cannot be resolved"
            return None, Verdict(UNKNOWN, reason)
        if key in fields:
            return key, self._field_value(key, value)
        if key in ("$and", "$or"):
            return key, self._logical(key, value, fields, depth)
        if key == "$expr" and self._expression_scopes(value, fields):
            return key, SCOPED_VERDICT
        return key, NEUTRAL

    def _expression_scopes(self, node: Node, fields: Sequence[str]) -> bool:
        """Tell whether an aggregation expression compares the field for
        equality: ``{"$eq": ["$info.owner.subID", v]}``, also inside
        ``$and``, as a ``$lookup`` pipeline matches its ``let`` variable."""
        node = unwrap(node)
        if node.type != "dictionary":
            return False
        for entry in pairs(node):
            key_node = (
                entry.child_by_field_name("key") if entry.type == "pair" else None
            )
            value = entry.child_by_field_name("value") if entry.type == "pair" else None
            if key_node is None or value is None:
                continue
            operator = self.key(key_node)
            value = unwrap(value)
            if value.type != "list":
                continue
            operands = elements(value)
            if operator == "$eq" and len(operands) == 2:
                paths = {string_value(operand) for operand in operands}
                if any(f"${field}" in paths for field in fields):
                    return True
            if operator == "$and" and any(
                self._expression_scopes(operand, fields) for operand in operands
            ):
                return True
        return False

    def _field_value(self, field: str, value: Node) -> Verdict:
        """Check the value a filter compares the field with: any
        expression restricts, except None and operators that match
        other subscriptions."""
        value = unwrap(value)
        if value.type == "none":
            return Verdict(
                UNSCOPED,
                f"`{field}` is compared with None, which matches documents that"
                " belong to no subscription",
                value,
            )
        if value.type != "dictionary":
            return SCOPED_VERDICT
        operators = []
        for child in pairs(value):
            key_node = (
                child.child_by_field_name("key") if child.type == "pair" else None
            )
            key = None if key_node is None else self.key(key_node)
            if key is None or not key.startswith("$"):
                return SCOPED_VERDICT
            if key in RESTRICTING_OPERATORS and not _is_none(
                child.child_by_field_name("value")
            ):
                return SCOPED_VERDICT
            operators.append(key)
        if not operators:
            return SCOPED_VERDICT
        listed = ", ".join(f"`{operator}`" for operator in operators)
        return Verdict(
            UNSCOPED,
            f"`{field}` is compared with {listed},"
            " which matches more than one subscription",
            value,
        )

    def _logical(
        self, operator: str, value: Node, fields: Sequence[str], depth: int
    ) -> Verdict:
        value = unwrap(value)
        if value.type not in ("list", "tuple"):
            return Verdict(
                UNKNOWN, f"its `{operator}` list `{_short(value)}` cannot be read"
            )
        members = [self.filter(member, fields, depth + 1) for member in elements(value)]
        if operator == "$and":
            return any_scoped(members, f"no `$and` member restricts `{fields[0]}`")
        if not members:
            return Verdict(UNSCOPED, "its `$or` list is empty")
        verdict = all_scoped(members)
        if verdict.state == UNSCOPED:
            return Verdict(
                UNSCOPED,
                f"a `$or` branch is not scoped: {verdict.reason}",
                verdict.node,
            )
        return verdict

    def _filter_name(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        resolution = self.index.resolve(text(node), node)
        name = resolution.name
        # The last mutation that adds or removes the field decides; one
        # after it that may replace the field makes it unsure again.
        replacing: Verdict | None = None
        for mutation in reversed(resolution.mutations):
            if self._removes_field(mutation, fields):
                reason = (
                    f"line {line_of(mutation.node)} removes the field from `{name}`"
                )
                return Verdict(UNSCOPED, reason)
            verdict = self._mutation_scopes(mutation, fields, depth)
            if verdict.state == SCOPED:
                return replacing or SCOPED_VERDICT
            replacing = replacing or self._replacement(mutation, verdict, fields)
        if not resolution.values:
            return unassigned_verdict(resolution, self.index)
        verdicts = []
        for value in resolution.values:
            if value is None:
                verdicts.append(unreadable_verdict(resolution))
                continue
            verdict = self.filter(value, fields, depth + 1)
            if verdict.state == UNSCOPED:
                reason = (
                    f"`{name}` (line {line_of(value)}) is not scoped: {verdict.reason}"
                )
                verdict = Verdict(UNSCOPED, reason, verdict.node)
            verdicts.append(verdict)
        verdict = all_scoped(verdicts)
        if verdict.state == SCOPED and replacing is not None:
            return replacing
        return verdict

    def _replacement(
        self, mutation: Mutation, verdict: Verdict, fields: Sequence[str]
    ) -> Verdict | None:
        """Say how ``q.update(other)`` or ``q |= other`` may replace the
        field of a scoped ``q``; None when it contains no key that scopes."""
        if mutation.method not in ("update", "|="):
            return None
        keys = self.spreads.mutation_keys(mutation)
        if keys is not None and not keys & {*fields, *SCOPING_OPERATORS}:
            return None
        spelled = _short(mutation.node)
        if mutation.method == "|=":
            spelled = f"|= {spelled}"
        where = f"`{spelled}` on line {line_of(mutation.node)}"
        if keys is None:
            return Verdict(UNKNOWN, f"{where} may replace its `{fields[0]}` key")
        return Verdict(UNSCOPED, f"{where} replaces it: {verdict.reason}", verdict.node)

    def _removes_field(self, mutation: Mutation, fields: Sequence[str]) -> bool:
        """Tell whether a mutation is ``del q[field]`` or ``q.pop(field)``."""
        if mutation.method == "del":
            return len(mutation.keys) == 1 and self.key(mutation.keys[0]) in fields
        if mutation.method != "pop":
            return False
        arguments = mutation.node.child_by_field_name("arguments")
        values = [] if arguments is None else elements(arguments)
        return bool(values) and self.key(values[0]) in fields

    def _mutation_scopes(
        self, mutation: Mutation, fields: Sequence[str], depth: int
    ) -> Verdict:
        node = mutation.node
        if mutation.method == "=" and len(mutation.keys) == 1:
            key = self.key(mutation.keys[0])
            if key is not None and key in fields:
                return self._field_value(key, node)
            return NEUTRAL
        if mutation.method == "|=":
            return self.filter(node, fields, depth + 1)
        if mutation.method in ("update", "setdefault"):
            return self._method_mutation(mutation, fields, depth)
        return NEUTRAL

    def _method_mutation(
        self, mutation: Mutation, fields: Sequence[str], depth: int
    ) -> Verdict:
        arguments = mutation.node.child_by_field_name("arguments")
        if arguments is None:
            return NEUTRAL
        children = elements(arguments)
        if mutation.method == "setdefault":
            key = self.key(children[0]) if len(children) == 2 else None
            if key is not None and key in fields:
                return self._field_value(key, children[1])
            return NEUTRAL
        parts = []
        for child in children:
            if child.type == "keyword_argument":
                if text(child.child_by_field_name("name")) in fields:
                    return SCOPED_VERDICT
            elif child.type not in ("list_splat", "dictionary_splat"):
                parts.append(self.filter(child, fields, depth + 1))
        return any_scoped(parts, "")

    def _filter_call(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        if self.is_helper(node):
            return SCOPED_VERDICT
        function = node.child_by_field_name("function")
        name = text(function)
        if name == "dict":
            return self._dict_call(node, fields, depth)
        if name in ("ObjectId", "bson.ObjectId"):
            return Verdict(UNSCOPED, "it matches by `_id` only")
        return Verdict(
            UNKNOWN,
            f"it is returned by `{_short(function)}()`,"
            " which is not a configured filter helper",
        )

    def _dict_call(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        """Check ``dict(base, key=value, **other)``, whose keywords and
        spreads replace the keys of ``base``."""
        arguments = node.child_by_field_name("arguments")
        children = [] if arguments is None else elements(arguments)
        if not children:
            return Verdict(UNSCOPED, "the filter is empty")
        merged = Merged(fields)
        for child in children:
            if child.type == "keyword_argument":
                name = text(child.child_by_field_name("name"))
                value = child.child_by_field_name("value")
                if name in fields and value is not None:
                    verdict = self._field_value(name, value)
                    merged.write(name, f"the `{name}` keyword", verdict)
                continue
            spread = child.type == "dictionary_splat"
            inner = child.named_child(0) if spread else child
            if inner is not None:
                spelled = f"**{_short(inner)}" if spread else _short(inner)
                self._merge_spread(merged, inner, spelled, fields, depth)
        return merged.verdict(f"it has no `{fields[0]}` key")

    def _either(self, node: Node, check: _Check) -> Verdict:
        branches = [child for child in node.named_children if child.type != "comment"]
        if len(branches) != 3:
            return Verdict(UNKNOWN, f"it is the expression `{_short(node)}`")
        return all_scoped([check(branches[0]), check(branches[2])])

    def _union(self, node: Node, fields: Sequence[str], depth: int) -> Verdict:
        """Check ``a | b``, whose right operand's keys replace the left's."""
        merged = Merged(fields)
        for side, prefix in (("left", ""), ("right", "| ")):
            part = node.child_by_field_name(side)
            if part is not None:
                spelled = f"{prefix}{_short(part)}"
                self._merge_spread(merged, part, spelled, fields, depth)
        return merged.verdict("")


def _is_none(node: Node | None) -> bool:
    return node is not None and unwrap(node).type == "none"


def _short(node: Node | None, limit: int = 40) -> str:
    """Spell a node on one line, shortened for a message."""
    spelled = " ".join(text(node).split())
    return spelled if len(spelled) <= limit else spelled[: limit - 3] + "..."
