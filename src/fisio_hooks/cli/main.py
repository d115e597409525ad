"""``fisio-hooks``: the ``check``, ``rule`` and ``baseline`` commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from fisio_hooks import __version__
from fisio_hooks.checkers import CHECKER_MODULES
from fisio_hooks.output import FORMATS

if TYPE_CHECKING:
    import logging


def _codes(value: str) -> list[str]:
    """Split ``FIS1,FIS301`` into codes, rejecting what is not a code."""
    codes = [part.strip().upper() for part in value.split(",") if part.strip()]
    for code in codes:
        if not code.startswith("FIS") or not code[3:].isdigit() or len(code) > 6:
            raise argparse.ArgumentTypeError(
                f"invalid code or prefix {code!r}: expected FIS followed by"
                " up to three digits, such as FIS1 or FIS301"
            )
    return codes


def help_formatter(prog: str) -> argparse.HelpFormatter:
    """Return argparse's help formatter, sized to the terminal without shutil.

    argparse builds a formatter for every argument it adds, and sizes each
    with ``shutil.get_terminal_size()``. Importing shutil brings in three
    compression modules: about 2.5 ms of a hook's start-up by
    ``python -X importtime``, for nothing.
    """
    return argparse.HelpFormatter(prog, width=_terminal_columns() - 2)


def _terminal_columns() -> int:
    """Return the width ``shutil.get_terminal_size()`` gives: $COLUMNS,
    else the width of the terminal on standard output, else 80."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stdout = sys.__stdout__
    if stdout is None:
        return 80
    try:
        return os.get_terminal_size(stdout.fileno()).columns or 80
    except (ValueError, OSError):
        return 80


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fisio-hooks",
        description="Static checkers for the fisio codebase.",
        formatter_class=help_formatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check", help="check files and report findings", formatter_class=help_formatter
    )
    add_check_arguments(check)

    rule = commands.add_parser(
        "rule", help="explain a rule, or list all rules", formatter_class=help_formatter
    )
    rule.add_argument("code", nargs="?", help="a code such as FIS301; omit to list all")

    baseline = commands.add_parser(
        "baseline",
        help="write or update the secrets baseline (.secrets.baseline)",
        formatter_class=help_formatter,
    )
    baseline.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: .)"
    )
    baseline.add_argument("--config", metavar="FILE", help="settings file")
    baseline.add_argument(
        "--baseline",
        metavar="FILE",
        help="baseline file (default: the secrets.baseline setting)",
    )
    baseline.add_argument(
        "-v", "--verbose", action="store_true", help="log progress to standard error"
    )
    return parser


def build_checker_parser(prog: str, checker_id: str) -> argparse.ArgumentParser:
    """Build the parser of one checker's console script: the options of
    ``check``, where ``--checker`` adds to ``checker_id``.

    Building only this parser, not every command's, keeps a hook's
    start-up short.
    """
    parser = argparse.ArgumentParser(
        prog=prog,
        description=f"Run the {checker_id} checker: fisio-hooks check"
        f" --checker {checker_id}.",
        formatter_class=help_formatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    add_check_arguments(parser, "also run this checker (repeatable)")
    return parser


def add_check_arguments(
    check: argparse.ArgumentParser,
    checker_help: str = "run only this checker (repeatable; default: all)",
) -> None:
    check.add_argument(
        "paths", nargs="*", metavar="PATH", help="files or folders (default: .)"
    )
    check.add_argument(
        "--checker",
        action="append",
        choices=sorted(CHECKER_MODULES),
        metavar="ID",
        help=f"{checker_help}: %(choices)s",
    )
    check.add_argument(
        "--select",
        action="extend",
        type=_codes,
        default=[],
        metavar="CODE",
        help="report only these codes or prefixes, comma-separated or repeated",
    )
    check.add_argument(
        "--ignore",
        action="extend",
        type=_codes,
        default=[],
        metavar="CODE",
        help="do not report these codes or prefixes",
    )
    check.add_argument(
        "--fix", action="store_true", help="apply safe fixes and report what remains"
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print safe fixes as a unified diff; change nothing",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text)",
    )
    check.add_argument(
        "--changed-since",
        metavar="REF",
        help="only files changed since git REF, staged changes included",
    )
    check.add_argument(
        "--config",
        metavar="FILE",
        help="settings file (default: nearest pyproject.toml with [tool.fisio-hooks])",
    )
    check.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when findings remain"
    )
    check.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="log progress and tracebacks to standard error",
    )


def main(argv: Sequence[str] | None = None) -> int:
    return run(build_parser().parse_args(argv))


def run(arguments: argparse.Namespace) -> int:
    """Run the command of parsed arguments and return the exit status."""
    handler = _verbose_handler() if getattr(arguments, "verbose", False) else None
    try:
        return _dispatch(arguments)
    except BrokenPipeError:
        # The reader of standard output went away (``| head``): stop
        # quietly, and keep Python from reporting the pipe at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        import errno

        if error.errno not in (errno.ENOSPC, errno.EIO, errno.EDQUOT):
            raise
        # Writing the output failed (a full disk or a failing device).
        print(
            f"fisio-hooks: error: writing the output failed: {error.strerror};"
            " free space on the device or write the output elsewhere",
            file=sys.stderr,
        )
        return 2
    except KeyboardInterrupt:
        print("fisio-hooks: interrupted", file=sys.stderr)
        return 130
    finally:
        if handler is not None:
            _remove_handler(handler)


def _dispatch(arguments: argparse.Namespace) -> int:
    if arguments.command == "check":
        from fisio_hooks.cli.check import run_check

        return run_check(arguments)
    if arguments.command == "rule":
        from fisio_hooks.cli.rule import run_rule

        return run_rule(arguments.code)
    from fisio_hooks.cli.baseline import run_baseline

    return run_baseline(arguments)


def _verbose_handler() -> logging.Handler:
    """Log the package's debug messages to standard error for this run."""
    import logging

    class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
        # Resolved at each write, so a replaced sys.stderr is honoured.
        @property
        def stream(self) -> TextIO:
            return sys.stderr

        @stream.setter
        def stream(self, value: TextIO) -> None:
            pass

    handler = StderrHandler()
    handler.setFormatter(logging.Formatter("%(name)s: %(levelname)s: %(message)s"))
    package_logger = logging.getLogger("fisio_hooks")
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.DEBUG)
    return handler


def _remove_handler(handler: logging.Handler) -> None:
    import logging

    package_logger = logging.getLogger("fisio_hooks")
    package_logger.removeHandler(handler)
    package_logger.setLevel(logging.NOTSET)


if __name__ == "__main__":
    sys.exit(main())
