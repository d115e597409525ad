"""Break a hook's import time down by package, from ``python -X importtime``.

Runs the command several times and reports, for each group of modules,
the median over runs of the summed self time of its modules (the time
spent in a module's own body, not in the imports it starts). Groups are
fisio-hooks' subpackages, the third-party distributions, and the
standard library, so the numbers show which imports a start-up pays for.

Usage: ``python bench/importtime.py [--runs N] -- COMMAND [ARGUMENT ...]``,
for example ``python bench/importtime.py -- fisio-secrets file.py``.
COMMAND is a console script or a Python file; it runs under this
interpreter.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from collections import defaultdict

IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)$")


def group_of(module: str) -> str:
    """Name the group of a module: ``fisio_hooks.engine`` or
    ``fisio_hooks.checkers.secrets`` for the package's own modules,
    "stdlib" for the standard library, else the top-level package."""
    parts = module.split(".")
    top = parts[0]
    if top == "fisio_hooks":
        depth = 3 if parts[1:2] == ["checkers"] else 2
        return ".".join(parts[:depth])
    if top in sys.stdlib_module_names or top in sys.builtin_module_names:
        return "stdlib"
    if top.startswith("_frozen") or top == "sitecustomize":
        return "stdlib"
    return top


def self_times(argv: list[str]) -> dict[str, int]:
    """Run ``argv`` once with -X importtime; return microseconds per group."""
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    totals: dict[str, int] = defaultdict(int)
    for line in completed.stderr.splitlines():
        match = IMPORT_LINE.match(line)
        if match is not None:
            totals[group_of(match.group(4))] += int(match.group(1))
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs",
        type=int,
        default=9,
        help="how many times to run the command (default: 9)",
    )
    parser.add_argument("command", nargs="+", help="the command and its arguments")
    arguments = parser.parse_args(argv)

    command = list(arguments.command)
    script = shutil.which(command[0])
    if script is not None and not command[0].endswith(".py"):
        command[0] = script
    runs = [self_times(command) for _ in range(arguments.runs)]
    groups = sorted({name for run in runs for name in run})
    medians = {
        name: statistics.median(run.get(name, 0) for run in runs) for name in groups
    }
    total = statistics.median(sum(run.values()) for run in runs)
    print(f"import self time, median of {arguments.runs} runs: {total / 1000:.1f} ms")
    for name, micros in sorted(medians.items(), key=lambda item: -item[1]):
        if micros >= 100:
            print(f"  {name:45} {micros / 1000:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
