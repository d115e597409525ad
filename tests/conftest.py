from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from fisio_hooks.cli.main import main

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = REPOSITORY / "fixtures"


@dataclass
class CliRun:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> list[dict[str, object]]:
        findings: list[dict[str, object]] = json.loads(self.stdout)
        return findings


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[[Sequence[str]], CliRun]:
    """Run ``fisio-hooks`` in this process, as the console script does."""

    def run(argv: Sequence[str]) -> CliRun:
        capsys.readouterr()
        exit_code = main(list(argv))
        captured = capsys.readouterr()
        return CliRun(exit_code, captured.out, captured.err)

    return run


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    """Create ``files`` (relative path to content) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


FISIO_PACKAGE: dict[str, str | bytes] = {
    "pyproject.toml": "[tool.fisio-hooks]\n",
    "fisio/__init__.py": "",
    "fisio/billing/__init__.py": "",
    "fisio/billing/tax.py": "RATE = 0.2\n",
    "fisio/billing/invoice.py": "from .tax import RATE\n\nTOTAL = RATE\n",
}
