"""The secrets checker (FIS5xx): no credentials in the repository.

It runs on every text file. FIS501-FIS504 are this package's own checks;
FIS510 and up are detect-secrets' plugins, run only on files a cheap
prefilter lets through. Every message shows at most the first four
characters of a secret.
"""

from __future__ import annotations

from collections.abc import Iterator

from fisio_hooks.checkers.secrets.rules import RULES
from fisio_hooks.engine.findings import Finding
from fisio_hooks.engine.rules import Checker, FileContext


class SecretsCheckError(Exception):
    """A failure inside the checker, with the secret-bearing detail withheld."""


def check(context: FileContext) -> Iterator[Finding]:
    from fisio_hooks.checkers.secrets.baseline import BaselineError
    from fisio_hooks.checkers.secrets.scanning import find_candidates

    try:
        candidates = find_candidates(context)
    except BaselineError:
        raise
    except Exception as error:  # noqa: BLE001 - re-raised without the detail
        # Exceptions from detect-secrets or our own code may carry a line
        # of the file in their message; report the type only.
        raise SecretsCheckError(
            f"{type(error).__name__} while scanning for secrets"
            " (details withheld because they may contain a secret)"
        ) from None
    for candidate in candidates:
        yield candidate.to_finding(context)


CHECKER = Checker(
    id="secrets",
    rules=RULES,
    check=check,
    file_types="text",
)
