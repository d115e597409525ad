from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from fisio_hooks.checkers.secrets import plugins
from fisio_hooks.checkers.secrets.candidates import Candidate
from fisio_hooks.checkers.secrets.masking import mask
from tests.conftest import CliRun
from tests.secrets_support import SECRETS, leaked_secrets, make_project

RunCli = Callable[[Sequence[str]], CliRun]


@pytest.mark.parametrize(
    ("secret", "expected"),
    [
        ("S3cr3t-password", "S3cr****"),
        ("abcdefgh", "abcd****"),
        ("abcdef", "abc****"),
        ("abc", "a****"),
        ("x", "****"),
        ("", "****"),
    ],
)
def test_mask_shows_at_most_four(secret: str, expected: str) -> None:
    assert mask(secret) == expected


def test_mask_never_shows_half() -> None:
    for length in range(1, 12):
        secret = "q" * length
        shown = len(mask(secret)) - len("****")
        assert shown <= length // 2


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_formats_mask_secrets(
    output_format: str,
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    result = run_cli(
        ["check", "--checker", "secrets", "--format", output_format, "-v", "."]
    )
    assert result.exit_code == 1
    leaked = leaked_secrets(result.stdout + result.stderr)
    assert leaked == 0, f"{leaked} secrets printed in {output_format} output"


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_formats_show_prefix(
    output_format: str,
    run_cli: RunCli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    result = run_cli(["check", "--checker", "secrets", "--format", output_format, "."])
    # Booleans, so that a failure never prints the output, which would
    # show a secret if masking were broken.
    shown = [mask(secret) in result.stdout for secret in SECRETS]
    assert all(shown)


def test_json_findings_carry_codes(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_project(tmp_path))
    result = run_cli(["check", "--checker", "secrets", "--format", "json", "."])
    codes = sorted({str(finding["code"]) for finding in json.loads(result.stdout)})
    assert codes == ["FIS501", "FIS503", "FIS504", "FIS511", "FIS513", "FIS517"]


def test_exception_detail_withheld(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_scan(path: str, config: object) -> list[plugins.PluginSecret]:
        raise ValueError(f"cannot parse {SECRETS[0]}")

    monkeypatch.setattr(plugins, "scan_file", failing_scan)
    monkeypatch.setattr(
        plugins, "scan_lines", lambda *arguments: failing_scan("", None)
    )
    monkeypatch.chdir(make_project(tmp_path))
    result = run_cli(["check", "--checker", "secrets", "-v", "app.py"])
    assert result.exit_code == 2
    reported = "FIS009" in result.stdout
    assert reported
    withheld = "details withheld" in result.stdout
    assert withheld
    leaked = leaked_secrets(result.stdout + result.stderr)
    assert leaked == 0, f"{leaked} secrets printed with the internal error"


def test_candidate_repr_hides_secret() -> None:
    candidate = Candidate("FIS503", 1, 1, 5, SECRETS[1], "Secret Keyword", "message")
    leaked = SECRETS[1] in repr(candidate)
    assert not leaked


def test_plugin_secret_repr_hides_secret() -> None:
    found = plugins.PluginSecret("Secret Keyword", "KeywordDetector", SECRETS[1], 3)
    leaked = SECRETS[1] in repr(found)
    assert not leaked
