"""The console scripts' entry points: run a command, then end the process.

A hook on a few files spends most of its time starting and stopping
Python. Stopping is wasted work for a command that has finished: the
interpreter frees every module and object one by one and runs a last
garbage collection over all of them. After the command, standard output
and error are flushed and the process ends with ``os._exit``, as mypy
does (``mypy.util.hard_exit``). Every file a command writes is closed
before the command returns. This saves about 7% of the instructions of
a hook run on ten files.

Imports make thousands of objects that live until the end, so the
cyclic garbage collector is off while the command-line and engine
modules load. Those objects are then frozen (``gc.freeze``) so that the
collections during the run do not walk them again.

``fisio_hooks.cli.main.main`` and the functions in
``fisio_hooks.cli.scripts`` stay ordinary functions for callers in
Python, such as the tests.
"""

import gc
import os
import sys
from typing import NoReturn


def fisio_hooks() -> NoReturn:
    _run("main")


def subscription_filter() -> NoReturn:
    _run("subscription_filter")


def subscription_id() -> NoReturn:
    _run("subscription_id")


def absolute_imports() -> NoReturn:
    _run("absolute_imports")


def logging_style() -> NoReturn:
    _run("logging_style")


def secrets() -> NoReturn:
    _run("secrets")


def _run(name: str) -> NoReturn:
    """Run ``fisio_hooks.cli.main.main`` or the checker script ``name``
    and end the process with its exit status."""
    gc.disable()
    _open_closed_streams()
    from fisio_hooks.cli import check, main, scripts

    del check  # imported here only so that its imports run uncollected
    gc.freeze()
    gc.enable()
    command = main.main if name == "main" else getattr(scripts, name)
    exit_now(command())


def _open_closed_streams() -> None:
    """Point a standard stream that was closed when Python started
    (``>&-``) at the null device.

    Python sets such a stream to None, and ``print(file=None)`` then
    writes to standard output instead, so a summary meant for standard
    error would end up in JSON output.
    """
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115, open until exit
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115, open until exit


def exit_now(status: int) -> NoReturn:
    """Flush standard output and error, then end the process with
    ``status`` without tearing down the interpreter.

    A stream that cannot be flushed (a closed pipe) turns a clean status
    into 1, as a failed write would.
    """
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            status = status or 1
    os._exit(status)
