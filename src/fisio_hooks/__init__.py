"""Pre-commit checkers for the fisio codebase, sharing one rule engine.

Modules log through :func:`fisio_hooks.engine.logs.get_logger`, which
imports :mod:`logging` only when something is logged.
"""

from __future__ import annotations

__version__ = "1.0.0"
