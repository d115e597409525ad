"""The pipeline check: an aggregation pipeline must start by restricting
to one subscription.

A pipeline is scoped when its first stage is a ``$match`` whose filter
is scoped, after an optional leading ``$geoNear``, ``$search`` or
``$vectorSearch`` whose own query may scope it instead. Stages that
read another collection through a pipeline (``$lookup`` with
``pipeline`` and no ``localField``, ``$unionWith``) must scope that
pipeline too.
"""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import Mutation
from fisio_hooks.checkers.subscription_filter.scoping import (
    MAX_DEPTH,
    SCOPED,
    SCOPED_VERDICT,
    UNKNOWN,
    UNSCOPED,
    Scoping,
    Verdict,
    all_scoped,
    elements,
    pairs,
    unwrap,
)
from fisio_hooks.engine.syntax import string_value, text, walk


class Stages:
    """The stages of a pipeline as far as they can be read. ``nodes`` are
    every stage read, in order. The first ``leading`` of them start the
    pipeline, with no unreadable stage before them. ``unknown`` is why the
    stages after those cannot be read, "" when all can."""

    __slots__ = ("leading", "nodes", "unknown")

    def __init__(
        self,
        nodes: tuple[Node, ...] = (),
        unknown: str = "",
        leading: int | None = None,
    ) -> None:
        self.nodes = nodes
        self.unknown = unknown
        self.leading = len(nodes) if leading is None else leading

    def then(self, tail: Stages) -> Stages:
        """Return these stages followed by ``tail``'s."""
        if self.unknown:
            return Stages(self.nodes + tail.nodes, self.unknown, self.leading)
        leading = self.leading + tail.leading
        return Stages(self.nodes + tail.nodes, tail.unknown, leading)


class JoinProblem:
    """A stage that reads or writes another collection beyond one
    subscription: ``$lookup``, ``$unionWith`` or ``$graphLookup``, and
    ``$out`` or ``$merge``."""

    __slots__ = ("collection", "operator", "stage", "verdict")

    def __init__(
        self, stage: Node, operator: str, collection: str | None, verdict: Verdict
    ) -> None:
        self.stage = stage
        self.operator = operator
        self.collection = collection
        self.verdict = verdict


