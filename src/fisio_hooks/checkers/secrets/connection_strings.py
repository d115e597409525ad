"""FIS501: connection strings with an embedded password."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import quoted_mask
from fisio_hooks.checkers.secrets.patterns import LazyPattern
from fisio_hooks.checkers.secrets.placeholders import is_placeholder

CODE = "FIS501"
# The type detect-secrets' BasicAuthDetector gives the same password.
BASELINE_TYPE = "Basic Auth Credentials"

# ``scheme://user:password@host`` for MongoDB, Redis, PostgreSQL, MySQL
# (and MariaDB) and AMQP, with an optional SQLAlchemy driver suffix
# (``postgresql+psycopg2``). The user may be empty (``redis://:pw@host``).
# The password stops at characters that cannot appear unescaped in it.
CONNECTION_STRING = LazyPattern(
    r"""
    (?<![A-Za-z0-9+.-])
    (?P<scheme>(?:mongodb(?:\+srv)?|rediss?|postgres(?:ql)?|mysql|mariadb|amqps?)
      (?:\+[A-Za-z0-9_]+)?)
    ://
    (?P<user>[^:@/\s'"`]*)
    :
    (?P<password>[^@/?\#\s'"`]*)
    @
    """,
    re.IGNORECASE | re.VERBOSE,
)


def find_connection_strings(lines: list[str]) -> Iterator[Candidate]:
    for number, line in enumerate(lines, start=1):
        if "://" not in line:
            continue
        for match in CONNECTION_STRING.finditer(line):
            password = match.group("password")
            if is_placeholder(password):
                continue
            scheme = match.group("scheme").lower()
            yield Candidate(
                code=CODE,
                line=number,
                column=match.start("password") + 1,
                end_column=match.end("password") + 1,
                secret=password,
                secret_type=BASELINE_TYPE,
                message=(
                    f"{scheme} connection string embeds the password"
                    f" {quoted_mask(password)}; read the password from the"
                    " environment or a secret store instead"
                ),
            )
