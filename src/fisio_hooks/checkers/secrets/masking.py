"""Masking secrets so that no output shows more than their first characters."""

from __future__ import annotations

# The most characters of a secret that any message, report or log shows.
SHOWN_CHARACTERS = 4
MASK = "****"


def mask(secret: str) -> str:
    """Return the first characters of ``secret`` followed by ``****``.

    At most four characters are shown, and never more than half of the
    secret, so a short password is not printed whole.
    """
    shown = min(SHOWN_CHARACTERS, len(secret) // 2)
    return secret[:shown] + MASK


def quoted_mask(secret: str) -> str:
    return f"`{mask(secret)}`"