class Pipelines:
    def __init__(self, scoping: Scoping, global_collections: Sequence[str]) -> None:
        self.scoping = scoping
        self.index = scoping.index
        self.global_collections = frozenset(global_collections)

    def stages(self, node: Node, depth: int = 0) -> list[Stages]:
        """Read the stages of every value the pipeline may hold."""
        node = unwrap(node)
        if depth > MAX_DEPTH:
            return [Stages(unknown="it is built too indirectly to follow")]
        if node.type in ("list", "tuple"):
            return [Stages(tuple(elements(node)))]
        if (
            node.type == "binary_operator"
            and text(node.child_by_field_name("operator")) == "+"
        ):
            return self._concatenation(node, depth)
        if node.type == "identifier":
            return self._name_stages(node, depth)
        if node.type == "call" and self.scoping.is_helper(node):
            return []
        return [Stages(unknown=f"the pipeline `{_spell(node)}` cannot be read")]

    def _concatenation(self, node: Node, depth: int) -> list[Stages]:
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left is None or right is None:
            return [Stages(unknown="the pipeline cannot be read")]
        tails = self.stages(right, depth + 1)
        results: list[Stages] = []
        for head in self.stages(left, depth + 1):
            # Each alternative of the head with each of the tail's, up to a
            # bound that keeps rebound names from multiplying them.
            for tail in tails if len(results) < MAX_ALTERNATIVES else tails[:1]:
                results.append(head.then(tail))
        return results

    def _name_stages(self, node: Node, depth: int) -> list[Stages]:
        resolution = self.index.resolve(text(node), node)
        if not resolution.values:
            return [Stages(unknown=f"`{resolution.name}` is not assigned in this file")]
        results: list[Stages] = []
        for value in resolution.values:
            if value is None:
                origin = (
                    "a parameter"
                    if resolution.parameter
                    else "bound where it cannot be read"
                )
                unknown = Stages(unknown=f"`{resolution.name}` is {origin}")
                results.append(_apply(unknown, resolution.mutations))
                continue
            for stages in self.stages(value, depth + 1):
                results.append(_apply(stages, resolution.mutations))
        return results

    def verdict(self, node: Node, fields: Sequence[str]) -> Verdict:
        """Check that every value the pipeline may hold starts scoped."""
        return all_scoped(
            self._first_stages(stages, fields) for stages in self.stages(node)
        )

    def _first_stages(self, stages: Stages, fields: Sequence[str]) -> Verdict:
        readable = stages.nodes[: stages.leading]
        if not readable:
            if stages.unknown:
                return Verdict(UNKNOWN, stages.unknown)
            return Verdict(UNSCOPED, "the pipeline is empty")
        first = readable[0]
        operator, body = self.stage(first)
        if operator is None or body is None:
            return Verdict(
                UNKNOWN, f"its first stage `{_spell(first)}` cannot be read", first
            )
        if operator in LEADING:
            if self._leading_scopes(operator, body, fields):
                return SCOPED_VERDICT
            if len(readable) == 1 and stages.unknown:
                return Verdict(UNKNOWN, stages.unknown)
            if len(readable) == 1:
                return Verdict(
                    UNSCOPED,
                    f"its `{operator}` stage does not restrict `{fields[0]}`",
                    first,
                )
            return self._match(readable[1], fields, after=operator)
        return self._match(first, fields)

    def _match(self, stage: Node, fields: Sequence[str], after: str = "") -> Verdict:
        operator, body = self.stage(stage)
        place = f"the stage after `{after}`" if after else "its first stage"
        if operator is None or body is None:
            return Verdict(UNKNOWN, f"{place} `{_spell(stage)}` cannot be read", stage)
        if operator != "$match":
            return Verdict(UNSCOPED, f"{place} is `{operator}`, not a `$match`", stage)
        verdict = self.scoping.filter(body, fields)
        if verdict.state == SCOPED:
            return verdict
        if verdict.state == UNKNOWN:
            return Verdict(UNKNOWN, f"in its `$match`, {verdict.reason}", stage)
        reason = f"its `$match` is not scoped: {verdict.reason}"
        return Verdict(UNSCOPED, reason, stage)

    def stage(self, node: Node) -> tuple[str | None, Node | None]:
        """Return a stage's operator and body, through one name."""
        node = unwrap(node)
        if node.type == "identifier":
            values = self.index.resolve(text(node), node).values
            if len(values) != 1 or values[0] is None:
                return None, None
            node = unwrap(values[0])
        if node.type != "dictionary":
            return None, None
        entries = [child for child in pairs(node) if child.type == "pair"]
        if len(entries) != 1:
            return None, None
        key = entries[0].child_by_field_name("key")
        operator = None if key is None else self.scoping.key(key)
        return operator, entries[0].child_by_field_name("value")

    def _leading_scopes(self, operator: str, body: Node, fields: Sequence[str]) -> bool:
        body = unwrap(body)
        if body.type != "dictionary":
            return False
        if operator == "$search":
            return self._search_scopes(body, fields)
        query_key = "query" if operator == "$geoNear" else "filter"
        for entry in pairs(body):
            key = entry.child_by_field_name("key") if entry.type == "pair" else None
            value = entry.child_by_field_name("value")
            if (
                key is not None
                and value is not None
                and self.scoping.key(key) == query_key
            ):
                return self.scoping.filter(value, fields).state == SCOPED
        return False

    def _search_scopes(self, body: Node, fields: Sequence[str]) -> bool:
        """Find an Atlas Search ``equals`` or ``in`` operator on the field."""
        for node in walk(body):
            if node.type != "pair":
                continue
            key = node.child_by_field_name("key")
            value = node.child_by_field_name("value")
            if (
                key is None
                or value is None
                or self.scoping.key(key) not in ("equals", "in")
            ):
                continue
            for entry in (
                pairs(unwrap(value)) if unwrap(value).type == "dictionary" else []
            ):
                entry_key = entry.child_by_field_name("key")
                entry_value = entry.child_by_field_name("value")
                if entry_key is None or entry_value is None:
                    continue
                if (
                    self.scoping.key(entry_key) == "path"
                    and string_value(entry_value) in fields
                ):
                    return True
        return False

    def join_problems(
        self, node: Node, fields: Sequence[str], depth: int = 0
    ) -> list[JoinProblem]:
        """Check the ``$lookup``, ``$unionWith`` and ``$graphLookup``
        stages of a pipeline, and of the pipelines nested in its
        ``$facet``, ``$lookup`` and ``$unionWith`` stages."""
        problems = []
        for stage in self._distinct_stages(node):
            problem = self._join_problem(stage, fields)
            if problem is not None:
                problems.append(problem)
            if depth < MAX_DEPTH:
                for nested in self._nested_pipelines(stage):
                    problems += self.join_problems(nested, fields, depth + 1)
        return problems

    def _distinct_stages(self, node: Node) -> list[Node]:
        """Return every stage the pipeline ``node`` may have, each once,
        though several readings of the pipeline share it."""
        found = []
        seen: set[int] = set()
        for stages in self.stages(node):
            for stage in stages.nodes:
                if stage.id not in seen:
                    seen.add(stage.id)
                    found.append(stage)
        return found

    def _nested_pipelines(self, stage: Node) -> list[Node]:
        operator, body = self.stage(stage)
        if body is None or unwrap(body).type != "dictionary":
            return []
        options = self._options(unwrap(body))
        if operator == "$facet":
            return list(options.values())
        if operator in ("$lookup", "$unionWith") and "pipeline" in options:
            return [options["pipeline"]]
        return []

    def _join_problem(self, stage: Node, fields: Sequence[str]) -> JoinProblem | None:
        operator, body = self.stage(stage)
        if operator not in JOINS or body is None:
            return None
        body = unwrap(body)
        if operator == "$graphLookup":
            return self._graph_lookup(stage, body, fields)
        if operator == "$unionWith" and body.type != "dictionary":
            collection = self.string(body)
            if collection in self.global_collections:
                return None
            reason = "it adds every document of the collection"
            return JoinProblem(stage, operator, collection, Verdict(UNSCOPED, reason))
        if body.type != "dictionary":
            return None
        options = self._options(body)
        if operator == "$lookup" and (
            "pipeline" not in options or "localField" in options
        ):
            return None
        source = options.get("from" if operator == "$lookup" else "coll")
        collection = None if source is None else self.string(source)
        if collection in self.global_collections:
            return None
        pipeline = options.get("pipeline")
        if pipeline is None:
            reason = "it adds every document of the collection"
            return JoinProblem(stage, operator, collection, Verdict(UNSCOPED, reason))
        verdict = self.verdict(pipeline, fields)
        if verdict.state == SCOPED:
            return None
        return JoinProblem(stage, operator, collection, verdict)

    def _graph_lookup(
        self, stage: Node, body: Node, fields: Sequence[str]
    ) -> JoinProblem | None:
        """Check a ``$graphLookup``: it matches ``connectToField`` against
        values it found in the other collection, step after step, so only
        its ``restrictSearchWithMatch`` keeps every step in one
        subscription."""
        if body.type != "dictionary":
            return None
        options = self._options(body)
        source = options.get("from")
        collection = None if source is None else self.string(source)
        if collection in self.global_collections:
            return None
        restriction = options.get("restrictSearchWithMatch")
        if restriction is None:
            reason = "it has no `restrictSearchWithMatch`"
            verdict = Verdict(UNSCOPED, reason)
        else:
            verdict = self.scoping.filter(restriction, fields)
            if verdict.state == SCOPED:
                return None
            if verdict.state == UNSCOPED:
                reason = (
                    f"its `restrictSearchWithMatch` is not scoped: {verdict.reason}"
                )
                verdict = Verdict(UNSCOPED, reason)
        return JoinProblem(stage, "$graphLookup", collection, verdict)

    def write_problems(self, node: Node, fields: Sequence[str]) -> list[JoinProblem]:
        """Check the ``$out`` and ``$merge`` stages of a pipeline, which
        write its output into another collection."""
        problems = []
        for stage in self._distinct_stages(node):
            operator, body = self.stage(stage)
            problem = None
            if operator == "$out" and body is not None:
                problem = self._out(stage, unwrap(body))
            elif operator == "$merge" and body is not None:
                problem = self._merge(stage, unwrap(body), fields)
            if problem is not None:
                problems.append(problem)
        return problems

    def _out(self, stage: Node, body: Node) -> JoinProblem | None:
        """Check ``$out``, which replaces the whole target collection, so
        every other subscription's documents in it are deleted."""
        collection = self._target(body, "coll")
        if collection in self.global_collections:
            return None
        reason = "it replaces the whole collection"
        return JoinProblem(stage, "$out", collection, Verdict(UNSCOPED, reason))

    def _merge(
        self, stage: Node, body: Node, fields: Sequence[str]
    ) -> JoinProblem | None:
        """Check ``$merge``, which changes the target documents whose
        ``on`` fields (``_id`` by default) equal an output document's: it
        stays in one subscription only when ``on`` includes the field, or
        when ``whenMatched`` never changes a matched document."""
        options = self._options(body) if body.type == "dictionary" else {}
        target = options.get("into", body)
        collection = self._target(unwrap(target), "coll")
        if collection in self.global_collections:
            return None
        when_matched = options.get("whenMatched")
        if when_matched is not None and self.string(when_matched) in KEEPING:
            return None
        on = options.get("on")
        keys = ["_id"] if on is None else self._strings(on)
        if keys is None:
            assert on is not None
            reason = f"its `on` fields `{_spell(on)}` cannot be read"
            return JoinProblem(stage, "$merge", collection, Verdict(UNKNOWN, reason))
        if any(key in fields for key in keys):
            return None
        spelled = ", ".join(f"`{key}`" for key in keys)
        reason = f"it matches existing documents by {spelled} only"
        return JoinProblem(stage, "$merge", collection, Verdict(UNSCOPED, reason))

    def _target(self, body: Node, key: str) -> str | None:
        """Return the collection a ``$out`` or ``$merge`` writes: a string,
        or the ``coll`` of ``{"db": ..., "coll": ...}``."""
        if body.type == "dictionary":
            value = self._options(body).get(key)
            return None if value is None else self.string(value)
        return self.string(body)

    def string(self, node: Node) -> str | None:
        """Read a string: a literal, a module or class constant, or a
        name assigned one string; None when it is anything else."""
        node = unwrap(node)
        value = self.scoping.key(node)
        if value is not None or node.type != "identifier":
            return value
        values = self.index.resolve(text(node), node).values
        if len(values) != 1 or values[0] is None:
            return None
        return string_value(unwrap(values[0]))

    def _strings(self, node: Node) -> list[str] | None:
        """Read a string or a list or tuple of strings, through one name;
        None when it is anything else."""
        node = unwrap(node)
        if node.type == "identifier":
            values = self.index.resolve(text(node), node).values
            if len(values) == 1 and values[0] is not None:
                node = unwrap(values[0])
        if node.type in ("list", "tuple"):
            items = [self.string(item) for item in elements(node)]
            return None if None in items else [item for item in items if item]
        value = self.string(node)
        return None if value is None else [value]

    def options(self, node: Node) -> dict[str, Node] | None:
        """Return the fields of a dict literal, through one name; None when
        it is anything else."""
        node = unwrap(node)
        if node.type == "identifier":
            values = self.index.resolve(text(node), node).values
            if len(values) != 1 or values[0] is None:
                return None
            node = unwrap(values[0])
        return self._options(node) if node.type == "dictionary" else None

    def _options(self, body: Node) -> dict[str, Node]:
        options = {}
        for entry in pairs(body):
            key = entry.child_by_field_name("key") if entry.type == "pair" else None
            value = entry.child_by_field_name("value") if entry.type == "pair" else None
            name = None if key is None else self.scoping.key(key)
            if name is not None and value is not None:
                options[name] = value
        return options


