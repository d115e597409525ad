"""Values that stand for a secret without being one.

Templates (``${DB_PASSWORD}``, ``{password}``, ``%(password)s``,
``{{ vault_token }}``, ``<password>``), masks (``****``, ``xxx``), empty
values and words that only name the secret (``password``, ``changeme``,
``your-api-key``) are never reported, whichever check found them.
"""

from __future__ import annotations

import re
import string

from fisio_hooks.checkers.secrets.patterns import LazyPattern

_TEMPLATE = LazyPattern(
    r"""
    ^\$\{[^}]*\}$                 # ${VAR}, ${VAR:-default}
    | ^\$\(.*\)$                  # $(command)
    | ^\$[A-Za-z_][A-Za-z0-9_]*$  # $VAR
    | ^\{\{.*\}\}$                # {{ jinja }}, {{ .Values.go }}
    | ^\{[A-Za-z0-9_.\[\]'"-]*\}$ # {password}, {0}, {}
    | ^%\([A-Za-z0-9_]+\)[sdr]$   # %(password)s
    | ^%[sdr]$                    # %s
    | ^<[^<>]*>$                  # <password>
    | ^\[[A-Za-z0-9_ -]+\]$       # [password]
    | ^%[A-Za-z_][A-Za-z0-9_]*%$  # %PASSWORD% (Windows)
    | ^@[A-Za-z_][A-Za-z0-9_.]*@$ # @password@ (Maven, Gradle)
    | ^\#\{[^}]*\}$               # #{ruby}
    """,
    re.VERBOSE,
)
# A mask: only asterisks, dots, x's, dashes, hash signs or one repeated
# character (``aaaaaaaa``, ``00000000``).
_MASK = LazyPattern(r"^(?:[*.•#x_-]+|(.)\1*)$", re.IGNORECASE)
# A template or variable embedded in a longer value: ``prefix-${TOKEN}``.
_EMBEDDED_TEMPLATE = LazyPattern(
    r"\$\{[^}]+\}|\{\{[^}]+\}\}|%\([a-z_]+\)s|<[a-z_ -]+>", re.IGNORECASE
)
# The name of an environment variable used as a value: ``"DB_PASSWORD"``.
_ENVIRONMENT_NAME = LazyPattern(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")
_WORD_SPLIT = LazyPattern(r"[-_. /:]+|(?<=[a-z])(?=[A-Z])")

# Words that only name or stand in for a secret. A value made only of
# these words and digits (``your-api-key``, ``test_password_1``) is a
# placeholder.
PLACEHOLDER_WORDS = frozenset(
    {
        "access",
        "account",
        "api",
        "apikey",
        "auth",
        "bar",
        "baz",
        "change",
        "changeit",
        "changeme",
        "client",
        "credential",
        "credentials",
        "db",
        "default",
        "dummy",
        "example",
        "fake",
        "foo",
        "foobar",
        "guest",
        "here",
        "insert",
        "key",
        "me",
        "mock",
        "my",
        "none",
        "null",
        "pass",
        "passwd",
        "password",
        "placeholder",
        "private",
        "pw",
        "pwd",
        "qux",
        "redacted",
        "replace",
        "sample",
        "secret",
        "some",
        "stub",
        "test",
        "testing",
        "the",
        "this",
        "todo",
        "token",
        "undefined",
        "user",
        "username",
        "value",
        "with",
        "your",
        "xxx",
        "xxxx",
    }
)


# Runs of the alphabet and of digits, as detect-secrets' heuristic
# ``is_sequential_string`` lists them: ``0123456789``, ``abcdef``.
_SEQUENCES = (
    string.ascii_uppercase * 2 + string.digits + "+/",
    string.digits + string.ascii_uppercase * 2 + "+/",
    (string.digits + string.ascii_uppercase) * 2,
    string.digits * 2,
    string.hexdigits.upper() * 2,
    string.ascii_uppercase + "=/",
)


def is_sequential(value: str) -> bool:
    """Return True when ``value`` is a run of the alphabet or of digits."""
    upper = value.upper()
    return any(upper in sequence for sequence in _SEQUENCES)


def is_placeholder(value: str) -> bool:
    """Return True when ``value`` is a template, mask, sequence, empty
    value or a stand-in word."""
    stripped = value.strip().strip("'\"`")
    if not stripped:
        return True
    if _TEMPLATE.match(stripped) or _MASK.match(stripped) or is_sequential(stripped):
        return True
    if _EMBEDDED_TEMPLATE.search(stripped):
        return True
    words = [word for word in _WORD_SPLIT.split(stripped) if word]
    return bool(words) and all(
        word.lower() in PLACEHOLDER_WORDS or word.isdigit() for word in words
    )


def is_environment_name(value: str) -> bool:
    """Return True when ``value`` names an environment variable (``DB_PASSWORD``)."""
    return _ENVIRONMENT_NAME.match(value) is not None
