"""The checkers, one module or package each, loaded only when selected.

Each module defines ``CHECKER``, a :class:`fisio_hooks.engine.rules.Checker`.
"""

from __future__ import annotations

import importlib

from fisio_hooks.engine.rules import Checker

# Hook id to module. The hook id is also the console script's suffix.
CHECKER_MODULES = {
    "subscription-filter": "fisio_hooks.checkers.subscription_filter",
    "subscription-id": "fisio_hooks.checkers.subscription_id",
    "absolute-imports": "fisio_hooks.checkers.absolute_imports",
    "logging-style": "fisio_hooks.checkers.logging_style",
    "secrets": "fisio_hooks.checkers.secrets",  # pragma: allowlist secret
}

# The code family of each checker: FIS1xx is subscription-filter, and so on.
CODE_FAMILIES = {
    "FIS1": "subscription-filter",
    "FIS2": "subscription-id",
    "FIS3": "absolute-imports",
    "FIS4": "logging-style",
    "FIS5": "secrets",
}


def load_checker(checker_id: str) -> Checker:
    module = importlib.import_module(CHECKER_MODULES[checker_id])
    checker: Checker = module.CHECKER
    return checker


def checker_for_code(code: str) -> str | None:
    return CODE_FAMILIES.get(code[:4].upper())
