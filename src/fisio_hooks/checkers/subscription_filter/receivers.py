"""Classification of call receivers as MongoDB collections, databases,
clients or cursors, with the collection name when it is known.

A receiver is classified from its shape: ``db.users``, ``db["users"]``,
``db.get_collection("users")``, ``client.app.users``. A name or
``self.`` attribute is classified by what it is bound to in the same
file. A name bound nowhere the file shows is classified by the name
itself (``db``, ``users_collection``, ``mongo_client``).
"""

from __future__ import annotations

import re

from tree_sitter import Node

from fisio_hooks.checkers.subscription_filter.bindings import FileIndex
from fisio_hooks.engine.syntax import string_value, text

COLLECTION = "collection"
DATABASE = "database"
CLIENT = "client"
CURSOR = "cursor"
# A receiver listed in scoped-receivers, which adds the filter itself.
SCOPED = "scoped"
UNKNOWN = "unknown"

CLIENT_CLASSES = frozenset(
    {"MongoClient", "AsyncMongoClient", "AsyncIOMotorClient", "MotorClient", "PyMongo"}
)
DATABASE_CLASSES = frozenset({"Database", "AsyncDatabase", "AsyncIOMotorDatabase"})
COLLECTION_CLASSES = frozenset(
    {"Collection", "AsyncCollection", "AsyncIOMotorCollection", "MotorCollection"}
)
# Collection methods that return a cursor, and cursor methods that
# return the same cursor.
CURSOR_METHODS = frozenset(
    {"find", "find_raw_batches", "aggregate", "aggregate_raw_batches", "watch"}
)
CURSOR_CHAIN = frozenset(
    {
        "sort",
        "limit",
        "skip",
        "batch_size",
        "collation",
        "comment",
        "hint",
        "max_time_ms",
        "allow_disk_use",
        "where",
        "max",
        "min",
        "clone",
        "rewind",
    }
)

COLLECTION_NAME = r"(?:^|_)(?:coll|collection|col)$|collection$"
DATABASE_NAME = r"(?:^|_)(?:mongo_?|motor_?)?(?:db|database)$"
CLIENT_NAME = r"^(?:mongo|motor|pymongo)$|(?:^|_)(?:mongo_?|motor_?)?client$"
# What may follow a scoped-receivers entry in a receiver's path: a call
# of the entry, then one attribute, subscript or method call.
SCOPED_SUFFIX = r"(?:\(\))?(?:\.\w+|\[\])?(?:\(\))?"
# Attributes in which model classes name their collection.
MODEL_NAME_ATTRIBUTES = (
    "collection_name",
    "COLLECTION_NAME",
    "__collection__",
    "_collection_name",
    "name",
)
# Deep enough for db -> collection -> name -> name chains, bounded so
# that a name bound to itself ends.
MAX_DEPTH = 8


class Receiver:
    __slots__ = ("collection", "kind")

    def __init__(self, kind: str, collection: str | None = None) -> None:
        self.kind = kind
        self.collection = collection


OTHER_RECEIVER = Receiver(UNKNOWN)


