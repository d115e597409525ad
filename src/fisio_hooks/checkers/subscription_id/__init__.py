"""subscription-id (FIS2xx): one name for a subscription id.

Detection runs on the tree-sitter tree (``check``); the rename fix is in
``fix``, the only module here that imports libcst.
"""

from __future__ import annotations

from fisio_hooks.checkers.subscription_id.check import check
from fisio_hooks.checkers.subscription_id.rules import RULES
from fisio_hooks.engine.rules import Checker

CHECKER = Checker(
    id="subscription-id",
    rules=RULES,
    check=check,
    file_types="python",
    fixer="fisio_hooks.checkers.subscription_id.fix:apply",
)
