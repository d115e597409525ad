"""One console script per checker, each ``fisio-hooks check --checker ID``."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from fisio_hooks.cli.main import build_checker_parser, run


def _run_checker(checker_id: str, argv: Sequence[str] | None) -> int:
    parser = build_checker_parser(f"fisio-{checker_id}", checker_id)
    arguments = parser.parse_args(sys.argv[1:] if argv is None else argv)
    arguments.command = "check"
    arguments.checker = [checker_id, *(arguments.checker or ())]
    return run(arguments)


def subscription_filter(argv: Sequence[str] | None = None) -> int:
    return _run_checker("subscription-filter", argv)


def subscription_id(argv: Sequence[str] | None = None) -> int:
    return _run_checker("subscription-id", argv)


def absolute_imports(argv: Sequence[str] | None = None) -> int:
    return _run_checker("absolute-imports", argv)


def logging_style(argv: Sequence[str] | None = None) -> int:
    return _run_checker("logging-style", argv)


def secrets(argv: Sequence[str] | None = None) -> int:
    return _run_checker("secrets", argv)
