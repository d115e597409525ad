"""Split one hook run into its phases, in CPU time of this process.

Times the imports of the command line, the engine and the checker,
then a ``fisio-hooks check`` run on the given files, and within that
run the time spent in tree-sitter's parser. Files are checked in this
process, one after the other (the engine's process pool is turned off),
so the parts add up. CPU time (``time.process_time``) is used because
other work on a shared machine disturbs it less than wall time.

Usage: ``python bench/phases.py CHECKER FILE_LIST [CONFIG]``, where
FILE_LIST is a file naming one path a line and CONFIG a fisio-hooks
settings file; run it from the folder those paths are relative to. The
arguments are read without argparse, so that the command line's own
import of argparse is timed with it.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Tree


def main(argv: list[str]) -> int:
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    checker, file_list = argv[:2]
    config = argv[2] if len(argv) == 3 else None
    with open(file_list) as listing:
        files = [line for line in listing.read().splitlines() if line]

    started = time.process_time()
    import fisio_hooks.cli.main as cli_main

    after_cli = time.process_time()
    import fisio_hooks.cli.check as cli_check

    after_engine = time.process_time()
    from fisio_hooks.checkers import load_checker

    load_checker(checker)
    after_checker = time.process_time()
    from fisio_hooks.engine import syntax

    after_tree_sitter = time.process_time()

    cli_check.PARALLEL_MIN_FILES = sys.maxsize
    parse_seconds = 0.0
    parse = syntax.parse

    def timed_parse(data: bytes) -> Tree:
        nonlocal parse_seconds
        start = time.process_time()
        tree = parse(data)
        parse_seconds += time.process_time() - start
        return tree

    syntax.parse = timed_parse
    command = ["check", "--checker", checker, *files]
    if config:
        command[1:1] = ["--config", config]
    output = io.StringIO()
    with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
        cli_main.main(command)
    finished = time.process_time()

    phases = [
        ("import fisio_hooks.cli.main", after_cli - started),
        ("import fisio_hooks.cli.check and the engine", after_engine - after_cli),
        (f"import the {checker} checker", after_checker - after_engine),
        ("import tree-sitter, if not yet imported", after_tree_sitter - after_checker),
        (f"check {len(files)} files", finished - after_tree_sitter),
        ("  of which tree-sitter parsing", parse_seconds),
    ]
    for label, seconds in phases:
        print(f"{label:50} {seconds * 1000:9.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