LEADING = frozenset({"$geoNear", "$search", "$vectorSearch"})
# Bounds the alternatives a concatenation of rebound names may have.
MAX_ALTERNATIVES = 64
# Stages that read another collection.
JOINS = frozenset({"$lookup", "$unionWith", "$graphLookup"})
# $merge whenMatched values that never change a document already there.
KEEPING = frozenset({"keepExisting", "fail"})


def _apply(stages: Stages, mutations: Sequence[Mutation]) -> Stages:
    """Apply ``append``, ``insert(0, ...)``, ``extend`` and ``+=`` to the
    stages a name was assigned. A stage inserted first starts the
    pipeline even when the rest cannot be read."""
    nodes = list(stages.nodes)
    leading, unknown = stages.leading, stages.unknown
    for mutation in mutations:
        arguments = mutation.node.child_by_field_name("arguments")
        values = [] if arguments is None else elements(arguments)
        if mutation.method == "insert" and len(values) == 2 and text(values[0]) == "0":
            nodes.insert(0, values[1])
            leading += 1
            continue
        appended = (mutation.method, len(values)) in (("append", 1), ("insert", 2))
        if appended:
            nodes.append(values[-1])
        elif mutation.method in ("extend", "+="):
            added = (
                values[0] if mutation.method == "extend" and values else mutation.node
            )
            added = unwrap(added)
            if added.type not in ("list", "tuple"):
                unknown = unknown or f"it is extended with `{_spell(added)}`"
                continue
            nodes += elements(added)
        else:
            continue
        if not unknown:
            leading = len(nodes)
    return Stages(tuple(nodes), unknown, leading)


def _spell(node: Node, limit: int = 40) -> str:
    spelled = " ".join(text(node).split())
    return spelled if len(spelled) <= limit else spelled[: limit - 3] + "..."
