"""The engine's shared tree-sitter helpers: statement walk and token search."""

from __future__ import annotations

import subprocess
import sys

from fisio_hooks.engine.syntax import parse, statements, text, tokens

SOURCE = b"""\
import os

class Service:
    def run(self):
        if ready:
            log.info("info")  # info
            information = [x := 1 for _ in ()]
        return lambda: print(self)
"""


def test_statements_reach_nested_bodies() -> None:
    root = parse(SOURCE).root_node
    kinds = [node.type for node in statements(root)]
    assert kinds.count("expression_statement") == 2


def test_statements_never_enter_expressions() -> None:
    root = parse(SOURCE).root_node
    kinds = {node.type for node in statements(root)}
    assert "call" not in kinds


def test_statements_skip_leaves_body_unvisited() -> None:
    root = parse(SOURCE).root_node
    kinds = [
        node.type for node in statements(root, skip=frozenset({"class_definition"}))
    ]
    assert "function_definition" not in kinds


def test_tokens_find_only_whole_names_in_code() -> None:
    root = parse(SOURCE).root_node
    found = tokens(root, SOURCE, [b"info"])
    assert [
        (text(node), node.parent.type if node.parent else "") for node in found
    ] == [("info", "attribute")]


def test_tokens_find_operators() -> None:
    root = parse(SOURCE).root_node
    assert [node.type for node in tokens(root, SOURCE, [b":="])] == [":="]


def test_tokens_in_source_order_across_words() -> None:
    root = parse(SOURCE).root_node
    found = tokens(root, SOURCE, [b"print", b"os"])
    assert [text(node) for node in found] == ["os", "print"]


def test_tokens_respect_range() -> None:
    root = parse(SOURCE).root_node
    assert tokens(root, SOURCE, [b"os"], start=10) == []


def test_grammar_package_still_importable() -> None:
    # The engine loads the grammar's compiled module on its own; the
    # package and its submodule attribute must still work afterwards.
    probe = (
        "import fisio_hooks.engine.syntax, tree_sitter_python._binding;"
        "tree_sitter_python._binding.language(); tree_sitter_python.HIGHLIGHTS_QUERY"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
