"""The tree-sitter Python parser and small helpers over its nodes."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from functools import cache
from importlib.machinery import PathFinder
from importlib.util import module_from_spec
from types import ModuleType

from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

GRAMMAR_PACKAGE = "tree_sitter_python"
GRAMMAR_BINDING = "tree_sitter_python._binding"


def _grammar_binding() -> ModuleType:
    """Import tree-sitter-python's compiled module without its package.

    The package's ``__init__`` imports ``importlib.resources`` for its
    bundled queries, and with it pathlib, tempfile, shutil and three
    compression modules: about 10 ms of a 60 ms hook run on the benchmark
    machine, for nothing the hooks use. The module is not registered in
    ``sys.modules``: a later ``import tree_sitter_python`` loads its own
    copy as usual, with the package's attributes in place.
    """
    loaded = sys.modules.get(GRAMMAR_BINDING)
    if loaded is not None:
        return loaded
    package = PathFinder.find_spec(GRAMMAR_PACKAGE)
    locations = package.submodule_search_locations if package else None
    spec = PathFinder.find_spec(GRAMMAR_BINDING, locations) if locations else None
    if spec is None or spec.loader is None:
        # Installed in a way that sys.path alone does not find (a zip
        # file, an import hook): import the package the usual way.
        import tree_sitter_python

        return tree_sitter_python
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LANGUAGE = Language(_grammar_binding().language())


@cache
def _parser() -> Parser:
    return Parser(LANGUAGE)


def parse(data: bytes) -> Tree:
    return _parser().parse(data)


@cache
def query(source: str) -> Query:
    """Compile a tree-sitter query once per process."""
    compiled: Query = Query(LANGUAGE, source)
    return compiled


def captures(pattern: str, node: Node) -> dict[str, list[Node]]:
    """Run a query on ``node``, each capture's nodes in source order.

    tree-sitter 0.26 returns a capture's nodes grouped by pattern, not in
    source order, so they are sorted here.
    """
    found = QueryCursor(query(pattern)).captures(node)
    for nodes in found.values():
        nodes.sort(key=_start_byte)
    return found


def _start_byte(node: Node) -> int:
    return node.start_byte


def text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", errors="replace")


def walk(node: Node) -> Iterator[Node]:
    """Yield ``node`` and all its descendants in pre-order."""
    cursor = node.walk()
    visited_children = False
    while True:
        if not visited_children:
            current = cursor.node
            if current is not None:
                yield current
            if cursor.goto_first_child():
                continue
        if cursor.goto_next_sibling():
            visited_children = False
        elif cursor.goto_parent():
            visited_children = True
        else:
            return


# Nodes whose children are statements or the clauses that hold them.
# A walk that enters only these reaches every statement at any depth
# without visiting the expressions, which make up most of a tree.
COMPOUND_TYPES = frozenset(
    {
        "module",
        "block",
        "if_statement",
        "elif_clause",
        "else_clause",
        "try_statement",
        "except_clause",
        "except_group_clause",
        "finally_clause",
        "for_statement",
        "while_statement",
        "with_statement",
        "function_definition",
        "class_definition",
        "decorated_definition",
        "match_statement",
        "case_clause",
        "ERROR",
    }
)


def statements(
    node: Node,
    kinds: frozenset[str] | None = None,
    skip: frozenset[str] = frozenset(),
) -> Iterator[Node]:
    """Yield the named children of ``node`` and of every compound
    statement below it, in source order: every statement at any depth,
    along with the clauses and conditions of compound statements.

    With ``kinds``, only nodes of those types are yielded. Nodes whose
    type is in ``skip`` are not entered. Expressions are never entered,
    so this is much cheaper than a tree-sitter query, whose compilation
    alone costs milliseconds.
    """
    pending = node.named_children
    pending.reverse()
    while pending:
        current = pending.pop()
        kind = current.type
        if kinds is None or kind in kinds:
            yield current
        if kind in COMPOUND_TYPES and kind not in skip:
            children = current.named_children
            children.reverse()
            pending += children


# Each byte that can be part of a Python name: ASCII letters, digits, the
# underscore and every byte of a non-ASCII character in UTF-8.
NAME_BYTES = frozenset(
    [
        *range(ord("0"), ord("9") + 1),
        *range(ord("A"), ord("Z") + 1),
        ord("_"),
        *range(ord("a"), ord("z") + 1),
        *range(0x80, 0x100),
    ]
)


def tokens(
    root: Node, data: bytes, words: Iterable[bytes], start: int = 0, end: int = -1
) -> list[Node]:
    """Return the leaf nodes whose text is one of ``words``, found by
    searching ``data`` (the source ``root`` was parsed from) between
    ``start`` and ``end``, in source order.

    An occurrence inside a string or a comment, or inside a longer name
    (``info`` in ``information``), is not a leaf of its own and is left
    out. ``bytes.find`` and a look-up at each hit cost far less than
    walking the whole tree or a tree-sitter query, whose compilation
    alone takes milliseconds.
    """
    stop = len(data) if end < 0 else end
    offsets = []
    for word in words:
        size = len(word)
        named = word[:1].isalpha() or word[:1] == b"_"
        offset = data.find(word, start, stop)
        while offset != -1:
            after = offset + size
            if not named or (
                (offset == 0 or data[offset - 1] not in NAME_BYTES)
                and (after >= len(data) or data[after] not in NAME_BYTES)
            ):
                offsets.append((offset, size))
            offset = data.find(word, offset + size, stop)
    found = []
    for offset, size in sorted(offsets):
        leaf = root.descendant_for_byte_range(offset, offset + 1)
        if (
            leaf is not None
            and leaf.start_byte == offset
            and leaf.end_byte == offset + size
            and leaf.child_count == 0
            and leaf.type != "string_content"  # the whole text of "info"
        ):
            found.append(leaf)
    return found


def first_error(node: Node) -> Node | None:
    """Return the first ERROR or MISSING node in source order."""
    if not node.has_error:
        return None
    for child in node.children:
        if child.is_error or child.is_missing:
            return child
        if child.has_error:
            return first_error(child) or child
    return node


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def enclosing(node: Node, *types: str) -> Node | None:
    """Return the nearest ancestor whose type is one of ``types``."""
    for parent in ancestors(node):
        if parent.type in types:
            return parent
    return None


def string_value(node: Node) -> str | None:
    """Return the value of a plain string literal, else None.

    Byte strings, f-strings and t-strings are not plain literals and
    give None, and so does an implicit concatenation containing one.
    """
    if node.type == "concatenated_string":
        parts = [string_value(child) for child in node.named_children]
        if any(part is None for part in parts):
            return None
        return "".join(part for part in parts if part is not None)
    if node.type != "string":
        return None
    start = node.child(0)
    prefix = text(start).lower().strip("'\"") if start is not None else ""
    if "b" in prefix or "f" in prefix or "t" in prefix:
        return None
    pieces = []
    for child in node.named_children:
        if child.type == "interpolation":
            return None
        if child.type == "string_content":
            if child.named_child_count and "r" not in prefix:
                return _literal(text(node))
            pieces.append(text(child))
    return "".join(pieces)


def _literal(source: str) -> str | None:
    import ast

    try:
        value = ast.literal_eval(source)
    except (SyntaxError, ValueError):
        return None
    return value if isinstance(value, str) else None
