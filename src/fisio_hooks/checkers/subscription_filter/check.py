"""The subscription-filter check: every MongoDB call of one file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter import messages
from fisio_hooks.checkers.subscription_filter.bindings import (
    FileIndex,
    attribute_values,
    build_index,
)
from fisio_hooks.checkers.subscription_filter.commands import (
    COMMAND_METHODS,
    COMMANDS,
    read_command,
)
from fisio_hooks.checkers.subscription_filter.documents import Documents
from fisio_hooks.checkers.subscription_filter.methods import (
    COLLECTION_METHODS,
    OPERATION_CLASSES,
    UNFILTERED_METHODS,
    Argument,
)
from fisio_hooks.checkers.subscription_filter.pipelines import JoinProblem, Pipelines
from fisio_hooks.checkers.subscription_filter.receivers import (
    CLIENT,
    COLLECTION,
    CURSOR,
    DATABASE,
    SCOPED,
    Receiver,
    Receivers,
    dotted_path,
)
from fisio_hooks.checkers.subscription_filter.receivers import UNKNOWN as OTHER
from fisio_hooks.checkers.subscription_filter.scoping import (
    SCOPED as SCOPED_STATE,
)
from fisio_hooks.checkers.subscription_filter.scoping import (
    UNKNOWN,
    UNSCOPED,
    Scoping,
    any_scoped,
    unwrap,
)
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import FileContext
from fisio_hooks.engine.syntax import NAME_BYTES, string_value, text

CALL_NAMES = (
    frozenset(COLLECTION_METHODS)
    | frozenset(UNFILTERED_METHODS)
    | frozenset(OPERATION_CLASSES)
    | COMMAND_METHODS
)
# Method names other libraries use too (str.find, ElementTree's find,
# SQLAlchemy's distinct, Django's aggregate, pandas' drop): reported only
# on a collection-shaped receiver or with a filter or pipeline literal.
GENERIC_METHODS = frozenset({"find", "distinct", "aggregate", "watch", "drop"})
# List elements that cannot be pipeline stages. A name can hold a stage,
# so a list of names still counts as a pipeline.
NOT_STAGES = frozenset(
    {"string", "concatenated_string", "integer", "float", "attribute"}
)
PYMONGO_MODULES = ("pymongo", "motor")
# Why a filter that is not in a call's arguments may still be there: a
# method call's splat, or a raw command's spread or later change.
HIDDEN_REASON = {
    False: "it is passed through `*args` or `**kwargs`",
    True: "the command's fields cannot all be read",
}
# Names of a stage's unverifiable part in FIS102 messages.
STAGE_ROLES = {
    "$lookup": "pipeline",
    "$unionWith": "pipeline",
    "$graphLookup": "restrictSearchWithMatch",
}
# Syntax types that pymongo rejects for each argument: a filter and a
# document must be mappings, a pipeline and a list of documents lists.
_SEQUENCES = {
    "list",
    "tuple",
    "set",
    "list_comprehension",
    "set_comprehension",
    "generator_expression",
}
_SCALARS = {"string", "integer", "float", "true", "false"}
REJECTED_TYPES = {
    "filter": frozenset(_SEQUENCES | _SCALARS),
    "document": frozenset(_SEQUENCES | _SCALARS | {"none"}),
    "replacement": frozenset(_SEQUENCES | _SCALARS | {"none"}),
    "pipeline": frozenset(_SCALARS | {"dictionary", "dictionary_comprehension", "set"}),
    "documents": frozenset(_SCALARS | {"dictionary", "none"}),
}


# Candidate names that contain no other one. A file without any of them
# is skipped by substring search, which is faster than the call pattern.
MARKERS = tuple(
    sorted(
        (
            name.encode()
            for name in CALL_NAMES
            if not any(other != name and other in name for other in CALL_NAMES)
        ),
        key=len,
    )
)
# Names only pymongo uses: a file with one of them needs no call pattern.
PYMONGO_ONLY = tuple(
    name.encode()
    for name in sorted(COLLECTION_METHODS)
    if name not in GENERIC_METHODS and name != "bulk_write"
)


# Methods whose bound method may be called through a name:
# ``find = db.orders.find; find({...})``.
BOUND_METHOD_NAMES = (
    frozenset(COLLECTION_METHODS) | frozenset(UNFILTERED_METHODS) | COMMAND_METHODS
)


# How many names deep `again = find; find = db.orders.find` is followed.
MAX_ALIAS_DEPTH = 8
# Bound-method reads are found by substring search: compiling a pattern
# would cost every process more than the search saves. A name that
# starts with another (find_one, find) needs no search of its own.
BOUND_NEEDLES = tuple(
    b"." + name.encode()
    for name in sorted(BOUND_METHOD_NAMES)
    if not any(name.startswith(other) and name != other for other in BOUND_METHOD_NAMES)
)


def reads_bound_method(data: bytes) -> bool:
    """Tell whether a candidate method is read without a call, as in
    ``find = db.orders.find``: its name after a dot, followed by neither
    a parenthesis nor another name character."""
    for needle in BOUND_NEEDLES:
        start = data.find(needle)
        while start >= 0:
            end = start + 1
            while end < len(data) and data[end] in NAME_BYTES:
                end += 1
            name = data[start + 1 : end].decode("ascii", "replace")
            if name in BOUND_METHOD_NAMES:
                rest = data[end : end + 80].lstrip(b" \t")
                if not rest or rest[0] != 0x28:
                    return True
            start = data.find(needle, end)
    return False


@cache
def candidate_pattern() -> re.Pattern[bytes]:
    """Return the pattern of the bytes a candidate call contains: a method
    name after a dot and before a parenthesis, whitespace allowed, or an
    operation class name anywhere, since an alias may call it."""
    methods = "|".join(
        sorted(set(COLLECTION_METHODS) | set(UNFILTERED_METHODS) | COMMAND_METHODS)
    )
    classes = "|".join(sorted(OPERATION_CLASSES))
    return re.compile(rf"\.\s*(?:{methods})\s*\(|\b(?:{classes})\b".encode())


def check(context: FileContext) -> Iterator[Finding]:
    settings = context.settings.subscription_filter
    data = context.source.utf8
    if not settings.fields or not _has_candidates(data):
        return
    bound = reads_bound_method(data)
    index = build_index(
        context.source.root, CALL_NAMES, BOUND_METHOD_NAMES if bound else frozenset()
    )
    if not index.calls:
        return
    calls = CallChecker(context, index)
    for call in index.calls:
        yield from calls.check(call)


def _has_candidates(data: bytes) -> bool:
    """Tell whether a file may contain a candidate call, by substring
    search first and the call pattern only for names other APIs share."""
    if not any(marker in data for marker in MARKERS):
        return False
    if any(name in data for name in PYMONGO_ONLY):
        return True
    return candidate_pattern().search(data) is not None


def module_name(relative_path: str) -> str:
    """Return the dotted module name of a project-relative path."""
    path = relative_path.removeprefix("src/")
    if not path.endswith(".py"):
        return ""
    parts = path[:-3].split("/")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


class Call:
    """A checked call: its node, the method or class name that messages
    use, and its receiver."""

    __slots__ = ("name", "node", "receiver")

    def __init__(self, node: Node, name: str, receiver: Receiver) -> None:
        self.node = node
        self.name = name
        self.receiver = receiver


class CallChecker:
    def __init__(self, context: FileContext, index: FileIndex) -> None:
        settings = context.settings.subscription_filter
        self.context = context
        self.index = index
        self.fields = settings.fields
        self.field = settings.fields[0]
        self.global_collections = frozenset(settings.global_collections)
        self.receivers = Receivers(index, settings.scoped_receivers)
        self.scoping = Scoping(
            index,
            settings.fields,
            settings.filter_helpers,
            module_name(context.relative_path),
        )
        self.pipelines = Pipelines(self.scoping, settings.global_collections)
        self.documents = Documents(self.scoping)
        self._call = index.root

    def check(self, node: Node) -> Iterator[Finding]:
        self._call = node
        function = node.child_by_field_name("function")
        if function is None:
            return
        if function.type == "identifier" and text(function) in self.index.bound_names:
            bound = self._bound_methods(function)
            if bound:
                yield from _unique(
                    finding
                    for owner, name in bound
                    for finding in self._method(node, owner, name)
                )
                return
        if (
            function.type == "identifier"
            or text(function.child_by_field_name("attribute")) in OPERATION_CLASSES
        ):
            yield from self._operation(node, function)
            return
        owner = function.child_by_field_name("object")
        if owner is not None:
            name = text(function.child_by_field_name("attribute"))
            yield from self._method(node, owner, name)

    def _bound_methods(self, function: Node, depth: int = 0) -> list[tuple[Node, str]]:
        """Return the receivers and method names a called name is bound
        to, as ``find = db.orders.find`` binds ``find``, through other
        names bound the same way (``again = find``)."""
        bound = []
        for value in self.index.resolve(text(function), function).values:
            if value is None:
                continue
            value = unwrap(value)
            if value.type == "identifier" and text(value) in self.index.bound_names:
                if depth < MAX_ALIAS_DEPTH:
                    bound.extend(self._bound_methods(value, depth + 1))
                continue
            for attribute in attribute_values(value):
                owner = attribute.child_by_field_name("object")
                name = text(attribute.child_by_field_name("attribute"))
                if owner is not None and name in BOUND_METHOD_NAMES:
                    bound.append((owner, name))
        return bound

    def _method(self, node: Node, owner: Node, name: str) -> Iterator[Finding]:
        """Check a call of the method ``name`` on ``owner``."""
        if name in COMMAND_METHODS:
            yield from self._command(node, owner)
            return
        if name in COLLECTION_METHODS and self._rejected_by_pymongo(node, name):
            return
        receiver = self.receivers.classify(owner)
        if receiver.kind in (SCOPED, CURSOR):
            return
        call = Call(node, name, receiver)
        if receiver.collection in self.global_collections:
            yield from self._global_pipeline(call)
            return
        if name in UNFILTERED_METHODS:
            yield from self._unfiltered(call)
            return
        spec = COLLECTION_METHODS[name]
        if name in GENERIC_METHODS and not self._looks_like_mongo(call, spec):
            return
        yield from self._arguments(call, spec)

    def _global_pipeline(self, call: Call) -> Iterator[Finding]:
        """Check the stages of a pipeline on a global collection that read
        or write a tenant collection: ``$lookup`` of one, or ``$out``."""
        if call.name not in ("aggregate", "aggregate_raw_batches"):
            return
        spec = COLLECTION_METHODS[call.name]
        argument, _ = self._argument(call.node, spec[0][1], spec[0][2])
        if argument is not None and self._literal_of(argument, "pipeline"):
            yield from self._stage_problems(argument)

    def _command(self, node: Node, owner: Node) -> Iterator[Finding]:
        """Check a raw command on a collection, as
        ``db.command("find", "orders", filter={...})``."""
        command = read_command(node, self.index, self.scoping.key)
        if command is None or command.collection in self.global_collections:
            return
        explain = command.fields.get("explain")
        if explain is not None and unwrap(explain).type == "true":
            # An explained command returns its plan, not documents.
            return

        # A command spelled as a name and keywords needs a database-shaped
        # receiver, as generic method names do, because click's and typer's
        # groups have a command method too. A command document suffices.
        receiver = self.receivers.classify(owner)
        kinds = (DATABASE, OTHER) if command.document else (DATABASE,)
        if receiver.kind not in kinds:
            return

        name = f'command("{command.name}")'
        call = Call(node, name, Receiver(COLLECTION, command.collection))
        for role, field in COMMANDS[command.name]:
            value = command.fields.get(field)
            hidden = command.hidden and value is None
            if (
                value is not None
                and field in command.replaced
                and role
                in (
                    "filter",
                    "pipeline",
                )
            ):
                reason = f"a `**` spread or an update after `{field}` may replace it"
                where = messages.target(call.receiver)
                message = messages.unverifiable(call.name, role, where, reason)
                yield self._finding("FIS102", value, message)
                continue
            if role == "filter":
                yield from self._filter(call, value, hidden)
            elif role == "pipeline" and (value is not None or hidden):
                yield from self._pipeline(call, value, hidden)
            elif role == "update" and value is not None:
                yield from self._update(call, value)
            elif role == "documents" and value is not None:
                yield from self._documents(call, value)
            elif role == "statements" and (value is not None or hidden):
                yield from self._statements(call, field, value)

    def _statements(
        self, call: Call, field: str, value: Node | None
    ) -> Iterator[Finding]:
        """Check the ``updates`` or ``deletes`` of a raw command: each
        statement's filter ``q`` and update ``u``."""
        where = messages.target(call.receiver)
        items = None if value is None else self.documents.items(value)
        if value is None or items is None:
            reason = (
                HIDDEN_REASON[True]
                if value is None
                else f"its {field} `{_spell(value)}` cannot be read"
            )
            message = messages.unverifiable(call.name, field, where, reason)
            yield self._finding("FIS102", value or call.node, message)
            return
        for item in items:
            statement = self.pipelines.options(item)
            if statement is None:
                reason = f"the statement `{_spell(item)}` cannot be read"
                message = messages.unverifiable(call.name, field, where, reason)
                yield self._finding("FIS102", item, message)
                continue
            yield from self._filter(call, statement.get("q"), False)
            update = statement.get("u")
            if update is not None:
                yield from self._update(call, update)

    def _finding(self, code: str, node: Node, message: str) -> Finding:
        """Report at ``node``, or at the call when ``node`` lies outside it,
        as a command document bound to a name on another line does."""
        return self.context.finding(code, self._inside(node, self._call), message)

    def _unfiltered(self, call: Call) -> Iterator[Finding]:
        """Report ``estimated_document_count()``, and ``drop()`` on a
        collection-shaped receiver (pandas and others have drop too)."""
        if call.name == "drop" and call.receiver.kind != COLLECTION:
            return
        where = messages.target(call.receiver)
        message = messages.unfiltered_method(call.name, where, self.field)
        yield self._finding("FIS101", self._method_node(call), message)

    def _operation(self, node: Node, function: Node) -> Iterator[Finding]:
        path = dotted_path(function)
        head, _, rest = path.partition(".")
        origin = self.index.imports.get(head, head if rest else "")
        qualified = f"{origin}.{rest}" if rest else origin
        name = qualified.rsplit(".", 1)[-1]
        if name not in OPERATION_CLASSES or not origin.startswith(PYMONGO_MODULES):
            return
        namespace = self._keyword(node, "namespace")
        collection = None
        if namespace is not None:
            spelled = string_value(namespace)
            collection = None if spelled is None else spelled.partition(".")[2] or None
        if collection in self.global_collections:
            return
        yield from self._arguments(
            Call(node, name, Receiver(COLLECTION, collection)), OPERATION_CLASSES[name]
        )

    def _rejected_by_pymongo(self, node: Node, name: str) -> bool:
        """Tell whether the call's first filter, pipeline or document
        argument has a type pymongo rejects with a TypeError, such as
        ``text.find("x")`` or a cache's ``delete_many(keys)`` with a list,
        so the receiver is not a collection."""
        role, position, keyword, _ = COLLECTION_METHODS[name][0]
        rejected = REJECTED_TYPES.get(role)
        if rejected is None:
            return False
        if name == "find_one":
            # find_one takes any other value as an _id, except text, which
            # is far more often a resource name in a wrapper's find_one.
            rejected = rejected - {"integer", "float"}
        argument, _ = self._argument(node, position, keyword)
        if argument is None:
            return False
        types = self._value_types(argument)
        return bool(types) and all(kind in rejected for kind in types)

    def _value_types(self, node: Node) -> list[str]:
        """Return the syntax types of the values an argument may hold,
        through one name; empty when one of them cannot be read."""
        node = unwrap(node)
        if _is_text(node):
            return ["string"]
        if node.type != "identifier":
            return [node.type]
        values = self.index.resolve(text(node), node).values
        if not values or any(value is None for value in values):
            return []
        return [
            "string" if _is_text(value) else unwrap(value).type
            for value in values
            if value
        ]

    def _looks_like_mongo(self, call: Call, spec: tuple[Argument, ...]) -> bool:
        if call.receiver.kind == COLLECTION:
            return True
        if call.receiver.kind in (DATABASE, CLIENT):
            return call.name == "watch"
        for role, position, keyword, _ in spec:
            argument, _ = self._argument(call.node, position, keyword)
            if argument is not None and self._literal_of(argument, role):
                return True
        return False

    def _literal_of(self, node: Node, role: str) -> bool:
        """Tell whether ``node`` is, or names, a dict (for a filter) or a
        list (for a pipeline) literal."""
        node = unwrap(node)
        if node.type == "identifier":
            values = self.index.resolve(text(node), node).values
            return bool(values) and all(
                value is not None and self._literal_of(value, role) for value in values
            )
        if role == "pipeline":
            # Pipeline stages are dicts: a list of strings or functions is
            # pandas' aggregate(["sum", "mean"]), not a pipeline.
            stages = node.named_children
            return node.type == "list" and not (
                stages and all(unwrap(stage).type in NOT_STAGES for stage in stages)
            )
        if node.type == "call":
            return text(node.child_by_field_name("function")) == "dict"
        return node.type == "dictionary"

    def _arguments(self, call: Call, spec: tuple[Argument, ...]) -> Iterator[Finding]:
        found = [self._argument(call.node, entry[1], entry[2]) for entry in spec]
        for (argument, hidden), (*_, required) in zip(found, spec, strict=True):
            if required and argument is None and not hidden:
                # pymongo raises TypeError without it, so the receiver is
                # something else with a method of the same name.
                return
        for (argument, hidden), (role, *_) in zip(found, spec, strict=True):
            if role == "filter":
                yield from self._filter(call, argument, hidden)
            elif role == "pipeline":
                yield from self._pipeline(call, argument, hidden)
            elif role == "update" and argument is not None:
                yield from self._update(call, argument)
            elif role in ("document", "replacement") and argument is not None:
                yield from self._document(call, argument, argument)
            elif role == "documents" and argument is not None:
                yield from self._documents(call, argument)

    def _filter(
        self, call: Call, argument: Node | None, hidden: bool
    ) -> Iterator[Finding]:
        where = messages.target(call.receiver)
        if argument is None:
            if hidden:
                reason = HIDDEN_REASON[call.name.startswith("command(")]
                message = messages.unverifiable(call.name, "filter", where, reason)
                yield self._finding("FIS102", call.node, message)
            else:
                message = messages.missing_filter(call.name, where, self.field)
                yield self._finding("FIS101", self._method_node(call), message)
            return
        verdict = self.scoping.filter(argument, self.fields)
        if verdict.state == UNSCOPED:
            message = messages.unscoped_filter(
                call.name, where, verdict.reason, self.field
            )
            yield self._finding("FIS101", argument, message)
        elif verdict.state == UNKNOWN:
            message = messages.unverifiable(call.name, "filter", where, verdict.reason)
            yield self._finding("FIS102", argument, message)

    def _pipeline(
        self, call: Call, argument: Node | None, hidden: bool
    ) -> Iterator[Finding]:
        where = messages.target(call.receiver)
        fields = self.fields
        if call.name == "watch":
            fields = tuple(f"fullDocument.{field}" for field in self.fields)
        if argument is None:
            if hidden:
                reason = "it is passed through `*args` or `**kwargs`"
                message = messages.unverifiable(call.name, "pipeline", where, reason)
                yield self._finding("FIS102", call.node, message)
            else:
                message = messages.missing_pipeline(call.name, where, fields[0])
                yield self._finding("FIS103", self._method_node(call), message)
            return
        verdict = self.pipelines.verdict(argument, fields)
        if verdict.state == UNSCOPED:
            message = messages.unscoped_pipeline(
                call.name, where, verdict.reason, fields[0]
            )
            yield self._finding("FIS103", self._inside(verdict.node, argument), message)
        elif verdict.state == UNKNOWN:
            message = messages.unverifiable(
                call.name, "pipeline", where, verdict.reason
            )
            yield self._finding("FIS102", self._inside(verdict.node, argument), message)
        yield from self._stage_problems(argument)

    def _stage_problems(self, argument: Node) -> Iterator[Finding]:
        """Report the stages that read another collection unscoped (FIS103)
        or write into another tenant collection (FIS101), and those that
        cannot be verified (FIS102)."""
        problems = [
            *self.pipelines.join_problems(argument, self.fields),
            *self.pipelines.write_problems(argument, self.fields),
        ]
        for problem in problems:
            code, message = self._stage_message(problem)
            node = self._inside(problem.stage, argument)
            yield self._finding(code, node, message)

    def _stage_message(self, problem: JoinProblem) -> tuple[str, str]:
        operator, collection = problem.operator, problem.collection
        reason = problem.verdict.reason
        if problem.verdict.state == UNKNOWN and operator == "$merge":
            return "FIS102", messages.unverifiable_merge(collection, reason, self.field)
        if problem.verdict.state == UNKNOWN:
            where = messages.stage_target(collection)
            role = STAGE_ROLES[operator]
            return "FIS102", messages.unverifiable(operator, role, where, reason)
        if operator in ("$out", "$merge"):
            return "FIS101", messages.unscoped_write(
                operator, collection, reason, self.field
            )
        if operator == "$graphLookup":
            return "FIS103", messages.unscoped_graph_lookup(
                collection, reason, self.field
            )
        return "FIS103", messages.unscoped_join(
            operator, collection, reason, self.field
        )

    def _update(self, call: Call, argument: Node) -> Iterator[Finding]:
        for write in self.documents.field_writes(argument, self.fields):
            message = messages.field_write(
                call.name, write.operator, write.written, write.field
            )
            yield self._finding("FIS105", self._inside(write.key, argument), message)

    def _document(
        self, call: Call, document: Node, argument: Node
    ) -> Iterator[Finding]:
        verdict = any_scoped(
            [self.documents.verdict(document, field) for field in self.fields], ""
        )
        if verdict.state == SCOPED_STATE:
            return
        where = messages.target(call.receiver)
        if verdict.dotted:
            message = messages.dotted_key(call.name, verdict.reason, self.field)
            yield self._finding("FIS104", self._inside(verdict.node, argument), message)
        elif verdict.state == UNSCOPED:
            reason = verdict.reason
            message = messages.unscoped_document(call.name, where, reason, self.field)
            yield self._finding("FIS104", self._inside(document, argument), message)
        else:
            message = messages.unverifiable(
                call.name, "document", where, verdict.reason
            )
            yield self._finding("FIS102", self._inside(document, argument), message)

    def _documents(self, call: Call, argument: Node) -> Iterator[Finding]:
        items = self.documents.items(argument)
        if items is None:
            where = messages.target(call.receiver)
            spelled = " ".join(text(argument).split())[:40]
            reason = f"the documents `{spelled}` cannot be read"
            message = messages.unverifiable(call.name, "documents", where, reason)
            yield self._finding("FIS102", argument, message)
            return
        seen: set[tuple[str, int]] = set()
        for item in items:
            for finding in self._document(call, item, argument):
                key = (finding.code, finding.line * 100000 + finding.column)
                if key not in seen:
                    seen.add(key)
                    yield finding

    # Arguments and positions.

    def _argument(
        self, call: Node, position: int | None, keyword: str
    ) -> tuple[Node | None, bool]:
        """Return the argument at ``position`` or named ``keyword``, and
        whether a ``*args`` or ``**kwargs`` may hide it."""
        arguments = call.child_by_field_name("arguments")
        if arguments is not None and arguments.type == "generator_expression":
            # f(x for x in y): the generator is the only positional argument.
            return (arguments, False) if position == 0 else (None, False)
        if arguments is None:
            return None, True
        index = 0
        hidden = False
        for child in arguments.named_children:
            kind = child.type
            if kind == "comment":
                continue
            if kind == "keyword_argument":
                if text(child.child_by_field_name("name")) == keyword:
                    return child.child_by_field_name("value"), False
                continue
            if kind in ("list_splat", "dictionary_splat"):
                hidden = True
                continue
            if position is not None and index == position and not hidden:
                return child, False
            index += 1
        return None, hidden

    def _keyword(self, call: Node, keyword: str) -> Node | None:
        value, _ = self._argument(call, None, keyword)
        return value

    def _method_node(self, call: Call) -> Node:
        function = call.node.child_by_field_name("function")
        attribute = (
            None if function is None else function.child_by_field_name("attribute")
        )
        return attribute or call.node

    @staticmethod
    def _inside(node: Node | None, argument: Node) -> Node:
        """Report at ``node`` when it is part of the argument, else at the
        argument (a name whose value sits on another line)."""
        if node is None:
            return argument
        if (
            argument.start_byte <= node.start_byte
            and node.end_byte <= argument.end_byte
        ):
            return node
        return argument


def _spell(node: Node, limit: int = 40) -> str:
    spelled = " ".join(text(node).split())
    return spelled if len(spelled) <= limit else spelled[: limit - 3] + "..."


def _unique(findings: Iterable[Finding]) -> Iterator[Finding]:
    """Drop repeated findings, as when a name is bound to one method in
    two branches."""
    seen: set[tuple[str, int, int]] = set()
    for finding in findings:
        key = (finding.code, finding.line, finding.column)
        if key not in seen:
            seen.add(key)
            yield finding


def _is_text(node: Node) -> bool:
    """Tell whether an expression is a string: a literal, an f-string or a
    concatenation with one."""
    node = unwrap(node)
    if node.type in ("string", "concatenated_string"):
        return True
    if (
        node.type == "binary_operator"
        and text(node.child_by_field_name("operator")) == "+"
    ):
        parts = (node.child_by_field_name("left"), node.child_by_field_name("right"))
        return any(part is not None and _is_text(part) for part in parts)
    return False
