"""FIS503 on Python sources, built in memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from fisio_hooks.checkers.secrets.credentials import find_credentials
from fisio_hooks.engine.source import decode_python

# A made-up value, split so that no line here holds it whole.
VALUE = "Qz7-Lm2" + "-Wx9-Rt4"


def _found(code: str) -> list[tuple[int, str]]:
    source = decode_python(Path("example.py"), "example.py", code.encode())
    return [(candidate.line, candidate.code) for candidate in find_credentials(source)]


@pytest.mark.parametrize(
    "code",
    [
        f'password = "{VALUE}"\n',
        f'db_password: str = "{VALUE}"\n',
        f'authToken = "{VALUE}"\n',
        f'settings.client_secret = "{VALUE}"\n',
        f'config["api_key"] = "{VALUE}"\n',
        f'connect(passwd="{VALUE}")\n',
        f'CONFIG = {{"secret_key": "{VALUE}"}}\n',
        f'def login(user, pwd="{VALUE}"):\n    pass\n',
        f'def fetch(token: str = "{VALUE}"):\n    pass\n',
        f'password \\\n    = "{VALUE}"\n',
        f'PRIVATE_KEY = (\n    "{VALUE}"\n)\n',
    ],
    ids=[
        "assignment",
        "annotated",
        "camel-case",
        "attribute",
        "subscript",
        "keyword",
        "dict-key",
        "default",
        "typed-default",
        "continuation",
        "parenthesized",
    ],
)
def test_credential_reported(code: str) -> None:
    assert [found[1] for found in _found(code)] == ["FIS503"]


@pytest.mark.parametrize(
    "code",
    [
        'password = os.environ["DB_PASSWORD"]\n',
        'token = f"Bearer {api_token}"\n',
        'password = b"raw-bytes"\n',
        "password = None\n",
        'user = "fisio"\n',
        f'note = "{VALUE}"\n',
        'password = ""\n',
        'token = "<token>"\n',
    ],
    ids=[
        "environment",
        "f-string",
        "bytes",
        "none",
        "other-name",
        "plain-name",
        "empty",
        "placeholder",
    ],
)
def test_credential_silent(code: str) -> None:
    assert _found(code) == []
