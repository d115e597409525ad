"""Pre-commit checkers for the fisio codebase, sharing one rule engine."""

from __future__ import annotations

import logging

__version__ = "1.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
