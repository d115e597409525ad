"""logging-style: self.log in classes, a module logger elsewhere, lazy
%-style messages, no print() in package code."""

from __future__ import annotations

from fisio_hooks.checkers.logging_style.check import check
from fisio_hooks.checkers.logging_style.rules import RULES
from fisio_hooks.engine.rules import Checker

CHECKER = Checker(
    id="logging-style",
    rules=RULES,
    check=check,
    fixer="fisio_hooks.checkers.logging_style.fix:apply",
)