class Receivers:
    """Classifies receivers of one file."""

    def __init__(self, index: FileIndex, scoped: tuple[str, ...]) -> None:
        self.index = index
        self.scoped = scoped

    def classify(self, node: Node, depth: int = 0) -> Receiver:
        node = _unwrap(node)
        if depth > MAX_DEPTH:
            return OTHER_RECEIVER
        if self.scoped and self._is_scoped(node):
            return Receiver(SCOPED)
        kind = node.type
        if kind == "identifier":
            return self._classify_name(node, depth)
        if kind == "attribute":
            return self._classify_attribute(node, depth)
        if kind == "subscript":
            return self._classify_subscript(node, depth)
        if kind == "call":
            return self._classify_call(node, depth)
        return OTHER_RECEIVER

    def _is_scoped(self, node: Node) -> bool:
        """Tell whether the receiver is a scoped-receivers entry, or one
        collection step below it: ``tenant_db``, ``tenant_db.orders``,
        ``tenant_db["orders"]``, ``tenant_db.get_collection("orders")``,
        ``ScopedCollection(...)``. A deeper path such as
        ``app.data.driver.db["orders"]`` reaches past the wrapper."""
        path = dotted_path(node)
        for entry in self.scoped:
            if path.startswith(entry) and re.fullmatch(
                SCOPED_SUFFIX, path[len(entry) :]
            ):
                return True
        return False

    def _classify_name(self, node: Node, depth: int) -> Receiver:
        name = text(node)
        if name == "self":
            # A model class whose own methods query its collection.
            return Receiver(UNKNOWN, self._model_collection(node))
        resolution = self.index.resolve(name, node)
        readable = [value for value in resolution.values if value is not None]
        for value in readable:
            receiver = self.classify(value, depth + 1)
            if receiver.kind != UNKNOWN:
                return receiver
        if readable and all(_is_literal(value) for value in readable):
            return OTHER_RECEIVER
        if name in self.index.imports:
            name = self.index.imports[name].rsplit(".", 1)[-1]
        return classify_name(name)

    def _classify_attribute(self, node: Node, depth: int) -> Receiver:
        owner = node.child_by_field_name("object")
        attribute = text(node.child_by_field_name("attribute"))
        if owner is None:
            return OTHER_RECEIVER
        if text(owner) in ("self", "cls"):
            return self._classify_self_attribute(node, attribute, depth)
        parent = self.classify(owner, depth + 1)
        if parent.kind == CLIENT:
            return Receiver(DATABASE)
        if parent.kind == DATABASE:
            if attribute == "client":
                return Receiver(CLIENT)
            return Receiver(COLLECTION, attribute)
        if parent.kind == COLLECTION:
            if attribute == "database":
                return Receiver(DATABASE)
            if parent.collection is None:
                return Receiver(COLLECTION)
            return Receiver(COLLECTION, f"{parent.collection}.{attribute}")
        return classify_name(attribute)

    def _classify_self_attribute(
        self, node: Node, attribute: str, depth: int
    ) -> Receiver:
        class_name = self.index.enclosing_class(node)
        for value in self.index.attributes.get((class_name or "", attribute), ()):
            receiver = self.classify(value, depth + 1)
            if receiver.kind != UNKNOWN:
                return receiver
        receiver = classify_name(attribute)
        if receiver.kind == COLLECTION:
            return Receiver(COLLECTION, self._model_collection(node))
        return receiver

    def _model_collection(self, node: Node) -> str | None:
        """Return the collection name a model class declares for the
        collection its base class opens, as ``name = "setting"`` in the
        class body or ``self.name = "setting"`` in a method."""
        # TODO: a name declared only in a base class in another file is
        # not seen, so such a model's collection counts as a tenant one.
        class_name = self.index.enclosing_class(node)
        if class_name is None:
            return None
        constants = self.index.class_constants(class_name)
        for attribute in MODEL_NAME_ATTRIBUTES:
            if attribute in constants:
                return constants[attribute]
            values = self.index.attributes.get((class_name, attribute), ())
            names = {string_value(value) for value in values}
            if len(names) == 1 and None not in names:
                return names.pop()
        return None

    def _classify_subscript(self, node: Node, depth: int) -> Receiver:
        owner = node.child_by_field_name("value")
        key = node.child_by_field_name("subscript")
        if owner is None:
            return OTHER_RECEIVER
        parent = self.classify(owner, depth + 1)
        if parent.kind == CLIENT:
            return Receiver(DATABASE)
        if parent.kind == DATABASE:
            return Receiver(COLLECTION, None if key is None else string_value(key))
        return OTHER_RECEIVER

    def _classify_call(self, node: Node, depth: int) -> Receiver:
        function = node.child_by_field_name("function")
        if function is None:
            return OTHER_RECEIVER
        name = called_name(function)
        if name in CLIENT_CLASSES:
            return Receiver(CLIENT)
        if name in DATABASE_CLASSES:
            return Receiver(DATABASE)
        if name in COLLECTION_CLASSES:
            return Receiver(COLLECTION, _argument_string(node, 1))
        if name == "get_collection":
            return Receiver(COLLECTION, _argument_string(node, 0))
        if name in ("get_database", "get_default_database"):
            return Receiver(DATABASE)
        if function.type != "attribute":
            return OTHER_RECEIVER
        owner = function.child_by_field_name("object")
        parent = OTHER_RECEIVER if owner is None else self.classify(owner, depth + 1)
        if parent.kind == COLLECTION and name == "with_options":
            return parent
        if parent.kind == COLLECTION and name in CURSOR_METHODS:
            return Receiver(CURSOR)
        if parent.kind == CURSOR and name in CURSOR_CHAIN:
            return parent
        return OTHER_RECEIVER


def classify_name(name: str) -> Receiver:
    """Classify a name bound nowhere the file shows by the name alone."""
    lowered = name.lower()
    if re.search(COLLECTION_NAME, lowered):
        return Receiver(COLLECTION)
    if re.search(DATABASE_NAME, lowered):
        return Receiver(DATABASE)
    if re.search(CLIENT_NAME, lowered):
        return Receiver(CLIENT)
    return OTHER_RECEIVER


def called_name(function: Node) -> str:
    """Return the last name of a called expression: ``c`` for ``a.b.c``."""
    if function.type == "attribute":
        return text(function.child_by_field_name("attribute"))
    return text(function)


def dotted_path(node: Node) -> str:
    """Spell a receiver as a path: ``request.db["users"]`` is
    ``request.db[]``, ``factory().users`` is ``factory().users``."""
    node = _unwrap(node)
    if node.type == "identifier":
        return text(node)
    if node.type == "attribute":
        owner = node.child_by_field_name("object")
        attribute = text(node.child_by_field_name("attribute"))
        return f"{'' if owner is None else dotted_path(owner)}.{attribute}"
    if node.type == "subscript":
        owner = node.child_by_field_name("value")
        return f"{'' if owner is None else dotted_path(owner)}[]"
    if node.type == "call":
        function = node.child_by_field_name("function")
        return f"{'' if function is None else dotted_path(function)}()"
    return "?"


def _unwrap(node: Node) -> Node:
    while node.type in ("parenthesized_expression", "await") and node.named_child_count:
        node = node.named_children[0]
    return node


def _is_literal(node: Node) -> bool:
    return node.type in (
        "string",
        "concatenated_string",
        "integer",
        "float",
        "true",
        "false",
        "none",
        "list",
        "dictionary",
        "tuple",
        "set",
        "list_comprehension",
        "dictionary_comprehension",
    )


def _argument_string(call: Node, position: int) -> str | None:
    arguments = call.child_by_field_name("arguments")
    if arguments is None:
        return None
    positional = [
        child
        for child in arguments.named_children
        if child.type not in ("keyword_argument", "comment")
    ]
    if len(positional) <= position:
        for child in arguments.named_children:
            if (
                child.type == "keyword_argument"
                and text(child.child_by_field_name("name")) == "name"
            ):
                value = child.child_by_field_name("value")
                return None if value is None else string_value(value)
        return None
    return string_value(positional[position])
