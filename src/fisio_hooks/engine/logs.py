"""Loggers that import :mod:`logging` on first use.

A hook run with no error and no ``--verbose`` logs nothing, so the
start-up path does without the logging module (a few milliseconds of a
run that takes tens). Loggers are the standard ones, named after their
module, and the package logger gets a ``NullHandler`` the first time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

PACKAGE = "fisio_hooks"


def get_logger(name: str) -> logging.Logger:
    import logging

    package_logger = logging.getLogger(PACKAGE)
    if not package_logger.handlers:
        package_logger.addHandler(logging.NullHandler())
    return logging.getLogger(name)
