"""Fake secrets and a project folder for the secrets checker's tests.

The values are made up for these tests and are built from two halves,
so that no line of this file holds a whole secret.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_files

MONGO_PASSWORD = "Tq4-Wn8" + "-Zr2-Lp6"  # pragma: allowlist secret
API_KEY = "Hv3-Kd7" + "-Xs1-Bm5"  # pragma: allowlist secret
GITHUB_TOKEN = "ghp_" + "4fK9tQ2wX7mB3nR8" + "vL1pZ6yH0cJ5dS9aE2gU"
AWS_ACCESS_KEY = "AKIAQ7XK2M" + "4N6P8R3T5V"
ENV_SECRET = "Ow9-Fe2" + "-Gy4-Jc8"  # pragma: allowlist secret
SECRETS = (MONGO_PASSWORD, API_KEY, GITHUB_TOKEN, AWS_ACCESS_KEY, ENV_SECRET)

PROJECT: dict[str, str | bytes] = {
    "pyproject.toml": "[tool.fisio-hooks]\n",
    "app.py": (
        f'MONGO_URL = "mongodb://fisio:{MONGO_PASSWORD}@db.internal/fisio"\n'
        f'client = Client(api_key="{API_KEY}")\n'
        f'GITHUB = "{GITHUB_TOKEN}"\n'
        f'AWS = "{AWS_ACCESS_KEY}"\n'
    ),
    ".env": f"SECRET_KEY={ENV_SECRET}\n",
    "clean.py": "import os\n\nTOKEN = os.environ['API_TOKEN']\n",
}


def make_project(root: Path, extra: dict[str, str | bytes] | None = None) -> Path:
    write_files(root, {**PROJECT, **(extra or {})})
    return root


def leaked_secrets(text: str) -> int:
    """Return how many of the fake secrets appear whole in ``text``."""
    return sum(1 for secret in SECRETS if secret in text)
