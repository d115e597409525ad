from __future__ import annotations

import pytest

from fisio_hooks.checkers.secrets.credentials import (
    is_credential_name,
    is_plainly_not_credential,
)
from fisio_hooks.checkers.secrets.env_files import is_env_file
from fisio_hooks.checkers.secrets.placeholders import is_placeholder


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "<password>",
        "${MONGO_PASSWORD}",
        "${DB_PASSWORD:-local}",
        "$DB_PASSWORD",
        "{password}",
        "{}",
        "%(password)s",
        "%s",
        "{{ vault_token }}",
        "{{ .Values.mongo.password }}",
        "%PASSWORD%",
        "@db.password@",
        "****",
        "xxx",
        "XXXXXXXX",
        "........",
        "aaaaaaaa",
        "00000000",
        "password",
        "changeme",
        "change_me",
        "your-api-key",
        "test-password-1",
        "dummy",
        "fake_token",
        "example",
        "0123456789",
        "abcdef",
        "prefix-${TOKEN}",
        "guest",
    ],
)
def test_placeholder(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "hunter2",
        "S3cr3t-Pw-2024",
        "Tr0ub4dor&3",
        "Password123",
        "9f3c1a7e55d24b0c",  # pragma: allowlist secret
        "admin",
    ],
)
def test_not_placeholder(value: str) -> None:
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "name",
    [
        "password",
        "db_password",
        "DB_PASSWORD",
        "mongoPassword",
        "passwd",
        "pwd",
        "secret",
        "client_secret",
        "clientSecret",
        "token",
        "authToken",
        "api_key",
        "apiKey",
        "access_key",
        "secret_key",
        "private_key",
        "_password",
        "credentials",
    ],
)
def test_credential_name(name: str) -> None:
    assert is_credential_name(name)


@pytest.mark.parametrize(
    "name",
    [
        "password_field",
        "token_url",
        "secret_name",
        "token_type",
        "access_key_id",
        "keyboard",
        "passenger",
        "tokens_used",
    ],
)
def test_not_credential_name(name: str) -> None:
    assert not is_credential_name(name)


@pytest.mark.parametrize(
    "value",
    [
        "Enter your password",
        "GITHUB_TOKEN",
        "https://auth.internal/token",
        "/run/secrets/api_key",
        "fisio.settings.secret",
    ],
)
def test_plainly_not_credential(value: str) -> None:
    assert is_plainly_not_credential(value)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".env", True),
        (".env.production", True),
        ("config/.env.local", True),
        ("production.env", True),
        (".env.example", False),
        (".env.sample", False),
        (".env.template", False),
        (".env.dist", False),
        ("env.py", False),
        (".envrc", False),
    ],
)
def test_env_file_names(path: str, expected: bool) -> None:
    assert is_env_file(path) is expected
