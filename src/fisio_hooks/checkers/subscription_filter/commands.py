"""Raw database commands that read or write a collection's documents.

``db.command("find", "orders", filter={...})`` sends
``{"find": "orders", "filter": {...}}``: pymongo's ``Database.command``
takes the command name, then its value, and adds keyword arguments as
further fields. The same command may be spelled as one document,
``db.command({"find": "orders", "filter": {...}})`` or with ``SON``.
:func:`read_command` reads either spelling into a :class:`RawCommand`.
"""

from __future__ import annotations

from collections.abc import Callable

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import FileIndex, Mutation
from fisio_hooks.engine.syntax import string_value, text

# Database methods that run a command: Database.command, and
# cursor_command, which returns a cursor over find or aggregate results.
COMMAND_METHODS = frozenset({"command", "cursor_command"})

# For each command on a collection's documents, the field that contains
# its filter, pipeline, update, documents or statements, by role.
COMMANDS: dict[str, tuple[tuple[str, str], ...]] = {
    "find": (("filter", "filter"),),
    "count": (("filter", "query"),),
    "distinct": (("filter", "query"),),
    "aggregate": (("pipeline", "pipeline"),),
    "findAndModify": (("filter", "query"), ("update", "update")),
    "findandmodify": (("filter", "query"), ("update", "update")),
    "update": (("statements", "updates"),),
    "delete": (("statements", "deletes"),),
    "insert": (("documents", "documents"),),
    # NOTE: mapReduce's `out` also writes into a collection, as $out and
    # $merge do; only its `query` is checked.
    "mapReduce": (("filter", "query"),),
    "mapreduce": (("filter", "query"),),
}

# Parameters of Database.command that are not command fields.
COMMAND_PARAMETERS = frozenset(
    {
        "command",
        "value",
        "check",
        "allowable_errors",
        "read_preference",
        "codec_options",
        "session",
        "max_await_time_ms",
    }
)
# Values a collection name cannot be: `db.command("count", 1)` is another
# shape, and typer's `app.command("delete")` has none.
NOT_NAMES = frozenset({"integer", "float", "true", "false", "none"})

_KeyOf = Callable[[Node], "str | None"]


class RawCommand:
    """A command on a collection's documents, with its ``name``, the
    ``collection`` name when it is a literal and its ``fields`` by name.
    ``hidden`` is true when a ``**`` spread or a later change may add
    fields, and ``replaced`` names the fields that one may replace.
    ``document`` is true when the command is spelled as one document
    rather than as a name and keywords."""

    __slots__ = ("collection", "document", "fields", "hidden", "name", "replaced")

    def __init__(
        self,
        name: str,
        collection: str | None,
        fields: dict[str, Node],
        hidden: bool,
        document: bool,
        replaced: frozenset[str] = frozenset(),
    ) -> None:
        self.name = name
        self.collection = collection
        self.fields = fields
        self.hidden = hidden
        self.document = document
        self.replaced = replaced


def read_command(call: Node, index: FileIndex, key_of: _KeyOf) -> RawCommand | None:
    """Read the command a ``command(...)`` call sends; None when it is not
    a command on a collection's documents."""
    arguments = call.child_by_field_name("arguments")
    if arguments is None or arguments.type != "argument_list":
        return None
    positional: list[Node] = []
    keywords: dict[str, Node] = {}
    hidden = False
    for child in arguments.named_children:
        if child.type == "keyword_argument":
            value = child.child_by_field_name("value")
            if value is not None:
                keywords[text(child.child_by_field_name("name"))] = value
        elif child.type in ("list_splat", "dictionary_splat"):
            hidden = True
        elif child.type != "comment":
            positional.append(child)

    first = positional[0] if positional else keywords.get("command")
    if first is None:
        return None

    first, mutations = _through_name(first, index)
    name = string_value(first)
    if name is not None:
        value = positional[1] if len(positional) > 1 else keywords.get("value")
        fields = {
            key: node for key, node in keywords.items() if key not in COMMAND_PARAMETERS
        }
        return _command(name, value, fields, hidden, document=False)

    entries = _document_entries(first, key_of)
    if entries is None:
        return None
    pairs, replaced = entries
    if not pairs:
        return None
    (name, value), *rest = pairs
    fields = dict(rest)
    spread = replaced is not None
    replaced_keys = set(replaced or ())
    for mutation in mutations:
        key = key_of(mutation.keys[0]) if len(mutation.keys) == 1 else None
        if mutation.method == "=" and key is not None:
            fields[key] = mutation.node
            replaced_keys.discard(key)
        else:
            # cmd.update(other) and the like may replace any field.
            spread = True
            replaced_keys.update(fields)
    command = _command(name, value, fields, hidden or spread, document=True)
    if command is not None:
        command.replaced = frozenset(replaced_keys)
    return command


def _command(
    name: str,
    value: Node | None,
    fields: dict[str, Node],
    hidden: bool,
    document: bool,
) -> RawCommand | None:
    if name not in COMMANDS or value is None or _unwrap(value).type in NOT_NAMES:
        return None
    return RawCommand(name, string_value(value), fields, hidden, document)


def _document_entries(
    node: Node, key_of: _KeyOf
) -> tuple[list[tuple[str, Node]], frozenset[str] | None] | None:
    """Return the fields of a command document, a dict literal or
    ``SON([(key, value), ...])``, in order. When a ``**`` spread may add
    more, also return the fields written before the last spread, which
    it may replace; else None."""
    if node.type == "dictionary":
        found: list[tuple[str, Node]] = []
        replaced: frozenset[str] | None = None
        for child in node.named_children:
            if child.type == "dictionary_splat":
                replaced = frozenset(key for key, _ in found)
                continue
            key = child.child_by_field_name("key") if child.type == "pair" else None
            value = child.child_by_field_name("value")
            name = None if key is None else key_of(key)
            if name is None or value is None:
                return None
            found.append((name, value))
        return found, replaced
    if node.type == "call" and text(node.child_by_field_name("function")).endswith(
        "SON"
    ):
        return _son_entries(node, key_of)
    return None


def _son_entries(
    call: Node, key_of: _KeyOf
) -> tuple[list[tuple[str, Node]], frozenset[str] | None] | None:
    arguments = call.child_by_field_name("arguments")
    items = [] if arguments is None else arguments.named_children
    if len(items) != 1 or _unwrap(items[0]).type != "list":
        return None
    found = []
    for item in _unwrap(items[0]).named_children:
        item = _unwrap(item)
        parts = [part for part in item.named_children if part.type != "comment"]
        if item.type != "tuple" or len(parts) != 2:
            return None
        name = key_of(parts[0])
        if name is None:
            return None
        found.append((name, parts[1]))
    return found, None


def _through_name(node: Node, index: FileIndex) -> tuple[Node, tuple[Mutation, ...]]:
    """Return the one value a name holds, or the node itself, and the
    changes made to the name after it is bound."""
    node = _unwrap(node)
    if node.type != "identifier":
        return node, ()
    resolution = index.resolve(text(node), node)
    values = resolution.values
    if len(values) == 1 and values[0] is not None:
        return _unwrap(values[0]), resolution.mutations
    return node, ()


def _unwrap(node: Node) -> Node:
    while node.type == "parenthesized_expression" and node.named_child_count == 1:
        node = node.named_children[0]
    return node
