"""The floor under a hook's run time: what no tree-sitter checker can avoid.

Starts Python, imports tree-sitter and its Python grammar, then reads and
parses each file named on the command line, and nothing else.

Usage: ``python bench/floor.py FILE ...``
"""

from __future__ import annotations

import sys

import tree_sitter_python
from tree_sitter import Language, Parser


def main(paths: list[str]) -> int:
    parser = Parser(Language(tree_sitter_python.language()))
    for path in paths:
        with open(path, "rb") as file:
            parser.parse(file.read())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
