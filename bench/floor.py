"""The floor under a hook's run time: start Python, import tree-sitter
and its Python grammar, then read and parse each file named on the
command line, and nothing else.

With ``--lean`` it also does what the hooks do to start and stop faster:
it loads the grammar's compiled module without the tree_sitter_python
package (whose ``__init__`` imports importlib.resources) and ends with
``os._exit`` instead of tearing the interpreter down. The plain floor is
the one the targets use; the lean one shows how much of a hook's time is
its own work.

Usage: ``python bench/floor.py [--lean] FILE ...``
"""

from __future__ import annotations

import os
import sys

from tree_sitter import Language, Parser


def main(paths: list[str]) -> int:
    lean = paths[:1] == ["--lean"]
    if lean:
        paths = paths[1:]
        from importlib.machinery import PathFinder
        from importlib.util import module_from_spec

        package = PathFinder.find_spec("tree_sitter_python")
        assert package is not None and package.submodule_search_locations
        spec = PathFinder.find_spec(
            "tree_sitter_python._binding", package.submodule_search_locations
        )
        assert spec is not None and spec.loader is not None
        grammar = module_from_spec(spec)
        spec.loader.exec_module(grammar)
    else:
        import tree_sitter_python as grammar
    parser = Parser(Language(grammar.language()))
    for path in paths:
        with open(path, "rb") as file:
            parser.parse(file.read())
    if lean:
        sys.stdout.flush()
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
