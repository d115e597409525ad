"""FIS502: API access key and secret key pairs (``X-ApiKeys`` headers)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import mask
from fisio_hooks.checkers.secrets.patterns import LazyPattern
from fisio_hooks.checkers.secrets.placeholders import is_placeholder

CODE = "FIS502"
# detect-secrets' HexHighEntropyString reports each half under this type.
BASELINE_TYPE = "Hex High Entropy String"

_SEPARATOR = r"\s*[;,&]?\s*"
_ACCESS = r"access[_-]?key\s*[=:]\s*(?P<access>[0-9a-f]{64})(?![0-9a-f])"
_SECRET = r"secret[_-]?key\s*[=:]\s*(?P<secret>[0-9a-f]{64})(?![0-9a-f])"
# Both orders: ``accessKey=...;secretKey=...`` and the reverse.
KEY_PAIR = LazyPattern(
    rf"(?<![a-z0-9_])(?:{_ACCESS}{_SEPARATOR}{_SECRET}"
    rf"|{_SECRET.replace('secret>', 'secret2>')}{_SEPARATOR}"
    rf"{_ACCESS.replace('access>', 'access2>')})",
    re.IGNORECASE,
)


def find_key_pairs(lines: list[str]) -> Iterator[Candidate]:
    for number, line in enumerate(lines, start=1):
        lowered = line.lower()
        if "secret" not in lowered or "access" not in lowered:
            continue
        for match in KEY_PAIR.finditer(line):
            access = match.group("access") or match.group("access2")
            secret = match.group("secret") or match.group("secret2")
            if is_placeholder(access) or is_placeholder(secret):
                continue
            yield Candidate(
                code=CODE,
                line=number,
                column=match.start() + 1,
                end_column=match.end() + 1,
                secret=secret,
                secret_type=BASELINE_TYPE,
                message=(
                    f"API key pair `accessKey={mask(access)};secretKey={mask(secret)}`"
                    " is written in the file; load both keys from the"
                    " environment or a secret store instead"
                ),
            )
