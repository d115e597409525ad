"""The console scripts' entry points: run a command, then end the process.

A hook on a few files spends most of its time starting and stopping
Python. Stopping is wasted work for a command that has finished: the
interpreter frees every module and object one by one and runs a last
garbage collection over all of them. After the command, standard output
and error are flushed and the process ends with ``os._exit``, as mypy
does (``mypy.util.hard_exit``). Every file a command writes is closed
before the command returns.
This saves about 7% of the instructions of a hook run on ten files.

The objects the imports made so far are also frozen (``gc.freeze``), so
the collections during the run do not walk them again.

``fisio_hooks.cli.main.main`` and the functions in
``fisio_hooks.cli.scripts`` stay ordinary functions for callers in
Python, such as the tests.
"""

import gc
import os
import sys
from collections.abc import Callable
from typing import NoReturn

from fisio_hooks.cli import main as main_module
from fisio_hooks.cli import scripts


def fisio_hooks() -> NoReturn:
    _run(main_module.main)


def subscription_filter() -> NoReturn:
    _run(scripts.subscription_filter)


def subscription_id() -> NoReturn:
    _run(scripts.subscription_id)


def absolute_imports() -> NoReturn:
    _run(scripts.absolute_imports)


def logging_style() -> NoReturn:
    _run(scripts.logging_style)


def secrets() -> NoReturn:
    _run(scripts.secrets)


def _run(command: Callable[[], int]) -> NoReturn:
    gc.freeze()
    status = command()
    exit_now(status)


def exit_now(status: int) -> NoReturn:
    """Flush standard output and error, then end the process with
    ``status`` without tearing down the interpreter.

    A stream that cannot be flushed (a closed pipe) turns a clean status
    into 1, as a failed write would.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1
    os._exit(status)
